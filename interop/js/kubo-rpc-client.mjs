// Drives a live node's RPC API with the npm kubo-rpc-client, exactly as an application would, and checks
// every answer with node:assert against independent expectations: the well-known CIDs Kubo prints, the
// reference UnixFS importer run here with Kubo's parameters, CIDs computed here with multiformats, and
// the CAR reader of @ipld/car.
//
// usage:  kubo-rpc-client.mjs <api url, e.g. http://127.0.0.1:5001>
// stdout: { "checks": [name...], "peerId": string, "version": string, "cids": { name: cid },
//           "errors": { missing, malformed: the messages the client's rejections carried } }
//         (a failed check exits 1 with the assertion on stderr)
import assert from 'node:assert/strict'
import * as dagCbor from '@ipld/dag-cbor'
import { CarReader } from '@ipld/car/reader'
import { CarWriter } from '@ipld/car/writer'
import { peerIdFromString } from '@libp2p/peer-id'
import { importer } from 'ipfs-unixfs-importer'
import { fixedSize } from 'ipfs-unixfs-importer/chunker'
import { balanced } from 'ipfs-unixfs-importer/layout'
import { create } from 'kubo-rpc-client'
import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { sha256 } from 'multiformats/hashes/sha2'
import { runMain, writeJson } from './lib/io.mjs'

const HELLO_WORLD = new TextEncoder().encode('hello world\n')
const HELLO_WORLD_CID_V0 = 'QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o'
const HELLO_WORLD_CID_V1 = 'bafkreifjjcie6lypi6ny7amxnfftagclbuxndqonfipmb64f2km2devei4'
const BIG_FILE_SIZE = 5 * 1024 * 1024 + 12_345
const ERROR_TIMEOUT_MS = 2_000

// Kubo's defaults as boxo's importer applies them (interop/js/unixfs-add.mjs documents the mapping in full).
const KUBO_CHUNK_SIZE = 262_144
const KUBO_MAX_LINKS = 174
const KUBO_HAMT_SHARD_THRESHOLD = 262_144

function kuboImporterOptions ({ cidVersion = 0, wrapWithDirectory = false } = {}) {
  return {
    cidVersion,
    rawLeaves: cidVersion === 1,
    leafType: 'file',
    reduceSingleLeafToSelf: true,
    chunker: fixedSize({ chunkSize: KUBO_CHUNK_SIZE }),
    layout: balanced({ maxChildrenPerNode: KUBO_MAX_LINKS }),
    wrapWithDirectory,
    shardSplitThresholdBytes: KUBO_HAMT_SHARD_THRESHOLD,
    shardSplitStrategy: 'links-bytes',
    shardFanoutBits: 8,
    fieldOrder: 'links-first'
  }
}

/** Imports with the reference importer; returns its entries by path and every block it wrote. */
async function referenceImport (candidates, options) {
  const blocks = new Map()
  const blockstore = {
    async put (cid, bytes) {
      blocks.set(cid.toString(), bytes)
      return cid
    }
  }
  const entries = new Map()
  for await (const entry of importer(candidates, blockstore, kuboImporterOptions(options))) {
    entries.set(entry.path ?? '', entry.cid.toString())
  }
  return { entries, blocks }
}

/** Deterministic bytes (xorshift32), so a failure can be reproduced without shipping the data. */
function seededBytes (length, seed) {
  const bytes = new Uint8Array(length)
  let state = seed >>> 0 || 1
  for (let i = 0; i < length; i++) {
    state ^= state << 13
    state ^= state >>> 17
    state ^= state << 5
    state >>>= 0
    bytes[i] = state & 0xff
  }
  return bytes
}

async function concat (chunks) {
  const parts = []
  for await (const chunk of chunks) {
    parts.push(chunk)
  }
  return Buffer.concat(parts)
}

async function collect (iterable) {
  const items = []
  for await (const item of iterable) {
    items.push(item)
  }
  return items
}

