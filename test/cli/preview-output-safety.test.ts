// `decklab preview -o DIR` writes into DIR and nowhere else, and removes only
// what it wrote there: its manifest's names are checked when read.
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runDecklab } from '../support/decklab.js'
import { tempProject } from '../support/project.js'

const manifestName = '.decklab-preview.json'
const plainNote = 'START\nBasic\nFront: what is x\nBack: a letter\nEND\n'

/** `decklab preview a.md -o out` in `cwd`. */
function preview(cwd: string) {
  return runDecklab(['preview', 'a.md', '-o', 'out'], { cwd })
}

function manifest(cwd: string): string[] {
  return JSON.parse(readFileSync(join(cwd, 'out', manifestName), 'utf8')).files
}

describe('decklab preview, a damaged manifest', () => {
  it('drops names that are empty, absolute or lead out of the folder, and every later run works', async () => {
    const cwd = await tempProject({ 'v/a.md': plainNote, 'v/keep.txt': 'keep' })
    const vault = join(cwd, 'v')
    expect(preview(vault).code).toBe(0)
    const outside = join(vault, 'keep.txt')
    const damaged = ['', '.', '..', outside, '../keep.txt', 'x/../../keep.txt', 'a//b']
    const files = [...manifest(vault), ...damaged]
    writeFileSync(join(vault, 'out', manifestName), JSON.stringify({ files }))
    for (let run = 0; run < 2; run++) {
      const result = preview(vault)
      expect(result.stderr).toContain('wrote out/index.html')
      expect(result.code).toBe(0)
      for (const name of damaged) expect(manifest(vault)).not.toContain(name)
    }
    expect(readFileSync(outside, 'utf8')).toBe('keep')
  })
})
