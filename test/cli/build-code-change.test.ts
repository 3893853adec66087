/**
 * The "nothing changed" shortcut and the code: a package built by one
 * version of a fingerprinted module is rebuilt once that module changes,
 * even though `code-fingerprint.json` (written at compile time) was not.
 */
import { spawnSync } from 'node:child_process'
import { appendFileSync, existsSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { fingerprintFileName } from '../../src/rebuild/fingerprint-record.js'
import { installedCopy } from '../support/installed-copy.js'
import { tempProject } from '../support/project.js'

/** A copy of the built package (its own `lib/`), with the fingerprint recorded for the copy. */
async function fingerprintedCopy(): Promise<string> {
  const copy = await installedCopy(['scripts'])
  const written = spawnSync(process.execPath, ['scripts/write-code-fingerprint.mjs'], {
    cwd: copy,
    encoding: 'utf8',
  })
  expect(written.status, written.stderr).toBe(0)
  expect(existsSync(join(copy, 'lib/src', fingerprintFileName))).toBe(true)
  return copy
}

describe('build after a code change', () => {
  it('writes the package again when a fingerprinted module changed', async () => {
    const install = await fingerprintedCopy()
    const project = await tempProject({
      'notes/a.md':
        '---\ndeck: Code\n---\nSTART\nBasic\nQ\nBack: A\n<!--ID: 1708611033509-->\nEND\n',
    })
    const build = () => {
      const result = spawnSync(process.execPath, [join(install, 'lib/src/main.js'), 'build'], {
        cwd: project,
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1' },
      })
      expect(result.status, result.stderr).toBe(0)
      return result.stderr
    }
    expect(build()).toMatch(/^wrote dist\/Code.apkg/m)
    expect(build()).toMatch(/^unchanged dist\/Code.apkg/m)
    // A renderer change (here only a comment) may change the package: the shortcut must not apply.
    appendFileSync(join(install, 'lib/src/render/markdown.js'), '// changed\n')
    expect(build()).toMatch(/^wrote dist\/Code.apkg/m)
    expect(build()).toMatch(/^unchanged dist\/Code.apkg/m)
    // So may markdown-it's reading rules (callouts, comments, math) and the text helpers the
    // renderer uses: both were left out of the fingerprint, and a fix there kept old packages.
    for (const module of ['markdown/callout.js', 'text/fences.js', 'fs/regular-file.js']) {
      appendFileSync(join(install, 'lib/src', module), '// changed\n')
      expect(build(), module).toMatch(/^wrote dist\/Code.apkg/m)
      expect(build(), module).toMatch(/^unchanged dist\/Code.apkg/m)
    }
  })
})
