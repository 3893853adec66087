// Preloaded into decklab (`NODE_OPTIONS=--import=<this file's URL>`) by the write-back tests:
// runs a shell command (in decklab's folder, `$PPID` being decklab) at an exact point of the
// ID write-back, so a test holds the moment instead of racing for it:
//
// - HOOK_AFTER_LOCK: right after the vault lock `.decklab.lock` is taken (the first time only,
//   unless HOOK_AFTER_EVERY_LOCK is set);
// - HOOK_AFTER_TEMP_OPEN: right after a write-back temp file (`*.decklab-tmp`) is created;
// - HOOK_BEFORE_RENAME: right before a temp file is renamed over its note.
//
// HOOK_AFTER_TEMP_OPEN_AT and HOOK_BEFORE_RENAME_AT pick which occurrence (1 = the first,
// the default); each command runs once.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import { syncBuiltinESMExports } from 'node:module'

const env = process.env
const counts = { open: 0, rename: 0 }

function run(command) {
  const result = spawnSync('sh', ['-c', command], { stdio: ['ignore', 'ignore', 'inherit'] })
  if (result.status !== 0) process.stderr.write(`hook failed: ${command}\n`)
}

const isTemp = (path) => String(path).endsWith('.decklab-tmp')

const { linkSync, openSync, renameSync } = fs

fs.linkSync = function (existing, path) {
  const result = linkSync.call(this, existing, path)
  if (env.HOOK_AFTER_LOCK && String(path).endsWith('.decklab.lock')) {
    const command = env.HOOK_AFTER_LOCK
    if (!env.HOOK_AFTER_EVERY_LOCK) env.HOOK_AFTER_LOCK = ''
    run(command)
  }
  return result
}

fs.openSync = function (path, flags, mode) {
  const descriptor = openSync.call(this, path, flags, mode)
  if (env.HOOK_AFTER_TEMP_OPEN && isTemp(path)) {
    counts.open += 1
    if (counts.open === Number(env.HOOK_AFTER_TEMP_OPEN_AT ?? 1)) run(env.HOOK_AFTER_TEMP_OPEN)
  }
  return descriptor
}

fs.renameSync = function (from, to) {
  if (env.HOOK_BEFORE_RENAME && isTemp(from)) {
    counts.rename += 1
    if (counts.rename === Number(env.HOOK_BEFORE_RENAME_AT ?? 1)) run(env.HOOK_BEFORE_RENAME)
  }
  return renameSync.call(this, from, to)
}

syncBuiltinESMExports()
