// Preloaded into decklab (`NODE_OPTIONS=--import=<this file's URL>`): appends to the file
// DURABILITY_LOG one line per rename (`rename <from> <to>`) and per fsync (`fsync <path>`, the path of
// the descriptor as /proc names it), so a test can check that every rename was followed by an
// fsync of its folder, and count the fsyncs.
import fs from 'node:fs'
import { syncBuiltinESMExports } from 'node:module'

const log = process.env.DURABILITY_LOG
const { appendFileSync, fsyncSync, readlinkSync, renameSync } = fs

fs.renameSync = function (from, to) {
  const result = renameSync.call(this, from, to)
  if (log) appendFileSync(log, `rename ${from} ${to}\n`)
  return result
}

fs.fsyncSync = function (descriptor) {
  const result = fsyncSync.call(this, descriptor)
  if (log) appendFileSync(log, `fsync ${readlinkSync(`/proc/self/fd/${descriptor}`)}\n`)
  return result
}

syncBuiltinESMExports()
