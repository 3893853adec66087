/**
 * Handles a lab opens in decklab's own process: the servers of the kit's
 * `listen` and the clients of its `connect`. Each is registered with the run
 * it belongs to (found through AsyncLocalStorage, so concurrent runs keep
 * theirs apart), and the runner closes whatever is still open when the lab
 * ends: a lab that throws between listen and close never leaves a server
 * listening, which would also keep decklab from exiting.
 */
import { AsyncLocalStorage } from 'node:async_hooks'

/** One handle a lab opened. */
export interface LabHandle {
  /** In words, for the transcript: `server on /tmp/dl-x/a.sock`. */
  what: string
  /** Whether a lab forgot it matters: a listening server does, a client socket does not. */
  kind: 'server' | 'client'
  isOpen(): boolean
  close(): Promise<void>
}

/** The handles of one run; once closed, a late handle is closed at once. */
export interface LabHandles {
  open: Set<LabHandle>
  closed: boolean
}

const currentRun = new AsyncLocalStorage<LabHandles>()

/** A fresh, empty set of handles for one run. */
export function newLabHandles(): LabHandles {
  return { open: new Set(), closed: false }
}

/** Run `work` (a lab's `run`) so that the handles it opens are registered in `handles`. */
export function trackingHandles<T>(handles: LabHandles, work: () => T): T {
  return currentRun.run(handles, work)
}

/** Register a handle with the run in progress (outside a run, nothing happens). */
export function trackHandle(handle: LabHandle): void {
  const handles = currentRun.getStore()
  if (!handles) return
  if (handles.closed) {
    // The lab's code runs on after its deadline: nobody would close this later.
    handle.close().catch(() => {})
    return
  }
  handles.open.add(handle)
}

/**
 * Close every handle of a run that is still open, and stop tracking; returns
 * what was still open.
 */
export async function closeLabHandles(handles: LabHandles): Promise<LabHandle[]> {
  handles.closed = true
  const stillOpen = [...handles.open].filter((handle) => handle.isOpen())
  handles.open.clear()
  await Promise.all(stillOpen.map((handle) => handle.close().catch(() => {})))
  return stillOpen
}
