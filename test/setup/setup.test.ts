/**
 * A fresh clone's setup (issue 16, items 5 and 7): `npm install` leaves the
 * lock as committed, `prepare` compiles only when sources changed (npx runs
 * it again on the first `npx decklab`), and the compiled CLI lives in `lib/`,
 * apart from the decks in `dist/`.
 */

import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import {
  copyFile,
  mkdir,
  mkdtemp,
  readFile,
  rm,
  stat,
  symlink,
  utimes,
  writeFile,
} from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it, onTestFinished } from 'vitest'
import { packageRoot } from '../../src/package-info.js'

const root = packageRoot()

async function temp(): Promise<string> {
  const directory = await mkdtemp(join(tmpdir(), 'decklab-setup-'))
  onTestFinished(() => rm(directory, { recursive: true, force: true }))
  return directory
}

describe('the lock file', () => {
  it('fill-lock-platforms writes its entries as npm does, so npm install does not rewrite them', async () => {
    const lockText = await readFile(join(root, 'package-lock.json'), 'utf8')
    const lock = JSON.parse(lockText) as { packages: Record<string, Record<string, unknown>> }
    // The script's entries: optional platform packages npm could not fetch (no integrity).
    const generated = Object.keys(lock.packages).filter(
      (path) => path !== '' && lock.packages[path]!.optional && !lock.packages[path]!.integrity,
    )
    expect(generated.length).toBeGreaterThan(0)
    expect(generated.some((path) => lock.packages[path]!.libc)).toBe(true)
    for (const path of generated) delete lock.packages[path]
    const directory = await temp()
    const file = join(directory, 'package-lock.json')
    await writeFile(file, `${JSON.stringify(lock, null, 2)}\n`)
    const result = spawnSync(process.execPath, [join(root, '.ci/fill-lock-platforms.mjs'), file], {
      encoding: 'utf8',
    })
    expect(result.status, result.stderr).toBe(0)
    expect(await readFile(file, 'utf8')).toBe(lockText)
  })
})

