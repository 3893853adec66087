/**
 * `cloze-empty-in-old-anki` against the real Anki 2.1.15: the cards it names
 * are exactly the ones Anki's Empty Cards lists once the package is imported
 * (nested deletions, an empty one before another, an opener whose `}}` is in
 * code or math, an unclosed opener before a deletion; an unclosed opener after
 * the last deletion makes no empty card), and `check` says what `build` says.
 */
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { runAnkiPython } from '../support/anki-python.js'
import { runDecklab } from '../support/decklab.js'
import { ankiUnavailable } from '../sync/anki-server.js'
import { workspace } from '../sync/sync-fixture.js'

const ankiTools = fileURLToPath(new URL('../../../shared/tools/anki', import.meta.url))

/** Each note's text starts `N<i> `, so Anki's notes are told apart by their first field. */
const texts = [
  'Nested {{c1::a {{c2::b}} c}}',
  'Inner first {{c2::a {{c1::b}} c}}',
  'A {{c1::}} and {{c2::b}}',
  'Only {{c2::}} here',
  'Later empty {{c1::x}} and {{c2::}}',
  'Code tail {{c1::`x}}` and {{c2::y}}',
  'Math tail {{c1::$a}}$ and {{c2::y}}',
  'Side by side {{c1::a}} and {{c2::b}}',
  'Only {{c1::}} here',
  'Hint only {{c1::::a hint}}',
  'Escaped parenthesis {{c1::\\(a}}\\) and {{c2::y}}',
  'A comment <!-- {{c1:: --> then {{c2::x}}',
  // Unclosed openers (`unclosed-cloze`): Anki 2.1.15 imports an empty card only when one comes before a deletion.
  'Open first {{c3:: this and {{c1::that}}',
  'Open last {{c1::x}} and {{c2:: open',
  'Open between {{c1:: open then {{c2::x}}',
  'Open twice {{c1::x}} and {{c1:: open',
]
const note = (text: string, index: number) => `START\nCloze\nN${index} ${text}\nEND\n\n`

/**
 * `N<i>:<card>` for each card a diagnostic names. The build writes each note its
 * ID line and says its diagnostics where the file then has them: note i's text is
 * on line 3 + 6i.
 */
function warnedCards(stdout: string): string[] {
  const diagnostics = JSON.parse(stdout).diagnostics as Array<{
    code: string
    line: number
    message: string
  }>
  return diagnostics
    .filter((d) => d.code === 'cloze-empty-in-old-anki')
    .flatMap((d) => {
      const cards = /^Unexpected cards? ([\d, ]+) /.exec(d.message)?.[1] ?? ''
      return cards.split(', ').map((card) => `N${(d.line - 3) / 6}:${card}`)
    })
    .sort()
}

describe('cloze-empty-in-old-anki', () => {
  it.skipIf(ankiUnavailable !== undefined)(
    `names exactly the cards Anki 2.1.15 imports empty${ankiUnavailable ? ` (skipped: ${ankiUnavailable})` : ''}`,
    async () => {
      const cwd = await workspace({ 'notes/a.md': texts.map(note).join('') })
      const build = runDecklab(['build', '-o', 'deck.apkg', '--json'], { cwd })
      expect(build.code, build.stderr).toBe(0)
      const warned = warnedCards(build.stdout)
      // `check` of the notes as the build left them says the same, at the same lines.
      const check = runDecklab(['check', '--json'], { cwd })
      expect(warnedCards(check.stdout)).toEqual(warned)
      const run = runAnkiPython([
        '-c',
        [
          'import json, sys',
          `sys.path[:0] = [${JSON.stringify(join(ankiTools, 'anki-2.1.15'))}]`,
          'from anki import Collection',
          'from anki.importing.apkg import AnkiPackageImporter',
          `col = Collection(${JSON.stringify(join(cwd, 'collection.anki2'))})`,
          `AnkiPackageImporter(col, ${JSON.stringify(join(cwd, 'deck.apkg'))}).run()`,
          'empty = col.emptyCids()',
          'rows = col.db.all("select n.sfld, c.ord from cards c join notes n on n.id = c.nid where c.id in (%s)" % ",".join(map(str, empty or [0])))',
          'print(json.dumps(sorted("%s:%d" % (sfld.split(" ")[0], ord + 1) for sfld, ord in rows)))',
          'col.close(save=False)',
        ].join('\n'),
      ])
      expect(run.status, run.stderr).toBe(0)
      const empty = JSON.parse(run.stdout) as string[]
      expect(empty).toEqual([
        'N0:2',
        'N12:1',
        'N14:2',
        'N1:1',
        'N2:2',
        'N3:2',
        'N4:2',
        'N5:2',
        'N6:2',
      ])
      expect(warned).toEqual(empty)
    },
  )
})
