// Preloaded into decklab (`NODE_OPTIONS=--import=<this file's URL>`): decklab stops itself
// (SIGSTOP, as Ctrl-Z or a loaded machine would pause it) right before it first unlinks a
// path ending in STOP_AT_UNLINK, until the test sends SIGCONT.
import fs from 'node:fs'
import { syncBuiltinESMExports } from 'node:module'

const { unlinkSync } = fs
const target = process.env.STOP_AT_UNLINK
let stopped = false

fs.unlinkSync = function (path) {
  if (target && !stopped && String(path).endsWith(target)) {
    stopped = true
    process.kill(process.pid, 'SIGSTOP')
  }
  return unlinkSync.call(this, path)
}

syncBuiltinESMExports()
