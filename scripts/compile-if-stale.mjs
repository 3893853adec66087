// `npm install` runs `prepare`, and so does the first `npx decklab` of a
// clone (npm links the package into its npx cache and prepares it again).
// Compiling takes seconds on a busy machine, so compile only when a source
// is newer than the last compile: `lib/.compiled` is touched after tsc
// succeeds. `npm run build` always compiles.
import { spawnSync } from 'node:child_process'
import { readdirSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const stampFile = join(root, 'lib', '.compiled')

/** The newest mtime among the TypeScript inputs and their folders (so removals count). */
function newestInput() {
  let newest = statSync(join(root, 'tsconfig.json')).mtimeMs
  const walk = (directory) => {
    newest = Math.max(newest, statSync(directory).mtimeMs)
    for (const entry of readdirSync(directory, { withFileTypes: true })) {
      const path = join(directory, entry.name)
      if (entry.isDirectory()) walk(path)
      else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs)
    }
  }
  for (const folder of ['src', 'labs']) walk(join(root, folder))
  return newest
}

function compiledAt() {
  try {
    return statSync(stampFile).mtimeMs
  } catch {
    return -1
  }
}

// Whether or not it compiles: a clone set up before the CLI moved to lib/ gets its old
// bin path forwarded to lib/ (scripts/forward-old-bin.mjs), which npx goes on running.
const forwarded = spawnSync(process.execPath, [join(root, 'scripts', 'forward-old-bin.mjs')], {
  stdio: 'inherit',
})
if (forwarded.status !== 0) process.exit(forwarded.status ?? 1)

if (compiledAt() > newestInput()) {
  process.stderr.write('decklab: lib/ is up to date with src/ and labs/; not compiling\n')
} else {
  process.stderr.write('decklab: compiling src/ and labs/ into lib/ (tsc)…\n')
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc')
  const result = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.json')], {
    stdio: 'inherit',
  })
  if (result.status !== 0) process.exit(result.status ?? 1)
  // What `build` reads instead of importing the labs and hashing its own modules on every run.
  for (const script of [
    'mark-bin-executable.mjs',
    'write-lab-catalog.mjs',
    'write-code-fingerprint.mjs',
  ]) {
    const written = spawnSync(process.execPath, [join(root, 'scripts', script)], {
      stdio: 'inherit',
    })
    if (written.status !== 0) process.exit(written.status ?? 1)
  }
  writeFileSync(stampFile, '')
  process.stderr.write('decklab: compiled; run `npx decklab build` to build the course\n')
}
