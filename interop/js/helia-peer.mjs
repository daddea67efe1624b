// A real IPFS peer for the libp2p interop tests: Helia with libp2p over TCP, Noise, Yamux, Identify, Ping
// and Bitswap, and nothing else (no HTTP gateways, no delegated routing, no DHT), on loopback.
//
// fetch: stdin { "mode": "fetch", "peer": "/ip4/127.0.0.1/tcp/4001/p2p/12D3...", "cid": "...", "timeoutMs": n }
//        dials the peer, pings it, reads what it says about itself (Identify), then reads the UnixFS file
//        through Bitswap (Helia verifies every block against its CID).
//        stdout { "bytes": n, "sha256": hex, "elapsedMs": time the file took, "cpuMs": CPU time it took,
//                 "pingMs": n, "agentVersion": s, "protocols": [...] }
// findProviders: stdin { "mode": "findProviders", "peer": multiaddr, "cid": "...", "timeoutMs": n }
//        runs the Kademlia DHT in client mode (loopback addresses kept), dials the peer so it enters the
//        routing table, and looks the CID's providers up through the DHT.
//        stdout { "providers": [ { "id": peer id, "multiaddrs": [...] } ] }
// serve: stdin { "mode": "serve", "size": n } or { "mode": "serve", "file": path }, optionally "layout": "kubo"
//        adds n random bytes (or the file's bytes) as a UnixFS file, with Helia's defaults (CIDv1, 1 MiB raw
//        leaves) or with "layout": "kubo" Kubo's (CIDv0, 256 KiB UnixFS leaves, 174 links), prints one JSON
//        line { "peer": multiaddr with /p2p/, "cid": root, "sha256": hex }, then serves Bitswap until stdin
//        closes, and prints { "connected": [peer ids seen], "cpuMs": CPU time spent serving } before exiting.
//        Every further line on stdin is answered with one line { "cpuMs": CPU time spent serving so far }.
import { createHash, randomBytes } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { withBitswap } from '@helia/bitswap'
import { withLibp2pLight } from '@helia/libp2p'
import { unixfs } from '@helia/unixfs'
import { fixedSize } from 'ipfs-unixfs-importer/chunker'
import { balanced } from 'ipfs-unixfs-importer/layout'
import { identify } from '@libp2p/identify'
import { kadDHT, passthroughMapper } from '@libp2p/kad-dht'
import { ping } from '@libp2p/ping'
import { tcp } from '@libp2p/tcp'
import { multiaddr } from '@multiformats/multiaddr'
import { createHeliaLight } from 'helia'
import { CID } from 'multiformats/cid'
import { runMain, writeJson } from './lib/io.mjs'

/**
 * The first JSON line on stdin, a promise that settles when stdin ends, and `onLine`, which sets the
 * handler of every later line.
 */
function readStdin () {
  let text = ''
  let first
  let later = () => {}
  const firstLine = new Promise((resolve, reject) => { first = { resolve, reject } })
  const ended = new Promise((resolve) => {
    process.stdin.on('data', (chunk) => {
      text += chunk.toString('utf8')
      let newline
      while ((newline = text.indexOf('\n')) >= 0) {
        const line = text.slice(0, newline)
        text = text.slice(newline + 1)
        if (first != null) {
          first.resolve(line)
          first = null
        } else {
          later(line)
        }
      }
    })
    process.stdin.on('end', () => {
      first?.resolve(text)
      resolve()
    })
  })
  return {
    request: firstLine.then((line) => JSON.parse(line)),
    ended,
    onLine: (handler) => { later = handler }
  }
}

