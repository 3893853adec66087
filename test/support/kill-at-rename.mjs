// Preloaded into decklab (`NODE_OPTIONS=--import=<this file's URL>`): decklab kills itself
// with SIGKILL right before it renames a temp file to a path ending in KILL_AT_RENAME_TO,
// as the OOM killer or a `kill -9` would at that moment, leaving that temp file behind.
import fs from 'node:fs'
import { syncBuiltinESMExports } from 'node:module'

const { renameSync } = fs
const target = process.env.KILL_AT_RENAME_TO

fs.renameSync = function (from, to) {
  if (target && String(to).endsWith(target)) process.kill(process.pid, 'SIGKILL')
  return renameSync.call(this, from, to)
}

syncBuiltinESMExports()
