/**
 * A picture changed again and again reaches Anki each time. Anki 2.1.15's
 * importer keeps the first file of a name: a package file of that name with
 * other bytes is written once as `<name>_<model id><ext>` and the note
 * pointed at it, and from then on that renamed file is reused, never
 * replaced. So a media name must change with the bytes. Against Anki's own
 * importer, one collection across the imports.
 */
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { describe, expect, it } from 'vitest'
import { runAnkiPython } from '../support/anki-python.js'
import { runDecklab } from '../support/decklab.js'
import { tempProject } from '../support/project.js'
import { ankiUnavailable } from '../sync/anki-server.js'

const ankiLibrary = new URL('../../../shared/tools/anki/anki-2.1.15', import.meta.url).pathname

/**
 * Import `apkg` into `collection` with Anki's importer, then give each
 * note's fields and, for each `<img src>` in them, the bytes of that file
 * in the collection's media folder.
 */
function importAndShow(
  collection: string,
  apkg: string,
): Array<{ fields: string; images: Record<string, string | null> }> {
  const script = `
import json, os, re, sys
sys.path.insert(0, sys.argv[1])
from anki import Collection
from anki.importing.apkg import AnkiPackageImporter
col = Collection(sys.argv[2])
AnkiPackageImporter(col, sys.argv[3]).run()
out = []
for (flds,) in col.db.execute("select flds from notes order by id"):
    images = {}
    for name in re.findall(r'<img src="([^"]+)"', flds):
        path = os.path.join(col.media.dir(), name)
        images[name] = open(path).read() if os.path.exists(path) else None
    out.append({"fields": flds, "images": images})
col.close()
print(json.dumps(out))
`
  const run = runAnkiPython(['-c', script, ankiLibrary, collection, apkg])
  if (run.status !== 0) throw new Error(`Anki's importer failed: ${run.stderr}`)
  return JSON.parse(run.stdout)
}

describe.skipIf(ankiUnavailable !== undefined)(
  `media changed between builds${ankiUnavailable ? ` (skipped: ${ankiUnavailable})` : ''}`,
  () => {
    it('each version of a picture shows in Anki 2.1.15 after its import, the third too', async () => {
      const cwd = await tempProject(
        {
          '.obsidian/app.json': '{}',
          'd.md': 'TARGET DECK: D\n\nSTART\nBasic\nWhat is drawn?\nBack: ![[d.png]]\nEND\n',
          'd.png': 'VERSION1',
        },
        'decklab-media-versions-',
      )
      const collection = join(cwd, 'collection.anki2')
      const shown: string[] = []
      for (const version of ['VERSION1', 'VERSION2', 'VERSION3']) {
        await writeFile(join(cwd, 'd.png'), version)
        const build = runDecklab(['build'], { cwd })
        expect(build.code, build.stderr).toBe(0)
        const notes = importAndShow(collection, join(cwd, 'dist', 'D.apkg'))
        expect(notes).toHaveLength(1)
        const images = Object.values(notes[0]!.images)
        expect(images).toHaveLength(1)
        shown.push(images[0] as string)
        // Anki updates a note only when the package's mod is newer, in whole seconds.
        await sleep(1_100)
      }
      expect(shown).toEqual(['VERSION1', 'VERSION2', 'VERSION3'])
    }, 60_000)
  },
)
