// Oracle for `ipfs add`: imports files with the reference JS importer configured as Kubo configures
// boxo's importer, and prints the CIDs.
//
// stdin:  { "cases": [ { "files": [ { "path": "a/b.txt", "file": "/tmp/x" }, ... ], "options": { ... } } ] }
//   file      a local file (its content is imported) or directory (imported recursively, entries sorted
//             by name); omit it to add an empty directory at `path`. Omit `path` to add a bare file.
//   length    optional: import only the file's first `length` bytes
//   symlink   instead of file: add a symlink to this target at `path` (symlinks inside a directory
//             on disk are added as symlinks too, never followed, as `ipfs add -r` does)
//   options   { cidVersion: 0|1, rawLeaves: true|false|null (null: Kubo's default, raw for CIDv1),
//               chunkSize, layout: "balanced"|"trickle", maxLinks, hash: "sha2-256"|"sha2-512",
//               inline, inlineLimit, hamtShardThreshold, wrapWithDirectory, listBlocks,
//               carFile: a path to write the DAG to as a CARv1 with @ipld/car, as `ipfs dag export` would:
//               the root as the only root, then the listed blocks in their order }
// stdout: { "results": [ { "root": cid, "size": dagSize, "entries": [ { "path", "cid", "size" } ],
//                          "blocks": [cid...] (only with listBlocks: the non-identity blocks reachable
//                          from the root, in depth-first order) } ] }
import './lib/importer-hooks.mjs'
import { createReadStream, createWriteStream } from 'node:fs'
import { readdir, readFile, readlink, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { CarWriter } from '@ipld/car/writer'
import * as dagPb from '@ipld/dag-pb'
import { identity } from 'multiformats/hashes/identity'
import { selectNaming } from './lib/importer-hashing.mjs'
import { readJsonFromStdin, runMain, writeJson } from './lib/io.mjs'

// Loaded only now: static imports are all resolved before importer-hooks.mjs runs.
const { importer } = await import('ipfs-unixfs-importer')
const { fixedSize } = await import('ipfs-unixfs-importer/chunker')
const { balanced, trickle } = await import('ipfs-unixfs-importer/layout')

const KUBO_CHUNK_SIZE = 262_144
const KUBO_MAX_LINKS = 174
const KUBO_TRICKLE_LAYER_REPEAT = 4
const KUBO_HAMT_SHARD_THRESHOLD = 262_144
const READ_BUFFER_SIZE = 1 << 20

/**
 * Importer options reproducing Kubo: boxo's balanced layout keeps a lone leaf as the root and writes
 * UnixFS `file` leaves; its trickle layout always puts a file node above the leaves and writes UnixFS
 * `raw` leaves; a hash other than sha2-256 forces CIDv1; raw leaves default to on for CIDv1.
 */
function kuboImporterOptions (options) {
  const hash = options.hash ?? 'sha2-256'
  const cidVersion = hash === 'sha2-256' ? (options.cidVersion ?? 0) : 1
  const rawLeaves = options.rawLeaves ?? cidVersion === 1
  const chunkSize = options.chunkSize ?? KUBO_CHUNK_SIZE
  const maxChildrenPerNode = options.maxLinks ?? KUBO_MAX_LINKS
  const isTrickle = (options.layout ?? 'balanced') === 'trickle'
  if (!isTrickle && options.layout != null && options.layout !== 'balanced') {
    throw new Error(`unknown layout ${options.layout}`)
  }
  return {
    cidVersion,
    rawLeaves,
    leafType: isTrickle ? 'raw' : 'file',
    reduceSingleLeafToSelf: !isTrickle,
    chunker: fixedSize({ chunkSize }),
    layout: isTrickle
      ? trickle({ maxChildrenPerNode, layerRepeat: KUBO_TRICKLE_LAYER_REPEAT })
      : balanced({ maxChildrenPerNode }),
    wrapWithDirectory: options.wrapWithDirectory ?? false,
    shardSplitThresholdBytes: options.hamtShardThreshold ?? KUBO_HAMT_SHARD_THRESHOLD,
    shardSplitStrategy: 'links-bytes',
    shardFanoutBits: 8,
    fieldOrder: 'links-first'
  }
}

async function * candidatesOf (entry) {
  if (entry.symlink != null) {
    yield { path: entry.path, link: entry.symlink }
    return
  }
  if (entry.file == null) {
    if (entry.path == null) {
      throw new Error('an entry needs a path, a file, or both')
    }
    yield { path: entry.path }
    return
  }
  const info = await stat(entry.file)
  if (info.isDirectory()) {
    yield * directoryCandidates(entry.file, entry.path ?? '')
  } else {
    yield await fileCandidate(entry.path, entry.file, entry.length)
  }
}

async function * directoryCandidates (directory, path) {
  yield { path }
  const children = (await readdir(directory, { withFileTypes: true }))
    .sort((a, b) => Buffer.compare(Buffer.from(a.name), Buffer.from(b.name)))
  for (const child of children) {
    const childPath = path === '' ? child.name : `${path}/${child.name}`
    if (child.isSymbolicLink()) {
      yield { path: childPath, link: await readlink(join(directory, child.name)) }
    } else if (child.isDirectory()) {
      yield * directoryCandidates(join(directory, child.name), childPath)
    } else {
      yield await fileCandidate(childPath, join(directory, child.name))
    }
  }
}

// Small whole files are read at once: a stream per file dominates the time of large directories.
const READ_AT_ONCE_UP_TO = 1 << 20

async function fileCandidate (path, file, length) {
  let content
  if (length === 0) {
    content = [] // createReadStream cannot read zero bytes: its `end` is inclusive
  } else if (length == null && (await stat(file)).size <= READ_AT_ONCE_UP_TO) {
    content = [await readFile(file)]
  } else {
    content = createReadStream(file, { highWaterMark: READ_BUFFER_SIZE, end: length == null ? undefined : length - 1 })
  }
  return path == null ? { content } : { path, content }
}

async function * allCandidates (files) {
  for (const entry of files) {
    yield * candidatesOf(entry)
  }
}

/** A blockstore that keeps blocks only when the caller wants the block list. */
function blockstoreFor (keepBlocks) {
  const blocks = new Map()
  return {
    blocks,
    async put (cid, bytes) {
      if (keepBlocks) {
        blocks.set(cid.toString(), { cid, bytes })
      }
      return cid
    }
  }
}

function reachableBlocks (root, blocks) {
  const order = []
  const seen = new Set()
  const visit = (cid) => {
    const key = cid.toString()
    if (seen.has(key)) {
      return
    }
    seen.add(key)
    const block = blocks.get(key)
    if (block == null) {
      throw new Error(`the importer linked ${key} but never wrote it`)
    }
    if (cid.multihash.code !== identity.code) {
      order.push(key)
    }
    if (cid.code === dagPb.code) {
      for (const link of dagPb.decode(block.bytes).Links) {
        visit(link.Hash)
      }
    }
  }
  visit(root)
  return order
}

async function writeCar (path, root, order, blocks) {
  const { writer, out } = CarWriter.create([root])
  const written = pipeline(Readable.from(out), createWriteStream(path))
  for (const key of order) {
    await writer.put(blocks.get(key))
  }
  await writer.close()
  await written
}

async function importCase ({ files, options = {} }) {
  selectNaming({ hash: options.hash, inline: options.inline, inlineLimit: options.inlineLimit })
  const listBlocks = options.listBlocks === true || options.carFile != null
  const blockstore = blockstoreFor(listBlocks)
  const entries = []
  for await (const entry of importer(allCandidates(files), blockstore, kuboImporterOptions(options))) {
    entries.push({ path: entry.path ?? '', cid: entry.cid.toString(), size: Number(entry.size) })
  }
  if (entries.length === 0) {
    throw new Error('the importer produced nothing')
  }
  const root = entries[entries.length - 1]
  const result = { root: root.cid, size: root.size, entries }
  if (listBlocks) {
    const rootCid = blockstore.blocks.get(root.cid).cid
    result.blocks = reachableBlocks(rootCid, blockstore.blocks)
    if (options.carFile != null) {
      await writeCar(options.carFile, rootCid, result.blocks, blockstore.blocks)
    }
  }
  return result
}

runMain(async () => {
  const request = await readJsonFromStdin()
  if (!Array.isArray(request.cases)) {
    throw new Error('expected {"cases": [...]} on stdin')
  }
  const results = []
  for (const testCase of request.cases) {
    results.push(await importCase(testCase))
  }
  writeJson({ results })
})
