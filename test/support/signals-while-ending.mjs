// `node --import` this to send decklab SIGINT without pause from the moment its process
// starts ending (its first `exit` listener, this one) until it is gone: Ctrl-C as a
// command ends, made deterministic. A helper shell sends them, so they keep coming
// while Node tears the process down, when no JavaScript runs any more.
import { spawn } from 'node:child_process'

process.on('exit', () => {
  const flood = `while kill -INT ${process.pid} 2>/dev/null; do :; done`
  spawn('sh', ['-c', flood], { stdio: 'ignore', detached: true }).unref()
})
