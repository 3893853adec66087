/**
 * On a terminal, `decklab build` shows what it is doing before the package
 * is written (issue 16, item 5): the README's second command must not sit
 * silent. `script` gives the build a pseudo-terminal.
 */
import { spawnSync } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it, onTestFinished } from 'vitest'
import { findExecutable } from '../../src/labs/requirements.js'
import { decklabBin } from '../support/decklab.js'

const script = await findExecutable('script')
const shellQuote = (word: string) => `'${word.replaceAll("'", `'\\''`)}'`

describe('build progress', () => {
  it.skipIf(!script)(
    `on a terminal, says what it reads, renders and writes, then what it wrote${script ? '' : ' (skipped: no `script` to make a terminal)'}`,
    async () => {
      const cwd = await mkdtemp(join(tmpdir(), 'decklab-progress-'))
      onTestFinished(() => rm(cwd, { recursive: true, force: true }))
      await writeFile(join(cwd, 'a.md'), 'START\nBasic\nQ\nBack: A\nEND\n')
      const command = `${shellQuote(process.execPath)} ${shellQuote(decklabBin)} build`
      const result = spawnSync('script', ['-qec', command, '/dev/null'], {
        cwd,
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1' },
        timeout: 60_000,
      })
      expect(result.status, result.stdout).toBe(0)
      const output = result.stdout
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
})
