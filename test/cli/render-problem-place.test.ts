import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { runDecklab } from '../support/decklab.js'

// A problem found while rendering a field is reported where it is written,
// not at the block's `START` line: spawned as a user runs `check`.

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'decklab-problem-place-'))
  await mkdir(join(dir, 'notes'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

async function check(text: string): Promise<string[]> {
  await writeFile(join(dir, 'notes', 'a.md'), text)
  const result = runDecklab(['check', '--json'], { cwd: dir })
  const { diagnostics } = JSON.parse(result.stdout) as {
    diagnostics: Array<{ line: number; column: number; endColumn: number; code: string }>
  }
  return diagnostics.map((d) => `${d.line}:${d.column}-${d.endColumn} ${d.code}`)
}

describe('render problems point into the field', () => {
  it('at the text they are about, in any field', async () => {
    const text = [
      '# Sockets', // 1
      '', // 2
      'START', // 3
      'Basic', // 4
      'Front with <IMG src="a.png" onerror="x()">', // 5
      'Back: see', // 6
      '  ![[gone.png]] and $\\href{javascript:x}{y}$', // 7
      'END', // 8
    ].join('\n')
    expect(await check(text)).toEqual([
      '5:22-27 missing-media',
      '5:29-36 unsafe-html-removed',
      '7:6-14 missing-media',
      '7:22-27 unsafe-math',
    ])
  })

  it('at the text the card shows, not at a copy of it in an Obsidian comment', async () => {
    const text = [
      'START', // 1
      'Basic', // 2
      'Q %%was ![[gone.png]]%% now ![[gone.png]]', // 3
      'Back: %%old:', // 4
      '<b onclick="x()">%% <b onclick="x()">A</b>', // 5
      'END', // 6
    ].join('\n')
    expect(await check(text)).toEqual(['3:32-40 missing-media', '5:24-31 unsafe-html-removed'])
  })

  it('at the field when its text is not the file’s line for line', async () => {
    const text = [
      'START', // 1
      'Basic', // 2
      'Q', // 3
      'Back: first', // 4
      'Lab: stale-socket', // 5
      '![[gone.png]]', // 6
      'END', // 7
    ].join('\n')
    expect(await check(text)).toEqual(['4:7-7 missing-media'])
  })

  it('in an inline note, at its text (at its field when the field is written in two parts)', async () => {
    const text = [
      'Some text STARTI [Basic] Q ![[lost.png]] Back: A ENDI', // 1
      'STARTI [Basic] Two  words Back: see ![[gone.png]] ENDI', // 2
      'STARTI [Basic] Q Back: A Front: ![[away.png]] ENDI', // 3
    ].join('\n')
    expect(await check(text)).toEqual([
      '1:31-39 missing-media',
      '2:40-48 missing-media',
      '3:16-16 missing-media',
    ])
    // The plugin's split keeps a doubled space: the field is still the line's text.
    expect(await check('STARTI [Basic] Two  words ![[away.png]] Back: A ENDI')).toEqual([
      '1:30-38 missing-media',
    ])
  })

  it('for the first 200 problems of a note; the others at their field, as each search reads the field', async () => {
    const links = Array.from({ length: 300 }, (_, index) => `![[m${index}.png]]`)
    const text = ['START', 'Basic', `Q ${links.join(' ')}`, 'Back: A', 'END'].join('\n')
    const places = await check(text)
    expect(places).toHaveLength(300)
    /** Where the target of link `index` is (after its `![[`), and where it ends. */
    const place = (index: number) => {
      const column = `${['Q', ...links.slice(0, index)].join(' ')} ![[`.length + 1
      return `3:${column}-${column + `m${index}.png`.length} missing-media`
    }
    // Sorted by place: the field's start first.
    expect(places).toContain(place(0))
    expect(places).toContain(place(199))
    expect(places).not.toContain(place(200))
    expect(places.filter((each) => each === '3:1-1 missing-media')).toHaveLength(100)
  })
})
