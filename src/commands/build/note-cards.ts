/**
 * The cards each note makes, as `build` packages them: one per ord of
 * `cardOrds` of its rendered fields. `check`, `quiz` and `stats` count cards
 * this way too, so they never offer or count a card the package lacks (a
 * reversed card whose Back is only a comment, a cloze deletion in code) nor
 * miss one it has. Rendering is what a build spends its time on, so a note
 * whose Markdown makes the same cards (`render/card-ords-scan.ts`) is counted
 * from its Markdown, one whose fields the caller has rendered already (`check`
 * renders the notes that can have a problem) from those, and only the rest is
 * rendered.
 */
import { InternalError } from '../../errors.js'
import { cardOrds } from '../../model/cards.js'
import type { Note } from '../../model/note.js'
import { markdownMakesRenderedCards } from '../../render/card-ords-scan.js'

/** A renderer of some notes: only their fields are read. */
export type CardRenderer<N extends Note> = (
  notes: readonly N[],
) => Promise<(note: N) => { fields: Record<string, string> }>

export interface NoteCardsOptions<N extends Note> {
  /** The note's rendered fields when the caller has them (undefined when it does not). */
  rendered?: ((note: N) => Readonly<Record<string, string>> | undefined) | undefined
  /** The renderer for the notes that must be rendered (default: the build's). */
  loadRenderer?: CardRenderer<N> | undefined
}

/** Each of `notes`' card ordinals, as the package has them; asked of another note, it throws. */
export async function noteCards<N extends Note>(
  notes: readonly N[],
  options: NoteCardsOptions<N> = {},
): Promise<(note: N) => number[]> {
  const ords = new Map<N, number[]>()
  const unrendered: N[] = []
  for (const note of notes) {
    const fields = options.rendered?.(note)
    if (fields !== undefined) ords.set(note, cardOrds({ noteType: note.noteType, fields }))
    else if (markdownMakesRenderedCards(note)) ords.set(note, cardOrds(note))
    else unrendered.push(note)
  }
  if (unrendered.length > 0) {
    const render = await (options.loadRenderer ?? buildRenderer)(unrendered)
    for (const note of unrendered) {
      ords.set(note, cardOrds({ noteType: note.noteType, fields: render(note).fields }))
    }
  }
  return (note) => {
    const found = ords.get(note)
    if (found === undefined) throw new InternalError('expected the cards of a note counted')
    return found
  }
}

/** The build's renderer, loading only what `notes` need. */
async function buildRenderer<N extends Note>(notes: readonly N[]) {
  return (await import('../../render/load-renderer.js')).loadRenderer(notes)
}
