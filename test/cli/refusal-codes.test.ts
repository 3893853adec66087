/**
 * A refusal about the world (a file in the way, a folder decklab may not
 * write, a lock) is not a mistyped command line: exit 2 as ever, but with a
 * code of its own in `--json` and no "Run `decklab … --help` for usage." line,
 * so a script and a person can tell the two apart. A wrong argument keeps
 * `usage` and that line.
 */
import { readFileSync, symlinkSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { type DecklabRun, runDecklab } from '../support/decklab.js'
import { tempProject } from '../support/project.js'

const note = 'START\nBasic\nFront: what is x\nBack: a letter\nEND\n'

/** `decklab …args --json` in `cwd`. */
function decklab(cwd: string, ...args: string[]): DecklabRun {
  return runDecklab([...args, '--json'], { cwd })
}

/** Exit 2, `code` in the JSON error document, and no usage line on stderr. */
function expectRefusal(result: DecklabRun, code: string, message: string | RegExp): void {
  expect(result.code, result.stderr).toBe(2)
  const { error } = JSON.parse(result.stdout) as { error: { code: string; message: string } }
  expect(error.code).toBe(code)
  if (typeof message === 'string') expect(error.message).toContain(message)
  else expect(error.message).toMatch(message)
  expect(result.stderr).toContain(`error ${error.message}`)
  expect(result.stderr).not.toContain('for usage')
}

/** Exit 2, `usage` in the JSON error document, and the usage line for `command`. */
function expectUsage(result: DecklabRun, command: string, message: string): void {
  expect(result.code, result.stderr).toBe(2)
  const { error } = JSON.parse(result.stdout) as { error: { code: string; message: string } }
  expect(error.code).toBe('usage')
  expect(error.message).toContain(message)
  expect(result.stderr).toContain(`Run \`decklab ${command} --help\` for usage.\n`)
}

describe('build -o', () => {
  it('refuses a file it did not build, a link, and its records folder taken: output-not-ours', async () => {
    const cwd = await tempProject({
      'notes/a.md': note,
      'backup.apkg': 'an Anki export',
      'real.apkg': '',
      'taken/.decklab-build': 'not a folder',
    })
    symlinkSync('real.apkg', join(cwd, 'link.apkg'))
    expectRefusal(
      decklab(cwd, 'build', 'notes', '-o', 'backup.apkg'),
      'output-not-ours',
      'Unexpected output `backup.apkg`: it exists and is not a package decklab built',
    )
    expectRefusal(
      decklab(cwd, 'build', 'notes', '-o', 'link.apkg'),
      'output-not-ours',
      'Unexpected output `link.apkg`: it is a symbolic link',
    )
    expectRefusal(
      decklab(cwd, 'build', 'notes', '-o', 'taken/deck.apkg'),
      'output-not-ours',
      'where decklab keeps the records of the packages built there, is not a folder',
    )
    expect(readFileSync(join(cwd, 'backup.apkg'), 'utf8')).toBe('an Anki export')
    // Nothing was built: no ID went into the note.
    expect(readFileSync(join(cwd, 'notes/a.md'), 'utf8')).toBe(note)
  })

  it('refuses a file where a folder should be: output-not-writable', async () => {
    const cwd = await tempProject({ 'notes/a.md': note, file: 'mine' })
    expectRefusal(
      decklab(cwd, 'build', 'notes', '-o', 'file/deck.apkg'),
      'output-not-writable',
      'Unexpected output `file/deck.apkg`: `file` is not a folder',
    )
    expectRefusal(
      decklab(cwd, 'build', 'notes', '-o', 'file/'),
      'output-not-writable',
      'Unexpected output `file/`: it is not a folder',
    )
    expect(readFileSync(join(cwd, 'file'), 'utf8')).toBe('mine')
  })

  it('keeps `usage` and its line for a name that is wrong as typed', async () => {
    const cwd = await tempProject({ 'notes/a.md': note })
    expectUsage(
      decklab(cwd, 'build', 'notes', '-o', 'deck.txt'),
      'build',
      'Unexpected output `deck.txt`: it is not an `.apkg` name',
    )
    expectUsage(
      decklab(cwd, 'build', 'notes', '-o', 'notes/deck.apkg'),
      'build',
      'it is inside the notes being built',
    )
    expectUsage(decklab(cwd, 'build', '--outptu', 'x.apkg'), 'build', "Unknown option '--outptu'")
  })
})
