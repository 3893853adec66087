// A Cloze field of many `{{c1::` openers that no `}}` closes (a template or
// a Mustache snippet pasted into a note) took `check` the square of its
// length: the test for "has a deletion" ran `{{c\d+::[\s\S]+?}}`, which reads
// from each opener to the end of the text. 160,000 openers took 34 s; the
// deletions are now found in one pass (under 2 s, most of it rendering).
import { describe, expect, it } from 'vitest'
import { anki2115Deletions } from '../../src/model/cards.js'
import { runDecklabWithin } from '../support/decklab.js'
import { tempProject } from '../support/project.js'

describe('unclosed cloze openers', () => {
  it('are read in linear time', async () => {
    const cwd = await tempProject({
      '.obsidian/': '',
      'pasted.md': `START\nCloze\n${'{{c1::'.repeat(166_000)}\nEND\n`,
    })
    const run = runDecklabWithin(['check', 'pasted.md'], 15_000, { cwd })
    expect(run.code, run.stderr).toBe(0)
    expect(run.stderr).toContain('cloze-without-deletion')
    expect(run.stderr).toContain('1 note, 1 card')
  }, 30_000)

  it('are found as Anki 2.1.15 finds deletions', () => {
    const anki2115 = /\{\{c(\d+)::[\s\S]+?\}\}/g
    const pieces = ['{{c1::', '{{c2::', '{{c0::', '}}', '}', '{', 'a', '\n', '::', '{{c']
    let seed = 7
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31
      return seed / 2 ** 31
    }
    for (let sample = 0; sample < 3000; sample++) {
      let text = ''
      const length = Math.floor(random() * 12)
      for (let piece = 0; piece < length; piece++)
        text += pieces[Math.floor(random() * pieces.length)]
      const expected = [...text.matchAll(anki2115)].map((match) => Number(match[1]))
      expect([...anki2115Deletions(text)], JSON.stringify(text)).toEqual(expected)
    }
  })
})
