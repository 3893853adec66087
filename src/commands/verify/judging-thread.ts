/**
 * Judging a big note on a thread of its own (`judge-thread.ts`), so that a
 * signal stops verify within it. Judging is synchronous and a signal's
 * handler runs only between two steps of the event loop: verify lets it in
 * between notes, but one note whose Back holds 200,000 pasted paragraphs
 * takes some 20 s to render and judge (the time grows with its length), and
 * SIGTERM waited for all of it. No place inside a note can await: rendering
 * (markdown-it, parse5) is one call, and the judge's rules are synchronous
 * all the way down. On a thread, the main thread stays free: a signal ends
 * the thread at once, and a second signal or the grace time in `main.ts`
 * still end the process while a note is judged after a first one.
 *
 * Only big notes go there: a thread takes a third of a second to start and
 * load the renderer, and the course's notes, a few hundred characters each,
 * are judged in well under a millisecond.
 */
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import { interruptedError, throwIfInterrupted } from '../../interrupt.js'
import type { LabResult } from '../../model/lab-result.js'
import type { Note } from '../../model/note.js'
import type { NoteVerdict } from '../../verify/judge.js'
import type { MutantResult } from '../../verify/mutants.js'

/** Notes whose fields hold more characters than this (all together) are judged on the thread. */
export const apartChars = 4000

/** What the thread is started with: the results every note is judged against. */
export interface ThreadData {
  results: ReadonlyMap<string, LabResult>
  knownLabs: ReadonlySet<string> | undefined
}

/** One note to judge (`judge`), or to judge the mutants of (`mutants`). */
export interface ThreadRequest {
  task: 'judge' | 'mutants'
  note: Note
}

/** The note's verdict, and its judged mutants when asked for them (none when it has no plan). */
export interface ThreadReply {
  verdict?: NoteVerdict
  judged?: MutantResult[]
}

export interface JudgingThread {
  /** Whether `note` is judged on the thread (it is big, and the thread's module is there). */
  takes(note: Note): boolean
  /** Judge `note` there; throws `InterruptedError` as soon as the signal fires. */
  judge(note: Note): Promise<NoteVerdict>
  /** Plan and judge `note`'s mutants there (`mutants.plannedMutants`, `judgeMutation`). */
  mutants(note: Note): Promise<ThreadReply>
  /** End the thread, if it was started. */
  close(): void
}

/**
 * A thread for `results`, started when first asked. `signal` ends what it
 * is judging (undefined: it judges to the end). From the sources (a test
 * running TypeScript) the thread's compiled module is not there, and every
 * note is judged on the caller's thread.
 */
export function judgingThread(
  results: ReadonlyMap<string, LabResult>,
  knownLabs: ReadonlySet<string> | undefined,
  signal: AbortSignal | undefined,
): JudgingThread {
  const module = new URL('./judge-thread.js', import.meta.url)
  const available = existsSync(fileURLToPath(module))
  let worker: Worker | undefined
  const data: ThreadData = { results, knownLabs }
  const end = () => {
    void worker?.terminate()
    worker = undefined
  }
  const ask = (request: ThreadRequest): Promise<ThreadReply> => {
    throwIfInterrupted(signal)
    worker ??= new Worker(module, { workerData: data })
    const thread = worker
    // Held while it judges: the pending reply alone would not keep decklab running.
    thread.ref()
    return new Promise<ThreadReply>((resolve, reject) => {
      const settle = () => {
        thread.off('message', onReply)
        thread.off('error', onError)
        thread.off('exit', onExit)
        signal?.removeEventListener('abort', onAbort)
        thread.unref()
      }
      const onReply = (reply: ThreadReply) => {
        settle()
        resolve(reply)
      }
      const onError = (error: unknown) => {
        settle()
        end()
        reject(error)
      }
      const onExit = (code: number) => {
        settle()
        worker = undefined
        reject(new Error(`the judging thread ended (exit code ${code})`))
      }
      const onAbort = () => {
        settle()
        end()
        reject(interruptedError(signal!))
      }
      thread.on('message', onReply)
      thread.on('error', onError)
      thread.on('exit', onExit)
      signal?.addEventListener('abort', onAbort, { once: true })
      thread.postMessage({ task: request.task, note: cloneable(request.note) })
    })
  }
  return {
    takes: (note) => available && fieldChars(note) > apartChars,
    async judge(note) {
      const { verdict } = await ask({ task: 'judge', note })
      if (verdict === undefined) throw new Error('the judging thread gave no verdict')
      return verdict
    },
    mutants: (note) => ask({ task: 'mutants', note }),
    close: end,
  }
}

function fieldChars(note: Note): number {
  let chars = 0
  for (const field of Object.values(note.fields)) chars += field.length
  for (const additions of Object.values(note.additions ?? {})) {
    for (const addition of additions)
      chars += 'html' in addition ? addition.html.length : addition.markdown.length
  }
  return chars
}

/**
 * The note as a message can carry it: without `source.fieldPlace`, a
 * function, which only places a render problem in the file (the judge
 * reads the rendered fields alone).
 */
function cloneable(note: Note): Note {
  const { fieldPlace: _, ...source } = note.source
  return { ...note, source }
}
