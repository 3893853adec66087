/**
 * Breaches of the walls that are known and on their way out, each with what
 * removes it. Delete an entry when that lands: the wall test fails on an
 * entry that no longer occurs, so the list cannot go stale.
 */
import type { KnownBreach } from './walls.js'

/** `from` imports `to` (both repository paths); one reason for several targets. */
function breaches(from: string, targets: readonly string[], removedBy: string): KnownBreach[] {
  return targets.map((to) => ({ from, to, removedBy }))
}

const open = 'open, no branch yet: '

export const knownBreaches: readonly KnownBreach[] = [
  ...breaches(
    'src/anki/notetypes.ts',
    ['src/render/css.ts', 'src/render/lab-footer.ts'],
    `${open}the card's look (render's stylesheet, the Lab field name) is a contract of render and anki: pass it in from src/commands/build, or keep it on the model floor`,
  ),
  ...breaches(
    'src/preview/preview-cards.ts',
    ['src/anki/notetypes.ts'],
    `${open}the preview command passes the notetypes' templates in`,
  ),
]
