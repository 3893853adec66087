/**
 * One "did you mean" for every command: the same typo among the same names
 * gets the same suggestion, whether it names a lab (`lab run`, a `Lab:` line),
 * a deck or a tag (`quiz --deck/--tag`) or a command.
 */
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runDecklab } from '../support/decklab.js'
import { tempProject } from '../support/project.js'

/** The first name a message suggests, if any. */
function suggested(text: string): string | undefined {
  return /did you mean `([^`]+)`/.exec(text)?.[1]
}

/** A vault with one note per name, in the deck of that name and tagged with it. */
function namesVault(names: readonly string[]): Promise<string> {
  const files: Record<string, string> = {}
  names.forEach((name, index) => {
    files[`notes/n${index}.md`] =
      `---\ndeck: ${name}\n---\nSTART\nBasic\nQuestion ${index}\nBack: A\nTags: ${name}\nEND\n`
  })
  return tempProject(files, 'decklab-did-you-mean-')
}

function quizFilter(cwd: string, flag: '--deck' | '--tag', typo: string): string | undefined {
  const result = runDecklab(
    ['quiz', 'notes', flag, typo, '--answers', '-', '--state', join(cwd, 'state')],
    { cwd, input: '' },
  )
  expect(result.code).toBe(2)
  return suggested(result.stderr)
}

describe('did you mean', () => {
  it('suggests the same lab for a typo in `lab run`, a `Lab:` line, a deck and a tag', async () => {
    const list = runDecklab(['lab', 'list', '--json'])
    expect(list.code).toBe(0)
    const ids = (JSON.parse(list.stdout) as { labs: { id: string }[] }).labs.map((lab) => lab.id)
    const cwd = await namesVault(ids)
    // `stale` is a fragment (the two old heuristics disagreed on it); `stream-ecoh` a transposition.
    for (const [typo, expected] of [
      ['stale', 'stale-socket'],
      ['stream-ecoh', 'stream-echo'],
    ] as const) {
      const labRun = runDecklab(['lab', 'run', typo], { cwd })
      expect(labRun.code).toBe(2)
      const link = await tempProject(
        { 'a.md': `START\nBasic\nQ\nBack: A\nLab: ${typo}\nEND\n` },
        'decklab-did-you-mean-',
      )
      const check = runDecklab(['check', 'a.md'], { cwd: link })
      expect(check.code).toBe(1)
      expect({
        labRun: suggested(labRun.stderr),
        labLink: suggested(check.stderr),
        deck: quizFilter(cwd, '--deck', typo),
        tag: quizFilter(cwd, '--tag', typo),
      }).toEqual({ labRun: expected, labLink: expected, deck: expected, tag: expected })
    }
  })

  it('suggests the same command for a typo as a command, a deck and a tag', async () => {
    const commands = ['check', 'build', 'quiz', 'stats', 'lab', 'verify', 'preview', 'sync']
    const cwd = await namesVault(commands)
    for (const [typo, expected] of [
      ['bulid', 'build'],
      ['prev', 'preview'],
    ] as const) {
      const command = runDecklab([typo], { cwd })
      expect(command.code).toBe(2)
      expect({
        command: suggested(command.stderr),
        deck: quizFilter(cwd, '--deck', typo),
        tag: quizFilter(cwd, '--tag', typo),
      }).toEqual({ command: expected, deck: expected, tag: expected })
    }
  })
})
