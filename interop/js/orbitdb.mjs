// Oracle for OrbitDB v2 formats: @orbitdb/core 3.0.2's Identities, Entry, Log, access controller and
// manifest encodings, on in-memory storage (no IPFS node needed).
//
// usage:  node orbitdb.mjs write    stdin: { ownerKey, signingKey, identityName, logId, referencesCount,
//                                            payloads: [json...], manifest: { name, type, write: [ids] } }
//         The keys are hex raw secp256k1 private keys: ownerKey is stored under identityName (the
//         publickey provider's id key), signingKey under the hex owner public key (the key that signs
//         entries), so the identity is the one Identities.createIdentity({ id: identityName }) makes.
//         stdout: { identity: { hash, bytes, id, publicKey }, entries: [{ hash, bytes }] (append order),
//                   heads: [hash], values: [hash] (oldest first),
//                   accessController: { address, bytes }, manifest: { hash, bytes, address } }
//
//         node orbitdb.mjs verify   stdin: { logId, write: [ids], identities: [hex bytes], entries: [hex bytes] }
//         Verifies every identity (Identities.verifyIdentity) and entry (Entry.verify), then joins every
//         entry into an OrbitDB Log whose access controller is the ipfs controller's rule over `write`.
//         stdout: { identities: [{ hash, valid }], entries: [{ hash, valid }],
//                   join: { error } | { heads: [hash], values: [hash] } }
import { Entry, Identities, KeyStore, Log, MemoryStorage } from '@orbitdb/core'
import { decodeIdentity } from '@orbitdb/core/src/identities/identity.js'
import ManifestStore from '@orbitdb/core/src/manifest-store.js'
import * as Block from 'multiformats/block'
import * as dagCbor from '@ipld/dag-cbor'
import { sha256 } from 'multiformats/hashes/sha2'
import { base58btc } from 'multiformats/bases/base58'
import { privateKeyFromRaw } from '@libp2p/crypto/keys'
import { readJsonFromStdin, runMain, writeJson } from './lib/io.mjs'

const hex = (bytes) => Buffer.from(bytes).toString('hex')
const unhex = (text) => new Uint8Array(Buffer.from(text, 'hex'))

async function identitiesWith (keys) {
  const keystore = await KeyStore({ storage: await MemoryStorage() })
  for (const [name, raw] of keys) {
    await keystore.addKey(name, { privateKey: unhex(raw) })
  }
  const storage = await MemoryStorage()
  return { identities: await Identities({ keystore, storage }), storage }
}

async function write ({ ownerKey, signingKey, identityName, logId, referencesCount, payloads, manifest }) {
  const ownerPublic = hex(privateKeyFromRaw(unhex(ownerKey)).publicKey.raw)
  const { identities } = await identitiesWith([[identityName, ownerKey], [ownerPublic, signingKey]])
  const identity = await identities.createIdentity({ id: identityName })
  const entryStorage = await MemoryStorage()
  const log = await Log(identity, { logId, entryStorage })
  const entries = []
  for (const payload of payloads) {
    const entry = await log.append(payload, { referencesCount })
    entries.push({ hash: entry.hash, bytes: hex(await entryStorage.get(entry.hash)) })
  }
  const blocks = await MemoryStorage()
  const acManifest = { type: 'ipfs', write: manifest.write }
  const ac = await Block.encode({ value: acManifest, codec: dagCbor, hasher: sha256 })
  const acAddress = '/ipfs/' + ac.cid.toString(base58btc)
  const manifests = await ManifestStore({ storage: blocks })
  const created = await manifests.create({ name: manifest.name, type: manifest.type, accessController: acAddress })
  writeJson({
    identity: { hash: identity.hash, bytes: hex(identity.bytes), id: identity.id, publicKey: identity.publicKey },
    entries,
    heads: (await log.heads()).map(e => e.hash),
    values: (await log.values()).map(e => e.hash),
    accessController: { address: acAddress, bytes: hex(ac.bytes) },
    manifest: { hash: created.hash, bytes: hex(await blocks.get(created.hash)), address: '/orbitdb/' + created.hash }
  })
}

async function verify ({ logId, write, identities: identityBlocks, entries: entryBlocks }) {
  const verifierKey = hex(privateKeyFromRaw(new Uint8Array(32).fill(7)).raw)
  const { identities, storage } = await identitiesWith([['verifier', verifierKey]])
  const identityResults = []
  for (const bytes of identityBlocks) {
    const identity = await decodeIdentity(unhex(bytes))
    await storage.put(identity.hash, identity.bytes)
    identityResults.push({ hash: identity.hash, valid: await identities.verifyIdentity(identity) })
  }
  const entryStorage = await MemoryStorage()
  const decoded = []
  const entryResults = []
  for (const bytes of entryBlocks) {
    const entry = await Entry.decode(unhex(bytes))
    await entryStorage.put(entry.hash, unhex(bytes))
    decoded.push(entry)
    entryResults.push({ hash: entry.hash, valid: await Entry.verify(identities, entry) })
  }
  const access = {
    canAppend: async (entry) => {
      const writer = await identities.getIdentity(entry.identity)
      if (!writer || !(write.includes(writer.id) || write.includes('*'))) {
        return false
      }
      return identities.verifyIdentity(writer)
    }
  }
  const own = await identities.createIdentity({ id: 'verifier' })
  const log = await Log(own, { logId, entryStorage, access })
  let join
  try {
    for (const entry of decoded) {
      await log.joinEntry(entry)
    }
    join = { heads: (await log.heads()).map(e => e.hash), values: (await log.values()).map(e => e.hash) }
  } catch (err) {
    join = { error: err.message }
  }
  writeJson({ identities: identityResults, entries: entryResults, join })
}

runMain(async () => {
  const command = process.argv[2]
  const input = await readJsonFromStdin()
  if (command === 'write') {
    await write(input)
  } else if (command === 'verify') {
    await verify(input)
  } else {
    throw new Error('usage: orbitdb.mjs write|verify')
  }
})
