import { describe, expect, it } from 'vitest'
import { type RenderedNote, renderWithMedia } from '../../../src/commands/build/prepare-notes.js'
import { InterruptedError } from '../../../src/errors.js'
import type { Note } from '../../../src/model/note.js'

/** Spend `ms` of this thread's time, as rendering a note does. */
function work(ms: number): void {
  const until = performance.now() + ms
  while (performance.now() < until) {
    // busy: no turn of the event loop
  }
}

describe('renderWithMedia', () => {
  it('stops with InterruptedError soon after a signal fires while notes render, not after the last one', async () => {
    const notes = Array.from({ length: 1_000 }, () => ({}) as Note)
    const controller = new AbortController()
    let calls = 0
    const renderNote = (): RenderedNote => {
      calls++
      // The signal arrives while the tenth note renders.
      if (calls === 10) controller.abort(new Error('received SIGINT'))
      work(1)
      return { fields: {}, media: [], diagnostics: [] }
    }
    const rendering = renderWithMedia(notes, { loadRenderer: async () => renderNote }, [], {
      signal: controller.signal,
    })
    await expect(rendering).rejects.toBeInstanceOf(InterruptedError)
    // A turn of the event loop comes after some 20 ms of work: well before the end.
    expect(calls).toBeGreaterThanOrEqual(10)
    expect(calls).toBeLessThan(notes.length)
  })

  it('renders every note when no signal fires', async () => {
    const notes = Array.from({ length: 50 }, () => ({}) as Note)
    let calls = 0
    const { rendered } = await renderWithMedia(
      notes,
      {
        loadRenderer: async () => () => {
          calls++
          work(1)
          return { fields: { Front: String(calls) }, media: [], diagnostics: [] }
        },
      },
      [],
      { signal: new AbortController().signal },
    )
    expect(rendered.map((note) => note.fields.Front)).toEqual(notes.map((_, i) => String(i + 1)))
  })
})