/** Reads a ustar archive (with PAX `path` records) into [{ name, type, content }]. */
function readTar (archive) {
  const entries = []
  let paxPath = null
  let offset = 0
  while (offset + 512 <= archive.length) {
    const header = archive.subarray(offset, offset + 512)
    if (header.every((b) => b === 0)) {
      break
    }
    const field = (start, length) => header.subarray(start, start + length).toString('utf8').replace(/\0.*$/s, '')
    const size = parseInt(field(124, 12).trim() || '0', 8)
    const type = field(156, 1) || '0'
    const prefix = field(345, 155)
    const content = archive.subarray(offset + 512, offset + 512 + size)
    offset += 512 + Math.ceil(size / 512) * 512
    if (type === 'x') {
      const record = /\d+ path=([^\n]*)\n/.exec(content.toString('utf8'))
      paxPath = record == null ? null : record[1]
      continue
    }
    const name = paxPath ?? (prefix === '' ? field(0, 100) : `${prefix}/${field(0, 100)}`)
    paxPath = null
    entries.push({ name: name.replace(/\/$/, ''), type: type === '5' ? 'dir' : 'file', content })
  }
  return entries
}

async function rejection (promise) {
  try {
    await promise
  } catch (err) {
    return err
  }
  assert.fail('expected the call to be rejected')
}

