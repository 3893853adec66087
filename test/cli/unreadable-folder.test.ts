import { spawnSync } from 'node:child_process'
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { asNobody, asNobodyUnavailable, isRoot } from '../support/as-nobody.js'
import { decklabBin } from '../support/decklab.js'

// A folder decklab may not list hides notes that are there: it says so instead of
// passing over them. Root may list anything, so as root decklab runs as `nobody`.

const why = asNobodyUnavailable(decklabBin)

let dir: string | undefined

/** decklab in `cwd` (default `dir`), as `nobody` when this runs as root. */
function run(args: string[], cwd = dir) {
  const [command, ...prefix] = isRoot ? asNobody : [process.execPath]
  return spawnSync(
    command!,
    [...prefix, ...(isRoot ? [process.execPath] : []), decklabBin, ...args],
    {
      cwd,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    },
  )
}
afterEach(() => {
  if (!dir) return
  chmodSync(join(dir, 'v', 'locked'), 0o700)
  rmSync(dir, { recursive: true, force: true })
  dir = undefined
})

describe.skipIf(why !== undefined)(
  `a folder decklab may not list${why ? ` (skipped: ${why})` : ''}`,
  () => {
    it('is a folder-unreadable warning naming it, and the other notes are read', () => {
      dir = mkdtempSync(join(tmpdir(), 'decklab-unreadable-'))
      chmodSync(dir, 0o755)
      // With IDs: a note needing one in a folder of root's would be a note `nobody` may not write.
      const card = (id: number) => `START\nBasic\nQ\nBack: A\n<!--ID: ${id}-->\nEND\n`
      mkdirSync(join(dir, 'v', 'locked'), { recursive: true })
      writeFileSync(join(dir, 'v', 'a.md'), card(1700000000001))
      writeFileSync(join(dir, 'v', 'locked', 'b.md'), card(1700000000002))
      chmodSync(join(dir, 'v'), 0o755)
      // Root's own folder shut to others; anyone else's shut to itself.
      chmodSync(join(dir, 'v', 'locked'), isRoot ? 0o700 : 0o000)
      const result = run(['check', 'v'])
      expect(result.stderr).toMatch(
        /^v\/locked:1:1 warning folder-unreadable Unexpected folder that cannot be read \(EACCES\)/m,
      )
      expect(result.stderr).toContain('1 note, 1 card in 1 file; 0 errors, 1 warning')
      expect(result.status).toBe(0)
    })

    it('leaves its notes out of the notes a build says are gone', () => {
      dir = mkdtempSync(join(tmpdir(), 'decklab-unreadable-'))
      chmodSync(dir, 0o755)
      const card = (id: number) => `START\nBasic\nQ${id}\nBack: A\n<!--ID: ${id}-->\nEND\n`
      mkdirSync(join(dir, 'v', 'locked'), { recursive: true })
      mkdirSync(join(dir, 'out'), { mode: 0o777 })
      chmodSync(join(dir, 'out'), 0o777)
      writeFileSync(join(dir, 'v', 'a.md'), card(1700000000001))
      writeFileSync(join(dir, 'v', 'locked', 'b.md'), card(1700000000002))
      chmodSync(join(dir, 'v'), 0o755)
      // The whole vault (no paths): a build of named paths never names removed notes.
      const build = () => run(['build', '-o', '../out/deck.apkg'], join(dir!, 'v'))
      expect(build().status).toBe(0)
      chmodSync(join(dir, 'v', 'locked'), isRoot ? 0o700 : 0o000)
      const again = build()
      expect(again.stderr).toContain('warning folder-unreadable')
      expect(again.stderr).not.toMatch(/removed|nid:/)
      expect(again.status).toBe(0)
    })
  },
)
