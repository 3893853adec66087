// A card whose answer holds a long run of HTML comments left open (`<!--` that
// no `-->` follows, a page pasted cut short) took the quiz the square of its
// length to show: the pattern splitting raw HTML into tags read from each
// `<!--` to the end of the field. 20,000 of them took seconds, 100,000 minutes;
// those that can end no comment now fail at once.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { runDecklabWithin } from '../support/decklab.js'
import { tempProject } from '../support/project.js'

const states: string[] = []
afterEach(() => {
  for (const state of states.splice(0)) rmSync(state, { recursive: true, force: true })
})

describe('a quiz card with many HTML comments left open', () => {
  it('is shown in linear time, its comments that close hidden', async () => {
    const cwd = await tempProject({
      '.obsidian/': '',
      'pasted.md': `START\nBasic\nQ\nBack: shown\n\n<!-- hidden --> ${'<!-- '.repeat(100_000)}\nEND\n`,
    })
    const state = mkdtempSync(join(tmpdir(), 'dl-quiz-open-comments-'))
    states.push(state)
    const run = runDecklabWithin(['quiz', '--state', state, '--answers', '-'], 20_000, {
      cwd,
      input: 'good\n',
    })
    expect(run.code, run.stderr).toBe(0)
    const screen = run.stdout + run.stderr
    expect(screen).toContain('shown')
    expect(screen).not.toContain('hidden')
    expect(screen).toContain('<!-- <!-- <!--')
  }, 40_000)
})
