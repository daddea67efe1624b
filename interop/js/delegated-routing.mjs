// Client for the delegated routing interop test: @helia/delegated-routing-v1-http-api-client asks our
// gateway's /routing/v1 endpoints for the providers of a CID and for a peer, and reports what it parsed.
//
// usage:  node delegated-routing.mjs   with stdin { "url": "http://127.0.0.1:8080", "cid": "<cid>", "peer": "<libp2p-key CID>" }
// stdout: { "providers": [{ "id", "addrs", "protocols" }], "peers": [{ "id", "addrs", "protocols" }] }
import { delegatedRoutingV1HttpApiClient } from '@helia/delegated-routing-v1-http-api-client'
import { CID } from 'multiformats/cid'
import { readJsonFromStdin, runMain, writeJson } from './lib/io.mjs'

/** The client only needs a logger from its libp2p components; this one stays quiet. */
function quietLogger () {
  const log = Object.assign(() => {}, { enabled: false })
  log.error = log
  log.trace = log
  return { forComponent: () => log }
}

function describe (record) {
  return {
    id: record.ID.toString(),
    addrs: record.Addrs.map((address) => address.toString()),
    protocols: record.Protocols
  }
}

runMain(async () => {
  const { url, cid, peer } = await readJsonFromStdin()
  if (url == null || cid == null || peer == null) {
    throw new Error('stdin needs { "url": gateway url, "cid": cid, "peer": peer id CID }')
  }
  const client = delegatedRoutingV1HttpApiClient({ url, cacheTTL: 0, timeout: 30_000 })({ logger: quietLogger() })
  try {
    const providers = []
    for await (const record of client.getProviders(CID.parse(cid))) {
      providers.push(describe(record))
    }
    const peers = []
    for await (const record of client.getPeers(CID.parse(peer))) {
      peers.push(describe(record))
    }
    writeJson({ providers, peers })
  } finally {
    await client.stop?.()
  }
  process.exit(0)
})
