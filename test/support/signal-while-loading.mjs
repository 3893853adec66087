// `node --import` this to send decklab signals while it loads its commands
// (when `cli/run-cli.js` is resolved), then let the loading go on: a signal
// in the tenth of a second before any command runs, made deterministic.
// DECKLAB_TEST_LOADING_SIGNALS names them, comma-separated (default SIGTERM).
import { register } from 'node:module'
import { isMainThread } from 'node:worker_threads'

// Module hooks run on their own thread, which loads this file again.
if (isMainThread) register(import.meta.url)

const signals = (process.env.DECKLAB_TEST_LOADING_SIGNALS ?? 'SIGTERM').split(',')

export async function resolve(specifier, context, next) {
  if (specifier.endsWith('cli/run-cli.js')) {
    for (const signal of signals) {
      process.kill(process.pid, signal)
      // Long enough for each signal to reach the process before the next, and before loading goes on.
      await new Promise((resolve) => setTimeout(resolve, 300))
    }
  }
  return next(specifier, context)
}
