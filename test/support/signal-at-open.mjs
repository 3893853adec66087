// Preloaded into decklab (`NODE_OPTIONS=--import=<this file's URL>`): decklab sends itself
// SIGINT (a Ctrl-C) as it first opens a path ending in SIGNAL_AT_OPEN, then goes on. The
// handler runs at the next turn of the event loop, as a real key's would: a Ctrl-C in the
// middle of a read, made deterministic.
import fs from 'node:fs'
import { syncBuiltinESMExports } from 'node:module'

const { openSync } = fs
const target = process.env.SIGNAL_AT_OPEN
let sent = false

fs.openSync = function (path, ...rest) {
  if (target && !sent && String(path).endsWith(target)) {
    sent = true
    process.kill(process.pid, 'SIGINT')
  }
  return openSync.call(this, path, ...rest)
}

syncBuiltinESMExports()
