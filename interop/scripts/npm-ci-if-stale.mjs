// Runs `npm ci` in interop/ unless node_modules was already installed from this exact package-lock.json.
// Run with any Node.js (the one that comes with npm); the oracles themselves run on the pinned Node 22.
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const moduleDir = join(dirname(fileURLToPath(import.meta.url)), '..')
const lockFile = join(moduleDir, 'package-lock.json')
const marker = join(moduleDir, 'node_modules', '.strata-installed-lock.sha256')
const pinnedNode = join(moduleDir, 'node_modules', '.bin', 'node')

const lockHash = createHash('sha256').update(readFileSync(lockFile)).digest('hex')
const installedHash = existsSync(marker) ? readFileSync(marker, 'utf8').trim() : ''

if (installedHash === lockHash && existsSync(pinnedNode)) {
  console.log('interop/node_modules matches package-lock.json; skipping npm ci')
  process.exit(0)
}

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'
const install = spawnSync(npm, ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: moduleDir, stdio: 'inherit' })
if (install.status !== 0) {
  console.error(`npm ci failed in ${moduleDir} (exit ${install.status ?? install.signal})`)
  process.exit(1)
}
writeFileSync(marker, lockHash + '\n')
