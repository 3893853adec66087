/**
 * `decklab build` of the shipped deck (`notes/`) and of every Obsidian_to_Anki conformance vault: each package
 * passes the shared validator with `--strict`, and a second build passes
 * `--same-as` the first (same GUIDs, notetype ids and deck names). Builds
 * run on copies, since build writes IDs back into the notes.
 */
import { spawnSync } from 'node:child_process'
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { packageRoot } from '../../src/package-info.js'
import { sharedPath, sharedPathUnavailable } from '../support/shared-folder.js'
import { validateApkg, validatorUnavailable } from './validator.js'

const suitesDirectory = sharedPath('conformance', 'obsidian_to_anki', 'suites')
const bin = join(packageRoot(), 'lib', 'src', 'main.js')
const suitesUnavailable = sharedPathUnavailable(suitesDirectory, 'the conformance suites')
const suites =
  suitesUnavailable === undefined
    ? readdirSync(suitesDirectory, { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => entry.name)
        .sort()
    : []
const unavailable =
  suitesUnavailable ??
  (existsSync(bin) ? validatorUnavailable() : 'decklab is not built (run `npx tsc -p .`)')

let root: string | undefined
afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true })
})

/** The upstream layout: `<vault>/.obsidian` (the suite's settings) and `<vault>/<suite>/`. */
function copyVault(suite: string): string {
  root ??= mkdtempSync(join(tmpdir(), 'decklab-conformance-'))
  const vault = join(root, suite)
  cpSync(join(suitesDirectory, suite), join(vault, suite), { recursive: true })
  mkdirSync(join(vault, '.obsidian'), { recursive: true })
  const settings = join(vault, suite, '.obsidian')
  if (existsSync(settings)) {
    cpSync(settings, join(vault, '.obsidian'), { recursive: true })
    rmSync(settings, { recursive: true, force: true })
  }
  makeWritable(vault)
  return vault
}

/** The shared fixtures are read-only; the copies must take IDs. */
function makeWritable(path: string): void {
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    const child = join(path, entry.name)
    if (entry.isDirectory()) {
      chmodSync(child, 0o755)
      makeWritable(child)
    } else chmodSync(child, 0o644)
  }
  chmodSync(path, 0o755)
}

function build(vault: string, suite: string, output: string) {
  const result = spawnSync(process.execPath, [bin, 'build', suite, '-o', output, '--json'], {
    cwd: vault,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  })
  return { code: result.status, stdout: result.stdout, stderr: result.stderr }
}

describe.skipIf(unavailable !== undefined)(
  `conformance vaults build valid packages${unavailable ? ` (skipped: ${unavailable})` : ''}`,
  () => {
    it.each(suites)('%s', (suite) => {
      const vault = copyVault(suite)
      const first = build(vault, suite, 'first.apkg')
      // With --json the problems are on stderr too: warnings at most (image_sync has one).
      expect(first.stderr).not.toMatch(/^\S+ error /m)
      expect(JSON.parse(first.stdout).diagnostics.length > 0).toBe(first.stderr !== '')
      expect(first.code).toBe(0)
      const summary = JSON.parse(first.stdout)
      expect(summary.output).toBe('first.apkg')
      expect(summary.notes).toBeGreaterThan(0)
      const strict = validateApkg(join(vault, 'first.apkg'))
      expect(strict.output).not.toMatch(/\bwarn\b|INVALID/)
      expect(strict.code).toBe(0)

      const second = build(vault, suite, 'second.apkg')
      expect(second.stderr).not.toMatch(/^\S+ error /m)
      expect(second.code).toBe(0)
      expect(JSON.parse(second.stdout).notes).toBe(summary.notes)
      const same = validateApkg(join(vault, 'second.apkg'), join(vault, 'first.apkg'))
      expect(same.output).not.toMatch(/\bwarn\b|INVALID/)
      expect(same.code).toBe(0)
    })
  },
)

const validatorMissing = existsSync(bin) ? validatorUnavailable() : 'decklab is not built'

describe.skipIf(validatorMissing !== undefined)(
  `the shipped notes build a valid package${validatorMissing ? ` (skipped: ${validatorMissing})` : ''}`,
  () => {
    it('notes/', () => {
      root ??= mkdtempSync(join(tmpdir(), 'decklab-conformance-'))
      const project = join(root, 'shipped')
      cpSync(join(packageRoot(), 'notes'), join(project, 'notes'), { recursive: true })
      const first = build(project, 'notes', 'first.apkg')
      expect(first.stderr).toBe('')
      expect(first.code).toBe(0)
      expect(JSON.parse(first.stdout).notes).toBeGreaterThan(0)
      const strict = validateApkg(join(project, 'first.apkg'))
      expect(strict.output).not.toMatch(/\bwarn\b|INVALID/)
      expect(strict.code).toBe(0)
      const second = build(project, 'notes', 'second.apkg')
      expect(second.stderr).toBe('')
      expect(second.code).toBe(0)
      const same = validateApkg(join(project, 'second.apkg'), join(project, 'first.apkg'))
      expect(same.output).not.toMatch(/\bwarn\b|INVALID/)
      expect(same.code).toBe(0)
    })
  },
)
