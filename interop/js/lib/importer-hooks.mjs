// Installs the resolution hook described in importer-hashing.mjs. Import this module before the importer.
import { registerHooks } from 'node:module'

const PERSIST_MODULE = /\/ipfs-unixfs-importer\/dist\/src\/utils\/persist\.js$/
const NAMING_MODULE_URL = new URL('./importer-hashing.mjs', import.meta.url).href
const REDIRECTED = new Set(['multiformats/hashes/sha2', 'multiformats/cid'])

registerHooks({
  resolve (specifier, context, nextResolve) {
    if (REDIRECTED.has(specifier) && PERSIST_MODULE.test(context.parentURL ?? '')) {
      return { url: NAMING_MODULE_URL, format: 'module', shortCircuit: true }
    }
    return nextResolve(specifier, context)
  }
})
