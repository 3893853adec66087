/**
 * A refusal about the world (a file in the way, a folder decklab may not
 * write, a lock) is not a mistyped command line: exit 2 as ever, but with a
 * code of its own in `--json` and no "Run `decklab … --help` for usage." line,
 * so a script and a person can tell the two apart. A wrong argument keeps
 * `usage` and that line.
 */
import { spawnSync } from 'node:child_process'
import { chmodSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it, onTestFinished } from 'vitest'
import { asNobody } from '../support/as-nobody.js'
import { type DecklabRun, decklabBin, runDecklab } from '../support/decklab.js'
import { fileSizeLimitUnavailable, runWithFileSizeLimit } from '../support/file-size-limit.js'
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

  // The unchanged-package check looked for the record beside `-o`'s folder with a stat that threw
  // on a link that loops: an internal error (exit 70); past it, the build wrote the notes' IDs and
  // then failed to write the package (exit 1), where a file on the way is refused before any ID.
  it('refuses an output folder that is a link looping on itself: output-not-writable', async () => {
    const cwd = await tempProject({ 'notes/a.md': note })
    symlinkSync('loop', join(cwd, 'loop'))
    expectRefusal(
      decklab(cwd, 'build', 'notes', '-o', 'loop/deck.apkg'),
      'output-not-writable',
      'Unexpected output `loop/deck.apkg`: `loop` is a link that loops (`ELOOP`), expected a path through folders you can write in; nothing was written',
    )
    expect(readFileSync(join(cwd, 'notes/a.md'), 'utf8')).toBe(note)
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

describe('preview -o', () => {
  const mathNote = 'START\nBasic\nFront: what is $x^2$\nBack: a square\nEND\n'

  it('refuses a folder, a file or a folder in it that preview did not write: output-not-ours', async () => {
    const cwd = await tempProject({ 'a.md': note, 'site/mine.txt': 'mine' })
    expectRefusal(
      decklab(cwd, 'preview', 'a.md', '-o', 'site'),
      'output-not-ours',
      'Unexpected files in `site`, expected an empty folder or one `decklab preview` wrote',
    )
    expect(decklab(cwd, 'preview', 'a.md', '-o', 'out').code).toBe(0)
    writeFileSync(join(cwd, 'a.md'), mathNote)
    // Where preview writes its math folder, a file it did not write; then that folder, with one in it.
    writeFileSync(join(cwd, 'out', 'katex'), 'mine')
    expectRefusal(
      decklab(cwd, 'preview', 'a.md', '-o', 'out'),
      'output-not-ours',
      'Unexpected `out/katex`: a regular file, expected a folder `decklab preview` wrote',
    )
    rmSync(join(cwd, 'out', 'katex'))
    mkdirSync(join(cwd, 'out', 'katex'))
    writeFileSync(join(cwd, 'out', 'katex', 'katex.min.js'), 'mine')
    expectRefusal(
      decklab(cwd, 'preview', 'a.md', '-o', 'out'),
      'output-not-ours',
      'Unexpected `out/katex/katex.min.js`: a regular file `decklab preview` did not write',
    )
    expect(readFileSync(join(cwd, 'out', 'katex', 'katex.min.js'), 'utf8')).toBe('mine')
  })

  it('refuses an output it cannot list or make: output-not-writable', async () => {
    const cwd = await tempProject({ 'a.md': note, file: 'mine' })
    expectRefusal(
      decklab(cwd, 'preview', 'a.md', '-o', 'file/site'),
      'output-not-writable',
      'Unexpected output `file/site`: a file stands where a folder should be (ENOTDIR)',
    )
  })

  it('keeps `usage` and its line for an empty -o', async () => {
    const cwd = await tempProject({ 'a.md': note })
    expectUsage(
      decklab(cwd, 'preview', 'a.md', '-o', ''),
      'preview',
      '`--output` needs a folder name',
    )
  })

  it('a folder it may not write in: output-not-writable (as a user)', async (context) => {
    const cwd = await tempProject({ 'a.md': note })
    // Root may write anywhere: as root decklab runs as `nobody`; anyone else is shut out by the mode.
    const prefix = process.getuid?.() === 0 ? asNobody : []
    chmodSync(cwd, 0o755)
    if (run(cwd, prefix, ['--version']).status !== 0) {
      return context.skip('setpriv is missing, or `nobody` cannot run this checkout')
    }
    chmodSync(cwd, 0o555)
    onTestFinished(() => chmodSync(cwd, 0o755))
    const result = run(cwd, prefix, ['preview', 'a.md', '-o', 'site', '--json'])
    expectRefusal(
      { code: result.status, stdout: result.stdout, stderr: result.stderr },
      'output-not-writable',
      'Cannot write `site`: permission denied (EACCES), expected a writable output folder',
    )
  })
})

/** decklab with `args` in `cwd`, after `prefix` (`setpriv …` to run as another user). */
function run(cwd: string, prefix: readonly string[], args: readonly string[]) {
  const [command, ...rest] = [...prefix, process.execPath, decklabBin, ...args]
  return spawnSync(command!, rest, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  })
}

describe('the vault lock', () => {
  it('a folder where it goes stops the build before any ID: vault-not-writable', async () => {
    const cwd = await tempProject({ 'notes/a.md': note, '.decklab.lock/': '' })
    expectRefusal(
      decklab(cwd, 'build', 'notes'),
      'vault-not-writable',
      "it is a folder, expected decklab's lock file there",
    )
    expect(readFileSync(join(cwd, 'notes/a.md'), 'utf8')).toBe(note)
  })
})

describe('the state directory', () => {
  it('a file where it should be: state-not-writable, for stats and quiz alike', async () => {
    const cwd = await tempProject({ 'notes/a.md': note, state: 'mine', file: 'mine' })
    expectRefusal(
      decklab(cwd, 'stats', 'notes', '--state', 'state'),
      'state-not-writable',
      'Unexpected state directory',
    )
    const quiz = runDecklab(
      ['quiz', 'notes', '--state', 'file/state', '--answers', '-', '--json'],
      { cwd, input: 'good\n' },
    )
    expectRefusal(quiz, 'state-not-writable', 'a file stands where one of its folders should be')
    expect(readFileSync(join(cwd, 'state'), 'utf8')).toBe('mine')
  })

  // A state folder that is a link looping on itself was read as a state whose `cards.json` is
  // damaged ("cannot be read (ELOOP …)"): the user was sent to repair a file that is fine.
  it('a link that loops: state-not-writable, for stats and quiz alike', async () => {
    const cwd = await tempProject({ 'notes/a.md': note })
    symlinkSync('loop', join(cwd, 'loop'))
    expectRefusal(
      decklab(cwd, 'stats', 'notes', '--state', 'loop'),
      'state-not-writable',
      /^Unexpected state directory `[^`]*\/loop`: it is a link that loops \(`ELOOP`\), expected a folder/,
    )
    const quiz = runDecklab(['quiz', 'notes', '--state', 'loop', '--answers', '-', '--json'], {
      cwd,
      input: 'good\n',
    })
    expectRefusal(quiz, 'state-not-writable', 'it is a link that loops (`ELOOP`)')
  })

  it('keeps `usage` and its line for an empty --state', async () => {
    const cwd = await tempProject({ 'notes/a.md': note })
    expectUsage(decklab(cwd, 'stats', 'notes', '--state', ''), 'stats', '`--state` needs a folder')
  })
})

describe('stats --revlog', () => {
  it('refuses a file it did not write, or one with reviews the log lacks, and a folder it cannot make', async () => {
    const header = 'card_id,review_time,review_rating,review_state\n'
    const foreign = `${header}1700000000000,1700000000000,3,0\n`
    const cwd = await tempProject({
      'notes/a.md': note,
      'mine.csv': 'my own data\n',
      'other.csv': foreign,
      'folder.csv/': '',
      file: 'mine',
    })
    const stats = (revlog: string) =>
      decklab(cwd, 'stats', 'notes', '--state', 'state', '--revlog', revlog)
    expectRefusal(
      stats('mine.csv'),
      'output-not-ours',
      'mine.csv exists and is not a review log decklab wrote',
    )
    expectRefusal(
      stats('folder.csv'),
      'output-not-ours',
      'Unexpected `--revlog folder.csv`: it is a folder',
    )
    expectRefusal(
      stats('other.csv'),
      'revlog-would-lose-reviews',
      'other.csv holds 1 review that this state',
    )
    expectRefusal(
      stats('file/log.csv'),
      'output-not-writable',
      'Cannot write `file/log.csv`: a file stands where a folder should be',
    )
    // A link round to itself was called a link "to nothing".
    symlinkSync('loop.csv', join(cwd, 'loop.csv'))
    symlinkSync('moved.csv', join(cwd, 'dangling.csv'))
    expectRefusal(
      stats('loop.csv'),
      'output-not-ours',
      'Unexpected `--revlog loop.csv`: it is a symbolic link that loops (`ELOOP`)',
    )
    expectRefusal(
      stats('dangling.csv'),
      'output-not-ours',
      'Unexpected `--revlog dangling.csv`: it is a symbolic link to nothing',
    )
    expect(readFileSync(join(cwd, 'mine.csv'), 'utf8')).toBe('my own data\n')
    expect(readFileSync(join(cwd, 'other.csv'), 'utf8')).toBe(foreign)
  })

  it('refuses a file it may not read, never an internal error: unreadable-file (as a user)', async (context) => {
    const cwd = await tempProject({ 'notes/a.md': note, 'log.csv': 'mine\n' })
    // Root reads anything: as root decklab runs as `nobody`; anyone else is shut out by the mode.
    const prefix = process.getuid?.() === 0 ? asNobody : []
    chmodSync(cwd, 0o777)
    chmodSync(join(cwd, 'log.csv'), 0o600)
    if (prefix.length === 0) chmodSync(join(cwd, 'log.csv'), 0o000)
    if (run(cwd, prefix, ['--version']).status !== 0) {
      return context.skip('setpriv is missing, or `nobody` cannot run this checkout')
    }
    const result = run(cwd, prefix, [
      'stats',
      'notes',
      '--state',
      'state',
      '--revlog',
      'log.csv',
      '--json',
    ])
    expectRefusal(
      { code: result.status, stdout: result.stdout, stderr: result.stderr },
      'unreadable-file',
      'log.csv exists and cannot be read: permission denied (EACCES)',
    )
    chmodSync(join(cwd, 'log.csv'), 0o600)
    expect(readFileSync(join(cwd, 'log.csv'), 'utf8')).toBe('mine\n')
  })

  // A full disk said system-error with the advice to write elsewhere "with `-o`", which stats lacks.
  it.skipIf(fileSizeLimitUnavailable() !== undefined)(
    'a log the device refuses (a full disk, a file size limit) is system-error, naming --revlog',
    async () => {
      const cwd = await tempProject({ 'notes/a.md': note })
      const result = runWithFileSizeLimit(
        20,
        ['stats', 'notes', '--state', 'state', '--revlog', 'log.csv', '--json'],
        { cwd },
      )
      expectRefusal(
        { code: result.status, stdout: result.stdout, stderr: result.stderr },
        'system-error',
        'Cannot write `log.csv`: the file is larger than allowed (EFBIG), expected the device to take it: free space there (or write elsewhere with `--revlog`)',
      )
    },
  )

  it('keeps `usage` and its line for an empty --revlog', async () => {
    const cwd = await tempProject({ 'notes/a.md': note })
    expectUsage(
      decklab(cwd, 'stats', 'notes', '--state', 'state', '--revlog', ''),
      'stats',
      '`--revlog` needs a file name',
    )
  })
})

describe('paths named on the command line', () => {
  it('one that does not exist is path-not-found, for every command that reads notes', async () => {
    const cwd = await tempProject({ 'notes/a.md': note })
    for (const args of [
      ['check', 'nowhere'],
      ['build', 'nowhere'],
      ['stats', 'nowhere', '--state', 'state'],
      ['preview', 'nowhere'],
      ['quiz', 'nowhere', '--state', 'state', '--answers', '-'],
    ]) {
      expectRefusal(
        runDecklab([...args, '--json'], { cwd, input: 'good\n' }),
        'path-not-found',
        'Unexpected path `nowhere`: it does not exist, expected a note file or folder',
      )
    }
  })

  // A vault synced from a Mac has `café.md` decomposed; typed, it is composed: the two look the same.
  it('one there only in another Unicode form names the file as it is on disk', async () => {
    const decomposed = 'cafe\u0301.md'
    const cwd = await tempProject({ [`notes/${decomposed}`]: note })
    for (const args of [
      ['check', 'notes/caf\u00e9.md'],
      ['build', 'notes/caf\u00e9.md'],
      ['quiz', 'notes/caf\u00e9.md', '--state', 'state', '--answers', '-'],
    ]) {
      expectRefusal(
        runDecklab([...args, '--json'], { cwd, input: 'good\n' }),
        'path-not-found',
        `Unexpected path \`notes/caf\u00e9.md\`: it does not exist as typed, expected a note file or folder; \`notes/${decomposed}\` is there, the same name with its accented letters in another Unicode form (a Mac writes them decomposed): name it as it is on disk (tab completion does)`,
      )
    }
  })

  // Obsidian's titles and `[[links]]` leave out `.md`: `verify "notes/07 The socket file lifecycle"`
  // said only "it does not exist", of a note that is there.
  it('a note named by its title, without `.md`, names its file', async () => {
    const cwd = await tempProject({ 'notes/07 Socket files.md': note })
    for (const args of [
      ['check', 'notes/07 Socket files'],
      ['verify', 'notes/07 Socket files'],
      ['quiz', 'notes/07 Socket files', '--state', 'state', '--answers', '-'],
    ]) {
      expectRefusal(
        runDecklab([...args, '--json'], { cwd, input: 'good\n' }),
        'path-not-found',
        "Unexpected path `notes/07 Socket files`: it does not exist, expected a note file or folder; `notes/07 Socket files.md` is there: a note's file name ends in `.md`, which Obsidian leaves out of its title",
      )
    }
  })

  // `check dangling.md` said only "it does not exist", of a name `ls` lists: it is a link.
  it('a link that leads nowhere is named as a link, with its target', async () => {
    const cwd = await tempProject({ 'notes/a.md': note })
    symlinkSync('moved.md', join(cwd, 'notes/dangling.md'))
    symlinkSync('loop.md', join(cwd, 'notes/loop.md'))
    for (const args of [
      ['check', 'notes/dangling.md'],
      ['quiz', 'notes/dangling.md', '--state', 'state', '--answers', '-'],
    ]) {
      expectRefusal(
        runDecklab([...args, '--json'], { cwd, input: 'good\n' }),
        'path-not-found',
        'Unexpected path `notes/dangling.md`: it is a link to `moved.md`, which does not exist, expected a note file or folder',
      )
    }
    // `build` stamped its paths for the unchanged-package check first, and stopped there with an internal error.
    for (const command of ['check', 'build', 'stats', 'preview']) {
      expectRefusal(
        runDecklab([command, 'notes/loop.md', '--json'], { cwd }),
        'path-unreadable',
        'Unexpected path `notes/loop.md`: it is a link to `loop.md` that loops: following it never reaches a file (ELOOP), expected a note file or folder',
      )
    }
  })

  // The quiz checked its paths itself, before its lock, and called such a name not found.
  it('one whose name is not UTF-8 (as Node passes it) stays usage, for every command that reads notes', async () => {
    const cwd = await tempProject({ 'notes/a.md': note })
    for (const args of [
      ['check', 'caf\uFFFD.md'],
      ['stats', 'caf\uFFFD.md', '--state', 'state'],
      ['quiz', 'caf\uFFFD.md', '--state', 'state', '--answers', '-'],
    ]) {
      const command = args[0] as string
      expectUsage(
        runDecklab([...args, '--json'], { cwd, input: 'good\n' }),
        command,
        'its name is not valid UTF-8, expected a UTF-8 file or folder name',
      )
    }
  })

  it('an --answers file missing or not a file: path-not-found, not-regular-file', async () => {
    const cwd = await tempProject({ 'notes/a.md': note })
    const quiz = (answers: string) =>
      decklab(cwd, 'quiz', 'notes', '--state', 'state', '--answers', answers)
    expectRefusal(
      quiz('none.txt'),
      'path-not-found',
      'cannot read --answers none.txt: it does not exist',
    )
    expectRefusal(
      quiz('notes'),
      'not-regular-file',
      'cannot read --answers notes: it is a folder, expected a regular file',
    )
  })

  it('a --verify report missing, not a file, or not one verify wrote', async () => {
    const cwd = await tempProject({
      'notes/a.md': note,
      'notes.json': 'not json',
      'other.json': '{"something": "else"}',
    })
    const preview = (report: string) => decklab(cwd, 'preview', 'notes', '--verify', report)
    expectRefusal(preview('none.json'), 'path-not-found', 'the verify report `none.json`: ENOENT')
    expectRefusal(preview('notes'), 'not-regular-file', 'the verify report `notes`: it is a folder')
    expectRefusal(
      preview('notes.json'),
      'malformed-verify-report',
      'Unexpected text in `notes.json`, expected the JSON of `decklab verify --json`',
    )
    expectRefusal(preview('other.json'), 'malformed-verify-report', 'Unexpected verify report')
  })

  it('keeps `usage` and its line for a file that is no note by its name', async () => {
    const cwd = await tempProject({ 'notes/a.md': note, 'notes/b.txt': 'text' })
    expectUsage(
      decklab(cwd, 'check', 'notes/b.txt'),
      'check',
      "Unexpected file `notes/b.txt`, expected a Markdown (`.md`) file, a `.txt` file in the plugin's Scan Directory, or a folder",
    )
  })
})
