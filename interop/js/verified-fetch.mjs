// Client for the gateway interop test: @helia/verified-fetch with our gateway as its only source of
// blocks. It fetches every block as a raw block (?format=raw) and checks each against its CID, so a
// successful fetch proves the gateway serves verifiable blocks and that they add up to the content.
//
// usage:  node verified-fetch.mjs   with stdin { "gateway": "http://127.0.0.1:8080", "path": "<cid>[/sub/path]" }
//         or { "gateway": url, "url": "ipns://<name>[/path]", "routers": [url] }: IPNS names are resolved through
//         the Delegated Routing V1 API of the routers (GET /routing/v1/ipns/<name>), records verified by js-ipns
// stdout: { "status": 200, "contentType": "...", "size": bytes, "sha256": "<hex of the body>" }
// Exits non-zero with the reason on stderr when verified-fetch cannot be created or the body fails to stream.
import { createHash } from 'node:crypto'
import { createVerifiedFetch } from '@helia/verified-fetch'
import { readJsonFromStdin, runMain, writeJson } from './lib/io.mjs'

runMain(async () => {
  const { gateway, path, url, routers = [] } = await readJsonFromStdin()
  if (gateway == null || (path == null && url == null)) {
    throw new Error('stdin needs { "gateway": url, "path": "<cid>[/path]" } or { "gateway", "url", "routers" }')
  }
  const verifiedFetch = await createVerifiedFetch({
    gateways: [gateway],
    routers,
    allowInsecure: true,
    allowLocal: true,
    // no DHT or other libp2p services: with nothing to bootstrap from, a DHT query would only delay the
    // fallback to the gateway until it timed out
    libp2pConfig: { addresses: { listen: [] }, transports: [], services: {}, peerDiscovery: [] }
  })
  try {
    const response = await verifiedFetch(url ?? `ipfs://${path}`, { signal: AbortSignal.timeout(90_000) })
    const hash = createHash('sha256')
    let size = 0
    if (response.body != null) {
      for await (const chunk of response.body) {
        hash.update(chunk)
        size += chunk.length
      }
    }
    writeJson({
      status: response.status,
      contentType: response.headers.get('content-type'),
      size,
      sha256: hash.digest('hex')
    })
  } finally {
    await verifiedFetch.stop()
  }
  // libp2p may keep sockets and timers alive after stop; the answer is already written
  process.exit(0)
})
