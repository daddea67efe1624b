// ipfs-unixfs-importer always names blocks with sha2-256 (its utils/persist.js imports `sha256` and
// calls CID.create). Kubo also supports other hash functions and identity-inlining of small blocks
// (`ipfs add --hash`, `--inline`). The module hooks in importer-hooks.mjs give persist.js this module
// instead of multiformats' sha2 and cid modules, so every block the importer writes is named as Kubo
// would name it; the DAG layout, chunking and encoding stay entirely the importer's own.
import { CID as RealCID } from 'multiformats/cid'
import { identity } from 'multiformats/hashes/identity'
import { sha256 as realSha256, sha512 } from 'multiformats/hashes/sha2'

const HASHERS = new Map([
  ['sha2-256', realSha256],
  ['sha2-512', sha512]
])

let selectedHasher = realSha256
let inlineLimit = -1

/** Chooses how the following imports name blocks; inline names blocks of at most `limit` bytes by identity. */
export function selectNaming ({ hash = 'sha2-256', inline = false, inlineLimit: limit = 32 } = {}) {
  const hasher = HASHERS.get(hash)
  if (hasher == null) {
    throw new Error(`unsupported hash function ${hash}; supported: ${[...HASHERS.keys()].join(', ')}`)
  }
  selectedHasher = hasher
  inlineLimit = inline ? limit : -1
}

export const sha256 = {
  name: 'selected-by-strata',
  get code () { return selectedHasher.code },
  digest (bytes) {
    return bytes.length <= inlineLimit ? identity.digest(bytes) : selectedHasher.digest(bytes)
  }
}

// An identity-named block is always CIDv1 in Kubo (go-cidutil's InlineBuilder), whatever the parent's version.
export const CID = {
  create (version, code, multihash) {
    return RealCID.create(multihash.code === identity.code ? 1 : version, code, multihash)
  }
}