describe('prepare', () => {
  it('compiles when a source is newer than the last compile, and only then', async () => {
    const project = await temp()
    await mkdir(join(project, 'scripts'))
    await mkdir(join(project, 'src'))
    await mkdir(join(project, 'labs'))
    await copyFile(
      join(root, 'scripts/compile-if-stale.mjs'),
      join(project, 'scripts/compile-if-stale.mjs'),
    )
    await copyFile(
      join(root, 'scripts/forward-old-bin.mjs'),
      join(project, 'scripts/forward-old-bin.mjs'),
    )
    // The real step that makes the bin executable (tsc writes 0644), for the bin named here.
    await copyFile(
      join(root, 'scripts/mark-bin-executable.mjs'),
      join(project, 'scripts/mark-bin-executable.mjs'),
    )
    await writeFile(join(project, 'package.json'), JSON.stringify({ bin: { a: 'lib/src/a.js' } }))
    // The catalog and code fingerprint steps run after tsc; here stand-ins that record they ran.
    await writeFile(
      join(project, 'scripts/write-lab-catalog.mjs'),
      "import { writeFileSync } from 'node:fs'\nwriteFileSync('lib/catalog-written', '')\n",
    )
    await writeFile(
      join(project, 'scripts/write-code-fingerprint.mjs'),
      "import { writeFileSync } from 'node:fs'\nwriteFileSync('lib/fingerprint-written', '')\n",
    )
    await writeFile(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { outDir: 'lib', rootDir: '.', module: 'NodeNext', types: [] },
        include: ['src/**/*.ts'],
      }),
    )
    await writeFile(join(project, 'src/a.ts'), 'export const a: number = 1\n')
    await symlink(join(root, 'node_modules'), join(project, 'node_modules'))
    const prepare = () =>
      spawnSync(process.execPath, ['scripts/compile-if-stale.mjs'], {
        cwd: project,
        encoding: 'utf8',
        timeout: 120_000,
      })

    const first = prepare()
    expect(first.status, first.stderr).toBe(0)
    expect(first.stderr).toContain('compiling')
    expect(await readFile(join(project, 'lib/src/a.js'), 'utf8')).toContain('a = 1')
    expect(existsSync(join(project, 'lib/catalog-written'))).toBe(true)
    expect(existsSync(join(project, 'lib/fingerprint-written'))).toBe(true)
    expect((await stat(join(project, 'lib/src/a.js'))).mode & 0o777).toBe(0o755)
    const compiled = (await stat(join(project, 'lib/.compiled'))).mtimeMs

    const second = prepare()
    expect(second.status).toBe(0)
    expect(second.stderr).toContain('up to date')
    expect((await stat(join(project, 'lib/.compiled'))).mtimeMs).toBe(compiled)

    await writeFile(join(project, 'src/a.ts'), 'export const a: number = 2\n')
    const later = new Date(Date.now() + 5_000)
    await utimes(join(project, 'src/a.ts'), later, later)
    const third = prepare()
    expect(third.status, third.stderr).toBe(0)
    expect(third.stderr).toContain('compiling')
    expect(await readFile(join(project, 'lib/src/a.js'), 'utf8')).toContain('a = 2')
    // Two runs of tsc: a generous ceiling on a shared machine, never a pass condition.
  }, 300_000)

  it('turns the CLI compiled into dist/ before lib/ into a link to lib/, as npx still runs it', async () => {
    // A clone that ran `npx decklab` before the CLI moved to lib/ (323e3f9c) keeps,
    // in npm's npx cache, the bin link npx made then: ../decklab/dist/src/main.js.
    // npx reuses that link after a pull, so it ran the old compile left in dist/.
    const project = await temp()
    await mkdir(join(project, 'scripts'))
    await copyFile(
      join(root, 'scripts/forward-old-bin.mjs'),
      join(project, 'scripts/forward-old-bin.mjs'),
    )
    await mkdir(join(project, 'lib/src'), { recursive: true })
    await writeFile(
      join(project, 'lib/src/main.js'),
      "process.stdout.write('new ' + process.argv.slice(2).join(' '))\n",
    )
    await mkdir(join(project, 'dist/src/commands'), { recursive: true })
    await mkdir(join(project, 'dist/labs'))
    await mkdir(join(project, 'dist/.decklab-build'))
    await writeFile(join(project, 'dist/src/main.js'), "process.stdout.write('old')\n")
    await writeFile(join(project, 'dist/src/package-info.js'), 'export {}\n')
    await writeFile(join(project, 'dist/src/commands/build.js'), 'export {}\n')
    await writeFile(join(project, 'dist/labs/stream-echo.js'), 'export {}\n')
    await writeFile(join(project, 'dist/Deck.apkg'), 'deck')
    await writeFile(join(project, 'dist/.decklab-build/index.json'), '{}')
    const forward = () =>
      spawnSync(process.execPath, ['scripts/forward-old-bin.mjs'], {
        cwd: project,
        encoding: 'utf8',
      })
    const first = forward()
    expect(first.status, first.stderr).toBe(0)
    expect(first.stderr).toContain('dist/src/main.js')
    const run = spawnSync(join(project, 'dist/src/main.js'), ['check', 'x'], { encoding: 'utf8' })
    expect(run.status, run.stderr).toBe(0)
    expect(run.stdout).toBe('new check x')
    // The old compile is gone; the decks and their records stay.
    expect(existsSync(join(project, 'dist/src/commands'))).toBe(false)
    expect(existsSync(join(project, 'dist/labs'))).toBe(false)
    expect(await readFile(join(project, 'dist/Deck.apkg'), 'utf8')).toBe('deck')
    expect(existsSync(join(project, 'dist/.decklab-build/index.json'))).toBe(true)
    // Once forwarded, or in a clone that never had the old layout, it does nothing.
    const again = forward()
    expect(again.status).toBe(0)
    expect(again.stderr).toBe('')
    const fresh = await temp()
    await mkdir(join(fresh, 'scripts'))
    await copyFile(
      join(root, 'scripts/forward-old-bin.mjs'),
      join(fresh, 'scripts/forward-old-bin.mjs'),
    )
    const none = spawnSync(process.execPath, ['scripts/forward-old-bin.mjs'], {
      cwd: fresh,
      encoding: 'utf8',
    })
    expect(none.status).toBe(0)
    expect(existsSync(join(fresh, 'dist'))).toBe(false)
  })

  it('is what package.json runs, and the binary and the decks do not share dist/', async () => {
    const manifest = JSON.parse(await readFile(join(root, 'package.json'), 'utf8'))
    expect(manifest.scripts.prepare).toBe('node scripts/compile-if-stale.mjs')
    // Both also keep a clone's old `npx decklab` link working (see the test above).
    expect(manifest.scripts.build).toMatch(/&& node scripts\/forward-old-bin.mjs$/)
    expect(await readFile(join(root, 'scripts/compile-if-stale.mjs'), 'utf8')).toContain(
      'forward-old-bin.mjs',
    )
    // `npm run build` makes the bin executable too, after tsc.
    expect(manifest.scripts.build).toMatch(
      /^tsc -p tsconfig.json && node scripts\/mark-bin-executable.mjs && /,
    )
    expect(manifest.bin.decklab).toBe('lib/src/main.js')
    for (const file of manifest.files) expect(file).not.toMatch(/^dist\//)
    const tsconfig = JSON.parse(await readFile(join(root, 'tsconfig.json'), 'utf8'))
    expect(tsconfig.compilerOptions.outDir).toBe('lib')
    const { defaultOutputPath } = await import('../../src/commands/build/output-path.js')
    expect(defaultOutputPath('/v', ['Deck'])).toBe('/v/dist/Deck.apkg')
  })
})