runMain(async () => {
  const apiUrl = process.argv[2]
  if (apiUrl == null) {
    throw new Error('usage: kubo-rpc-client.mjs <api url>')
  }
  const ipfs = create({ url: `${apiUrl}/api/v0` })
  const checks = []
  const cids = {}
  const errors = {}
  const check = async (name, body) => {
    try {
      await body()
    } catch (err) {
      process.stderr.write(`check "${name}" failed\n`)
      throw err
    }
    checks.push(name)
  }

  await check('add', async () => {
    const added = await ipfs.add(HELLO_WORLD)
    assert.equal(added.cid.toString(), HELLO_WORLD_CID_V0)
    assert.equal(added.size, 20, 'the DAG size of a one-block UnixFS file is its block size')
  })

  await check('add cidVersion 1', async () => {
    const added = await ipfs.add(HELLO_WORLD, { cidVersion: 1 })
    assert.equal(added.cid.toString(), HELLO_WORLD_CID_V1)
    assert.equal(added.size, HELLO_WORLD.length)
  })

  const big = seededBytes(BIG_FILE_SIZE, 20261124)
  const bigReference = await referenceImport([{ content: [big] }], {})
  await check('add multi-MiB file', async () => {
    const added = await ipfs.add(big)
    assert.equal(added.cid.toString(), bigReference.entries.get(''))
    cids.big = added.cid.toString()
  })

  const tree = [
    { path: 'dir/a.txt', content: new TextEncoder().encode('alpha\n') },
    { path: 'dir/sub/b.txt', content: new TextEncoder().encode('bravo\n') },
    { path: 'dir/sub/c.bin', content: seededBytes(700_000, 7) },
    { path: 'dir/sub/empty', content: new Uint8Array(0) }
  ]
  const treeReference = await referenceImport(tree.map((file) => ({ path: file.path, content: [file.content] })),
    { cidVersion: 1, wrapWithDirectory: true })
  let wrapper
  await check('addAll nested directory', async () => {
    const added = await collect(ipfs.addAll(tree.map((file) => ({ path: file.path, content: file.content })),
      { cidVersion: 1, wrapWithDirectory: true }))
    const byPath = new Map(added.map((entry) => [entry.path, entry.cid.toString()]))
    assert.deepEqual([...byPath.keys()].sort(), [...treeReference.entries.keys()].sort())
    for (const [path, cid] of treeReference.entries) {
      assert.equal(byPath.get(path), cid, `CID of "${path}"`)
    }
    assert.equal(added[added.length - 1].path, '', 'the wrapping directory comes last')
    wrapper = added[added.length - 1].cid
    cids.wrapper = wrapper.toString()
  })

  await check('cat offset length', async () => {
    const offset = KUBO_CHUNK_SIZE * 3 - 1000
    const length = KUBO_CHUNK_SIZE + 5000
    const bytes = await concat(ipfs.cat(cids.big, { offset, length }))
    assert.ok(Buffer.from(big.subarray(offset, offset + length)).equals(bytes), 'the requested range')
    const whole = await concat(ipfs.cat(`/ipfs/${wrapper}/dir/sub/c.bin`))
    assert.ok(Buffer.from(tree[2].content).equals(whole), 'a file by path inside the directory')
  })

  await check('ls directory', async () => {
    const entries = await collect(ipfs.ls(`${wrapper}/dir/sub`))
    assert.deepEqual(entries.map((entry) => [entry.name, entry.type, entry.cid.toString(), entry.size]), [
      ['b.txt', 'file', treeReference.entries.get('dir/sub/b.txt'), 6],
      ['c.bin', 'file', treeReference.entries.get('dir/sub/c.bin'), 700_000],
      ['empty', 'file', treeReference.entries.get('dir/sub/empty'), 0]
    ])
    assert.deepEqual((await collect(ipfs.ls(wrapper))).map((entry) => [entry.name, entry.type]), [['dir', 'dir']])
  })

  await check('get tar', async () => {
    const entries = readTar(await concat(ipfs.get(`${wrapper}/dir`)))
    assert.deepEqual(entries.map((entry) => [entry.name, entry.type]), [
      ['dir', 'dir'], ['dir/a.txt', 'file'], ['dir/sub', 'dir'],
      ['dir/sub/b.txt', 'file'], ['dir/sub/c.bin', 'file'], ['dir/sub/empty', 'file']
    ])
    for (const file of tree) {
      const entry = entries.find((candidate) => candidate.name === file.path)
      assert.ok(Buffer.from(file.content).equals(entry.content), `content of ${file.path}`)
    }
  })

  await check('pin add ls rm', async () => {
    const unpinned = await ipfs.add(new TextEncoder().encode('pin me\n'), { pin: false })
    const recursivePins = async () => (await collect(ipfs.pin.ls({ type: 'recursive' }))).map((pin) => pin.cid.toString())
    assert.ok(!(await recursivePins()).includes(unpinned.cid.toString()), 'add --pin=false leaves it unpinned')
    assert.equal((await ipfs.pin.add(unpinned.cid)).toString(), unpinned.cid.toString())
    const listed = await collect(ipfs.pin.ls({ paths: [unpinned.cid] }))
    assert.deepEqual(listed.map((pin) => [pin.cid.toString(), pin.type]), [[unpinned.cid.toString(), 'recursive']])
    assert.ok((await recursivePins()).includes(unpinned.cid.toString()))
    assert.ok((await recursivePins()).includes(cids.wrapper), 'addAll pins its root by default')
    assert.equal((await ipfs.pin.rm(unpinned.cid)).toString(), unpinned.cid.toString())
    assert.ok(!(await recursivePins()).includes(unpinned.cid.toString()), 'pin rm removes it')
  })

  await check('block put get stat', async () => {
    const data = seededBytes(10_000, 99)
    const expected = CID.createV1(raw.code, await sha256.digest(data))
    const cid = await ipfs.block.put(data)
    assert.equal(cid.toString(), expected.toString())
    assert.ok(Buffer.from(data).equals(Buffer.from(await ipfs.block.get(cid))))
    const stat = await ipfs.block.stat(cid)
    assert.equal(stat.cid.toString(), expected.toString())
    assert.equal(stat.size, data.length)
  })

  let parent
  await check('dag put get path', async () => {
    const child = { b: 'the value at /a/b', n: 42 }
    const childCid = await ipfs.dag.put(child, { storeCodec: 'dag-cbor', hashAlg: 'sha2-256' })
    assert.equal(childCid.toString(), CID.createV1(dagCbor.code, await sha256.digest(dagCbor.encode(child))).toString())
    const parentNode = { a: childCid, label: 'parent' }
    parent = await ipfs.dag.put(parentNode)
    assert.equal(parent.toString(), CID.createV1(dagCbor.code, await sha256.digest(dagCbor.encode(parentNode))).toString())
    assert.equal((await ipfs.dag.get(parent, { path: '/a/b' })).value, child.b)
    assert.equal((await ipfs.dag.get(parent, { path: '/a/n' })).value, 42)
    assert.equal((await ipfs.dag.get(parent)).value.a.toString(), childCid.toString())
    const resolved = await ipfs.dag.resolve(parent, { path: '/a/b' })
    assert.equal(resolved.cid.toString(), childCid.toString())
    assert.equal(resolved.remainderPath, 'b')
    cids.dagParent = parent.toString()
  })

  await check('dag export', async () => {
    const verify = async (root, expectedBlocks) => {
      const reader = await CarReader.fromBytes(await concat(ipfs.dag.export(root)))
      assert.deepEqual((await reader.getRoots()).map(String), [root.toString()])
      const seen = []
      for await (const { cid, bytes } of reader.blocks()) {
        assert.equal(cid.multihash.code, sha256.code)
        assert.deepEqual(cid.multihash.digest, (await sha256.digest(bytes)).digest, `hash of ${cid}`)
        seen.push(cid.toString())
      }
      assert.deepEqual(seen.slice().sort(), expectedBlocks.slice().sort())
      return seen.length
    }
    assert.equal(await verify(parent, [cids.dagParent, (await ipfs.dag.get(parent)).value.a.toString()]), 2)
    assert.ok(await verify(wrapper, [...treeReference.blocks.keys()]) > 5, 'the directory export holds its whole DAG')
  })

  await check('dag import', async () => {
    const node = { imported: 'from a CAR written by @ipld/car' }
    const bytes = dagCbor.encode(node)
    const cid = CID.createV1(dagCbor.code, await sha256.digest(bytes))
    const { writer, out } = CarWriter.create([cid])
    const car = concat(out)
    await writer.put({ cid, bytes })
    await writer.close()
    const results = await collect(ipfs.dag.import([await car], { pinRoots: true }))
    assert.deepEqual(results.map(({ root }) => [root.cid.toString(), root.pinErrorMsg]), [[cid.toString(), '']])
    assert.deepEqual((await ipfs.dag.get(cid)).value, node)
    const pins = await collect(ipfs.pin.ls({ paths: [cid] }))
    assert.deepEqual(pins.map((pin) => pin.type), ['recursive'], 'pin-roots pinned the root')
  })

  await check('refs recursive', async () => {
    const refs = await collect(ipfs.refs(wrapper, { recursive: true, unique: true }))
    assert.ok(refs.every((ref) => ref.err == null || ref.err === ''), JSON.stringify(refs))
    const expected = [...treeReference.blocks.keys()].filter((cid) => cid !== wrapper.toString())
    assert.deepEqual(refs.map((ref) => ref.ref).sort(), expected.sort())
  })

  await check('block rm', async () => {
    const cid = await ipfs.block.put(new TextEncoder().encode('removed again'))
    const removed = await collect(ipfs.block.rm(cid))
    assert.deepEqual(removed.map((entry) => [entry.cid.toString(), entry.error]), [[cid.toString(), undefined]])
    await rejection(ipfs.block.stat(cid, { timeout: ERROR_TIMEOUT_MS }))
  })

  await check('files write read ls stat rm', async () => {
    await ipfs.files.mkdir('/kubo-client/dir', { parents: true })
    await ipfs.files.write('/kubo-client/dir/hello.txt', HELLO_WORLD, { create: true })
    assert.ok(Buffer.from(HELLO_WORLD).equals(await concat(ipfs.files.read('/kubo-client/dir/hello.txt'))))
    const listed = await collect(ipfs.files.ls('/kubo-client/dir'))
    assert.deepEqual(listed.map((entry) => [entry.name, entry.type]), [['hello.txt', 'file']])
    const stat = await ipfs.files.stat('/kubo-client/dir/hello.txt')
    assert.equal(stat.cid.toString(), HELLO_WORLD_CID_V0, 'MFS writes files as `ipfs add` does')
    assert.equal(stat.size, HELLO_WORLD.length)
    await ipfs.files.rm('/kubo-client', { recursive: true })
    assert.ok(!(await collect(ipfs.files.ls('/'))).some((entry) => entry.name === 'kubo-client'))
  })

  await check('repo stat', async () => {
    const stat = await ipfs.repo.stat()
    assert.ok(stat.numObjects > 0n, `numObjects ${stat.numObjects}`)
    assert.ok(stat.repoSize >= BigInt(BIG_FILE_SIZE), `repoSize ${stat.repoSize}`)
  })

  let version
  await check('version', async () => {
    version = (await ipfs.version()).version
    assert.match(version, /^\d+\.\d+\.\d+/)
  })

  let peerId
  await check('id', async () => {
    const id = await ipfs.id()
    peerId = id.id.toString()
    assert.equal(peerIdFromString(peerId).toString(), peerId)
    assert.equal(id.id.type, 'Ed25519')
  })

  await check('cat missing block rejects', async () => {
    const missing = CID.createV1(raw.code, await sha256.digest(new TextEncoder().encode('never added to this node')))
    const started = Date.now()
    const err = await rejection(concat(ipfs.cat(missing, { timeout: ERROR_TIMEOUT_MS })))
    assert.ok(Date.now() - started < ERROR_TIMEOUT_MS + 3_000, 'rejected in time')
    assert.ok(err.message.length > 0)
    errors.missing = err.message
  })

  await check('cat malformed CID rejects', async () => {
    const err = await rejection(concat(ipfs.cat('QmNotACid!!', { timeout: ERROR_TIMEOUT_MS })))
    assert.match(err.message, /invalid|cid|path/i)
    errors.malformed = err.message
  })

  writeJson({ checks, peerId, version, cids, errors })
})
