/**
 * A `Lab:` link to a lab whose source in `labs/` was written (or brought by
 * a `git pull`) and not compiled since: `check` and `build` read the
 * compiled catalog, so the link is unknown to them, and the error says what
 * to run instead of leaving it to look like a typo.
 */
import { mkdirSync, utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runDecklabAsync } from '../support/decklab.js'
import { installedCopy } from '../support/installed-copy.js'
import { tempProject } from '../support/project.js'

async function installWithSources(): Promise<string> {
  const install = await installedCopy()
  mkdirSync(join(install, 'labs'))
  // A new lab, never compiled.
  writeFileSync(join(install, 'labs/new-one.ts'), 'export default {}\n')
  // A shipped lab edited after its compile (one more check in the source).
  writeFileSync(join(install, 'labs/stream-echo.ts'), 'export default {}\n')
  const later = new Date(Date.now() + 60_000)
  utimesSync(join(install, 'labs/stream-echo.ts'), later, later)
  return install
}

const notes = {
  'notes/cards.md': [
    'START',
    'Basic',
    'Front',
    'Back: back',
    'Lab: new-one#x, stream-echo#new-check, stream-echo#echo-roundtrip',
    '<!--ID: 1763799000051-->',
    'END',
    '',
  ].join('\n'),
}

describe('a link to a lab whose source is not compiled yet', () => {
  it.each([
    ['check', ['check', '--json']],
    ['build', ['build', '-o', 'out/deck.apkg', '--json']],
  ])('%s names the source and `npm run build`', async (_name, args) => {
    const install = await installWithSources()
    const cwd = await tempProject(notes)
    const result = await runDecklabAsync(args, { cwd, bin: join(install, 'lib/src/main.js') })
    expect(result.code).toBe(1)
    const { diagnostics } = JSON.parse(result.stdout) as {
      diagnostics: { code: string; column: number; message: string; hint?: string }[]
    }
    expect(diagnostics.map(({ code, column, hint }) => ({ code, column, hint }))).toEqual([
      {
        code: 'unknown-lab',
        column: 6,
        hint: 'labs/new-one.ts is not compiled yet, so decklab does not know it: run `npm run build`',
      },
      {
        code: 'unknown-lab',
        column: 17,
        hint: 'labs/stream-echo.ts changed since it was compiled, so decklab runs its old code: run `npm run build`',
      },
    ])
    expect(result.stderr).toContain('  hint: labs/new-one.ts is not compiled yet')
  })

  it('says nothing more when the lab has no source (an installed package)', async () => {
    const install = await installedCopy()
    const cwd = await tempProject(notes)
    const result = await runDecklabAsync(['check', '--json'], {
      cwd,
      bin: join(install, 'lib/src/main.js'),
    })
    expect(result.code).toBe(1)
    const { diagnostics } = JSON.parse(result.stdout) as { diagnostics: { hint?: string }[] }
    expect(diagnostics).toHaveLength(2)
    expect(diagnostics.every((diagnostic) => diagnostic.hint === undefined)).toBe(true)
  })
})

// A lab removed (or renamed) in a checkout: its compiled module stays in lib/labs/ until the
// next build, and `check` accepted a link to it; the course then failed in a fresh clone,
// and after that build, with `unknown-lab`.
describe('a link to a lab whose source is gone from a checkout', () => {
  it.each([
    ['check', ['check', '--json']],
    ['verify', ['verify', '--json']],
  ])('%s refuses it, names the source and `npm run build`', async (_name, args) => {
    const install = await installedCopy()
    mkdirSync(join(install, 'labs'))
    // stream-echo is still there (not newer than its module); missing-socket was removed.
    writeFileSync(join(install, 'labs/stream-echo.ts'), 'export default {}\n')
    const earlier = new Date(Date.now() - 3_600_000)
    utimesSync(join(install, 'labs/stream-echo.ts'), earlier, earlier)
    const cwd = await tempProject({
      'notes/cards.md': [
        'START',
        'Basic',
        'Front',
        'Back: back',
        'Lab: missing-socket#connect-enoent',
        '<!--ID: 1763799000051-->',
        'END',
        '',
      ].join('\n'),
    })
    const result = await runDecklabAsync(args, { cwd, bin: join(install, 'lib/src/main.js') })
    expect(result.code, result.stderr).toBe(1)
    const { diagnostics } = JSON.parse(result.stdout) as {
      diagnostics: { code: string; hint?: string }[]
    }
    expect(diagnostics.map(({ code, hint }) => ({ code, hint }))).toEqual([
      {
        code: 'unknown-lab',
        hint: 'labs/missing-socket.ts is gone (removed or renamed), but decklab still runs its compiled lib/labs/missing-socket.js: run `npm run build`',
      },
    ])
  })
})

// A lab whose check names come from shared code (labs/common/names.ts) edited and not compiled:
// the new name was unknown to `check` with nothing said of why.
describe('a link to a check named in shared code not compiled since', () => {
  it('check names the shared module and `npm run build`', async () => {
    const install = await installedCopy()
    mkdirSync(join(install, 'labs/common'), { recursive: true })
    mkdirSync(join(install, 'lib/labs/common'), { recursive: true })
    writeFileSync(join(install, 'labs/stream-echo.ts'), 'export default {}\n')
    const earlier = new Date(Date.now() - 3_600_000)
    utimesSync(join(install, 'labs/stream-echo.ts'), earlier, earlier)
    writeFileSync(join(install, 'lib/labs/common/names.js'), 'export const names = []\n')
    utimesSync(join(install, 'lib/labs/common/names.js'), earlier, earlier)
    writeFileSync(join(install, 'labs/common/names.ts'), "export const names = ['new-check']\n")
    const cwd = await tempProject({
      'notes/cards.md': [
        'START',
        'Basic',
        'Front',
        'Back: back',
        'Lab: stream-echo#new-check',
        'END',
        '',
      ].join('\n'),
    })
    const result = await runDecklabAsync(['check', '--json'], {
      cwd,
      bin: join(install, 'lib/src/main.js'),
    })
    expect(result.code, result.stderr).toBe(1)
    const { diagnostics } = JSON.parse(result.stdout) as {
      diagnostics: { code: string; hint?: string }[]
    }
    expect(diagnostics.map(({ code, hint }) => ({ code, hint }))).toEqual([
      {
        code: 'unknown-lab',
        hint: 'labs/common/names.ts changed since it was compiled, so decklab runs its old code: run `npm run build`',
      },
    ])
  })
})
