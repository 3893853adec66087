// Preloaded into decklab (`NODE_OPTIONS=--import=<this file's URL>`): right after decklab
// renames a temp file to a path ending in AFTER_RENAME_TO, it runs the shell command
// AFTER_RENAME_RUN (once, in decklab's folder), so a test holds the moment another
// process's write lands instead of racing for it.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import { syncBuiltinESMExports } from 'node:module'

const { renameSync } = fs
const env = process.env

fs.renameSync = function (from, to) {
  const result = renameSync.call(this, from, to)
  if (env.AFTER_RENAME_TO && env.AFTER_RENAME_RUN && String(to).endsWith(env.AFTER_RENAME_TO)) {
    const command = env.AFTER_RENAME_RUN
    env.AFTER_RENAME_RUN = ''
    const run = spawnSync('sh', ['-c', command], { stdio: ['ignore', 'ignore', 'inherit'] })
    if (run.status !== 0) process.stderr.write(`hook failed: ${command}\n`)
  }
  return result
}

syncBuiltinESMExports()