async function startHelia (extraServices = {}) {
  const helia = withBitswap(withLibp2pLight(createHeliaLight(), {
    addresses: { listen: ['/ip4/127.0.0.1/tcp/0'] },
    transports: [tcp()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    services: { identify: identify(), ping: ping(), ...extraServices },
    connectionGater: { denyDialMultiaddr: () => false }
  }))
  await helia.start()
  return helia
}

async function fetch (request) {
  const helia = await startHelia()
  try {
    const signal = AbortSignal.timeout(request.timeoutMs ?? 60_000)
    const address = multiaddr(request.peer)
    const connection = await helia.libp2p.dial(address, { signal })
    const pingMs = await helia.libp2p.services.ping.ping(address, { signal })
    const hash = createHash('sha256')
    let bytes = 0
    const started = performance.now()
    const cpuBefore = process.cpuUsage()
    for await (const chunk of unixfs(helia).cat(CID.parse(request.cid), { signal })) {
      hash.update(chunk)
      bytes += chunk.length
    }
    const elapsedMs = performance.now() - started
    const cpu = process.cpuUsage(cpuBefore)
    const peer = await helia.libp2p.peerStore.get(connection.remotePeer)
    writeJson({
      bytes,
      elapsedMs,
      cpuMs: (cpu.user + cpu.system) / 1000,
      sha256: hash.digest('hex'),
      pingMs,
      agentVersion: new TextDecoder().decode(peer.metadata.get('AgentVersion') ?? new Uint8Array()),
      protocols: peer.protocols
    })
  } finally {
    await helia.stop()
  }
}

async function findProviders (request) {
  const helia = await startHelia({
    dht: kadDHT({ clientMode: true, peerInfoMapper: passthroughMapper, allowQueryWithZeroPeers: false })
  })
  try {
    const signal = AbortSignal.timeout(request.timeoutMs ?? 60_000)
    await helia.libp2p.dial(multiaddr(request.peer), { signal })
    while (helia.libp2p.services.dht.routingTable.size === 0) {
      signal.throwIfAborted()
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    const providers = []
    for await (const provider of helia.libp2p.contentRouting.findProviders(CID.parse(request.cid), { signal })) {
      providers.push({ id: provider.id.toString(), multiaddrs: provider.multiaddrs.map((address) => address.toString()) })
      break
    }
    writeJson({ providers })
  } finally {
    await helia.stop()
  }
}

async function serve (request, stdin) {
  const helia = await startHelia()
  const connected = new Set()
  helia.libp2p.addEventListener('peer:connect', (event) => connected.add(event.detail.toString()))
  const content = request.file != null ? await readFile(request.file) : randomBytes(request.size)
  const cid = await unixfs(helia).addBytes(content, importOptions(request.layout))
  const address = helia.libp2p.getMultiaddrs()[0]
  process.stdout.write(JSON.stringify({
    peer: address.toString(),
    cid: cid.toString(),
    sha256: createHash('sha256').update(content).digest('hex')
  }) + '\n')
  const serving = process.cpuUsage()
  const cpuMs = () => {
    const spent = process.cpuUsage(serving)
    return (spent.user + spent.system) / 1000
  }
  stdin.onLine(() => process.stdout.write(JSON.stringify({ cpuMs: cpuMs() }) + '\n'))
  await stdin.ended
  const spent = cpuMs()
  await helia.stop()
  writeJson({ connected: [...connected], cpuMs: spent })
}

/** Helia's own import defaults, or the ones Kubo's `ipfs add` uses (which also give Kubo's CIDs). */
function importOptions (layout) {
  if (layout === 'kubo') {
    return {
      cidVersion: 0,
      rawLeaves: false,
      leafType: 'file',
      chunker: fixedSize({ chunkSize: 262144 }),
      layout: balanced({ maxChildrenPerNode: 174 }),
      reduceSingleLeafToSelf: true
    }
  }
  return { cidVersion: 1, rawLeaves: true }
}

runMain(async () => {
  const stdin = readStdin()
  const request = await stdin.request
  if (request.mode === 'fetch') {
    await fetch(request)
  } else if (request.mode === 'findProviders') {
    await findProviders(request)
  } else if (request.mode === 'serve') {
    await serve(request, stdin)
  } else {
    throw new Error(`unknown mode ${request.mode}`)
  }
})
