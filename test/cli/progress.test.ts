/**
 * On a terminal, `decklab build` shows what it is doing before the package
 * is written (issue 16, item 5): the README's second command must not sit
 * silent. `script` gives the build a pseudo-terminal.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it, onTestFinished } from 'vitest'
import { runDecklabOnTerminal, terminalUnavailable } from '../support/on-terminal.js'

describe('build progress', () => {
  it.skipIf(terminalUnavailable !== undefined)(
    `on a terminal, says what it reads, renders and writes, then what it wrote${terminalUnavailable ? ` (skipped: ${terminalUnavailable})` : ''}`,
    async () => {
      const cwd = await mkdtemp(join(tmpdir(), 'decklab-progress-'))
      onTestFinished(() => rm(cwd, { recursive: true, force: true }))
      await writeFile(join(cwd, 'a.md'), 'START\nBasic\nQ\nBack: A\nEND\n')
      const { status, output } = runDecklabOnTerminal(['build'], { cwd })
      expect(status, output).toBe(0)
      const reading = output.indexOf('reading .…')
      const rendering = output.indexOf('rendering 1 note…')
      // Copying the media into the package can take seconds: not under "rendering".
      const writing = output.indexOf('writing dist/Default.apkg…')
      const wrote = output.indexOf('wrote dist/Default.apkg (1 note, 1 card, 0 media, 1 deck)')
      expect(reading).toBeGreaterThanOrEqual(0)
      expect(rendering).toBeGreaterThan(reading)
      expect(writing).toBeGreaterThan(rendering)
      expect(wrote).toBeGreaterThan(writing)
      // The status line is erased before the summary, so the terminal keeps only the summary.
      expect(output.slice(rendering, wrote)).toContain('\r\u001b[2K')
    },
  )

  // A first build writes and fsyncs each note file on its own: 9 s for 1,000 files here, which
  // the terminal showed as "rendering … 100%".
  it.skipIf(terminalUnavailable !== undefined)(
    'says it writes IDs into the notes, with the files done so far, before it writes the package',
    async () => {
      const cwd = await mkdtemp(join(tmpdir(), 'decklab-progress-'))
      onTestFinished(() => rm(cwd, { recursive: true, force: true }))
      for (let file = 0; file < 150; file += 1) {
        await writeFile(join(cwd, `n${file}.md`), `START\nBasic\nQ${file}\nBack: A\nEND\n`)
      }
      const { status, output } = runDecklabOnTerminal(['build'], { cwd })
      expect(status, output).toBe(0)
      const rendering = output.indexOf('rendering 150 notes…')
      const writingIds = output.indexOf('writing IDs into 150 files…')
      const counted = output.indexOf('writing IDs into 150 files… 75/150')
      const writing = output.indexOf('writing dist/Default.apkg…')
      expect(rendering, output).toBeGreaterThanOrEqual(0)
      expect(writingIds).toBeGreaterThan(rendering)
      expect(counted).toBeGreaterThan(writingIds)
      expect(writing).toBeGreaterThan(counted)
      expect(output).toContain('wrote 150 new IDs into 150 files')
    },
  )

  // A big vault's check took seconds with nothing on the terminal (7 s for 30,000 files), where
  // build, which runs the same steps, said what it was doing.
  it.skipIf(terminalUnavailable !== undefined)(
    'check says what it reads and checks on a terminal too, erased before its report',
    async () => {
      const cwd = await mkdtemp(join(tmpdir(), 'decklab-progress-'))
      onTestFinished(() => rm(cwd, { recursive: true, force: true }))
      await writeFile(join(cwd, 'a.md'), 'START\nBasic\nQ\nBack: A\nEND\n')
      const { status, output } = runDecklabOnTerminal(['check'], { cwd })
      expect(status, output).toBe(0)
      const reading = output.indexOf('reading .…')
      const checking = output.indexOf('checking 1 note…')
      const summary = output.indexOf('1 note, 1 card in 1 file; 0 errors, 0 warnings')
      expect(reading).toBeGreaterThanOrEqual(0)
      expect(checking).toBeGreaterThan(reading)
      expect(summary).toBeGreaterThan(checking)
      expect(output.slice(checking, summary)).toContain('\r\u001b[2K')
    },
  )

  // `stats` sat silent for 6 s on a 30,000-file vault, reading it, as check did before.
  it.skipIf(terminalUnavailable !== undefined)(
    'stats says what it reads on a terminal, erased before its report; not with --json',
    async () => {
      const cwd = await mkdtemp(join(tmpdir(), 'decklab-progress-'))
      onTestFinished(() => rm(cwd, { recursive: true, force: true }))
      await writeFile(join(cwd, 'a.md'), 'START\nBasic\nQ\nBack: A\n<!--ID: 1-->\nEND\n')
      const env = { DECKLAB_STATE_DIR: join(cwd, 'state') }
      const { status, output } = runDecklabOnTerminal(['stats'], { cwd, env })
      expect(status, output).toBe(0)
      const reading = output.indexOf('reading .…')
      const report = output.indexOf('Cards')
      expect(reading, output).toBeGreaterThanOrEqual(0)
      expect(report).toBeGreaterThan(reading)
      expect(output.slice(reading, report)).toContain('\r\u001b[2K')
      const json = runDecklabOnTerminal(['stats', '--json'], { cwd, env })
      expect(json.status, json.output).toBe(0)
      expect(json.output).not.toContain('reading')
    },
  )

  // A 5,000-file vault took 3 to 7 s to read behind a `reading .…` that never moved.
  it.skipIf(terminalUnavailable !== undefined)(
    'build, check and stats count the files read in a vault of 100 files or more, on one line',
    async () => {
      const cwd = await mkdtemp(join(tmpdir(), 'decklab-progress-'))
      onTestFinished(() => rm(cwd, { recursive: true, force: true }))
      for (let file = 0; file < 120; file += 1) {
        const id = 1_700_000_000_000 + file
        await writeFile(
          join(cwd, `n${file}.md`),
          `START\nBasic\nQ${file}\nBack: A\n<!--ID: ${id}-->\nEND\n`,
        )
      }
      const env = { DECKLAB_STATE_DIR: join(cwd, 'state') }
      for (const [command, verb] of [
        ['build', 'rendering 120 notes…'],
        ['check', 'checking 120 notes…'],
        ['stats', 'Cards'],
      ] as const) {
        const { status, output } = runDecklabOnTerminal([command], { cwd, env })
        expect(status, output).toBe(0)
        const reading = output.indexOf('reading .…')
        const counted = output.indexOf('\r\u001b[2Kreading .… 60/120 files')
        const all = output.indexOf('reading .… 120/120 files')
        const next = output.indexOf(verb)
        expect(reading, output).toBeGreaterThanOrEqual(0)
        expect(counted, output).toBeGreaterThan(reading)
        expect(all).toBeGreaterThan(counted)
        expect(next).toBeGreaterThan(all)
        // Redrawn at most once per percent: 100 lines for 120 files, not 120.
        expect(output.split('reading .… ').length - 1).toBeLessThanOrEqual(100)
      }
      // Fewer files are read in a blink: no count.
      await rm(join(cwd, 'n0.md'))
      for (let file = 1; file < 30; file += 1) await rm(join(cwd, `n${file}.md`))
      const few = runDecklabOnTerminal(['check'], { cwd, env })
      expect(few.status, few.output).toBe(0)
      expect(few.output).toContain('reading .…')
      expect(few.output).not.toContain('files\r')
      expect(few.output).not.toMatch(/reading \.… \d+\/\d+ files/)
    },
  )

  // A terminal that does not know its width (0 columns, as `script` under a pipe makes) took the
  // status line whole, while verify's and the quiz's lines are cut to `COLUMNS`.
  it.skipIf(terminalUnavailable !== undefined)(
    'cuts its status line to `COLUMNS` when the terminal does not know its width',
    async () => {
      const cwd = await mkdtemp(join(tmpdir(), 'decklab-progress-'))
      onTestFinished(() => rm(cwd, { recursive: true, force: true }))
      await writeFile(join(cwd, 'a.md'), 'START\nBasic\nQ\nBack: A\nEND\n')
      const { status, output } = runDecklabOnTerminal(['build'], { cwd, env: { COLUMNS: '20' } })
      expect(status, output).toBe(0)
      expect(output).toContain('\u001b[2Kwriting dist/Defau…')
      expect(output).not.toContain('writing dist/Default.apkg…')
      expect(output).toContain('wrote dist/Default.apkg (1 note, 1 card, 0 media, 1 deck)')
    },
  )
})
