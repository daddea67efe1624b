// Oracle for CAR files: reads one with @ipld/car, checks that every block's bytes hash to its CID,
// and prints what the file holds.
//
// usage:  node car-verify.mjs <file.car>
// stdout: { "version": 1, "roots": [cid...], "blocks": [ { "cid": cid, "size": bytes } ... ] } in file order
// Exits non-zero with the reason on stderr if the file does not parse or a block does not match its CID.
import { createReadStream } from 'node:fs'
import { CarBlockIterator } from '@ipld/car/iterator'
import { equals } from 'multiformats/bytes'
import { identity } from 'multiformats/hashes/identity'
import { sha256, sha512 } from 'multiformats/hashes/sha2'
import { runMain, writeJson } from './lib/io.mjs'

const HASHERS = new Map([sha256, sha512, identity].map((hasher) => [hasher.code, hasher]))

async function verifyBlock ({ cid, bytes }) {
  const hasher = HASHERS.get(cid.multihash.code)
  if (hasher == null) {
    throw new Error(`block ${cid}: no hasher for multihash code 0x${cid.multihash.code.toString(16)}`)
  }
  const digest = await hasher.digest(bytes)
  if (!equals(digest.bytes, cid.multihash.bytes)) {
    throw new Error(`block ${cid}: its ${bytes.length} bytes hash to a different digest`)
  }
}

runMain(async () => {
  const path = process.argv[2]
  if (path == null) {
    throw new Error('usage: car-verify.mjs <file.car>')
  }
  const reader = await CarBlockIterator.fromIterable(createReadStream(path))
  const blocks = []
  for await (const block of reader) {
    await verifyBlock(block)
    blocks.push({ cid: block.cid.toString(), size: block.bytes.length })
  }
  writeJson({
    version: reader.version,
    roots: (await reader.getRoots()).map((root) => root.toString()),
    blocks
  })
})
