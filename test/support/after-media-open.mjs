// Preloaded into decklab (`NODE_OPTIONS=--import=<this file's URL>`): runs the shell command
// HOOK_AFTER_MEDIA_OPEN (in decklab's folder) once, right after decklab first opens a file whose
// path ends with HOOK_MEDIA (to hash it), so a test edits a picture while the sync runs, exactly
// after its bytes were taken.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import { syncBuiltinESMExports } from 'node:module'

const { openSync } = fs
let done = false

fs.openSync = function (path, flags, mode) {
  const descriptor = openSync.call(this, path, flags, mode)
  const { HOOK_AFTER_MEDIA_OPEN: command, HOOK_MEDIA: media } = process.env
  if (!done && command && media && String(path).endsWith(media)) {
    done = true
    const result = spawnSync('sh', ['-c', command], { stdio: ['ignore', 'ignore', 'inherit'] })
    if (result.status !== 0) process.stderr.write(`hook failed: ${command}\n`)
  }
  return descriptor
}
syncBuiltinESMExports()
