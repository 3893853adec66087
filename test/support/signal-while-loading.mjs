// `node --import` this to send decklab SIGTERM while it loads its commands
// (when `cli/run-cli.js` is resolved), then let the loading go on: a signal
// in the tenth of a second before any command runs, made deterministic.
import { register } from 'node:module'
import { isMainThread } from 'node:worker_threads'

// Module hooks run on their own thread, which loads this file again.
if (isMainThread) register(import.meta.url)

export async function resolve(specifier, context, next) {
  if (specifier.endsWith('cli/run-cli.js')) {
    process.kill(process.pid, 'SIGTERM')
    // Long enough for the signal to reach the process before loading goes on.
    await new Promise((resolve) => setTimeout(resolve, 300))
  }
  return next(specifier, context)
}
