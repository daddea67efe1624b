// Oracle for Filecoin piece CIDs: computes them with @web3-storage/data-segment for prefixes of one file.
//
// usage:  node piece-cid.mjs <file>   stdin: { "sizes": [payloadSize...] }
// stdout: [ { "size": n, "v1": "baga6ea4seaq...", "v2": "bafkzcib...", "height": h, "padding": p } ... ]
//         v2 is Piece.fromPayload(bytes).link, v1 is Piece.toInfo(piece).link, for the first n bytes.
import { readFileSync } from 'node:fs'
import { Piece } from '@web3-storage/data-segment'
import { readJsonFromStdin, runMain, writeJson } from './lib/io.mjs'

runMain(async () => {
  const path = process.argv[2]
  if (path == null) {
    throw new Error('usage: piece-cid.mjs <file>')
  }
  const { sizes } = await readJsonFromStdin()
  const bytes = readFileSync(path)
  writeJson(sizes.map((size) => {
    if (size > bytes.length) {
      throw new Error(`size ${size} exceeds the ${bytes.length} bytes of ${path}`)
    }
    const piece = Piece.fromPayload(bytes.subarray(0, size))
    return {
      size,
      v1: Piece.toInfo(piece).link.toString(),
      v2: piece.link.toString(),
      height: piece.height,
      padding: Number(piece.padding)
    }
  }))
})
