/**
 * The judging thread (started by `judging-thread.ts`): judges one big note,
 * or all of its mutants, per message, against the lab results it was started
 * with. Judging is synchronous, so on decklab's main thread a long note
 * kept a signal out until it was judged whole; here the main thread stays
 * free to hear it, and ends this thread.
 */
import { parentPort, workerData } from 'node:worker_threads'
import * as judge from '../../verify/judge.js'
import * as mutants from '../../verify/mutants.js'
import { renderFields } from './judge-rendered.js'
import type { ThreadData, ThreadReply, ThreadRequest } from './judging-thread.js'

const port = parentPort
if (port === null) throw new Error('judge-thread.ts runs as a worker thread')
const { results, knownLabs } = workerData as ThreadData

// A throw here ends the thread with an error, which the main thread throws in turn.
port.on('message', ({ task, note }: ThreadRequest) => {
  let reply: ThreadReply
  if (task === 'judge') {
    reply = { verdict: judge.judgeNote(note, results, renderFields, knownLabs) }
  } else {
    const planned = mutants.plannedMutants(note, results, renderFields, knownLabs)
    reply =
      planned === undefined
        ? {}
        : {
            verdict: planned.verdict,
            judged: planned.mutations.map((mutation) =>
              mutants.judgeMutation(
                note,
                mutation,
                planned.verdict,
                results,
                renderFields,
                knownLabs,
              ),
            ),
          }
  }
  port.postMessage(reply)
})
