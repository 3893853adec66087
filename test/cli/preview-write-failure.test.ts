// A preview folder the system will not let decklab write (no permission, a
// read-only or full disk, a file size limit) is exit 2 naming the reason
// (`output-not-writable`, or `system-error` for a full disk), never a crash;
// and a run that stopped part way leaves a folder the next run takes up
// again, rather than one it refuses as not its own.
import { spawnSync } from 'node:child_process'
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it, onTestFinished } from 'vitest'
import { asNobody, isRoot } from '../support/as-nobody.js'
import { decklabBin } from '../support/decklab.js'

const fixtureVault = fileURLToPath(new URL('../preview/fixtures/vault', import.meta.url))

/** A fresh folder anyone may read, holding the fixture vault as `notes/`. */
function workspace(): string {
  const cwd = mkdtempSync(join(tmpdir(), 'decklab-preview-write-'))
  onTestFinished(() => rmSync(cwd, { recursive: true, force: true }))
  chmodSync(cwd, 0o755)
  cpSync(fixtureVault, join(cwd, 'notes'), { recursive: true })
  return cwd
}

/** `decklab …` in `cwd` through `sh -c`, after `setup` (e.g. `ulimit -f 8`). */
function decklab(cwd: string, args: string[], setup = '', prefix: string[] = []) {
  return spawnSync(
    'sh',
    [
      '-c',
      `${setup}${setup === '' ? '' : '; '}exec "$@"`,
      'sh',
      ...prefix,
      process.execPath,
      decklabBin,
      ...args,
    ],
    { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } },
  )
}

function manifest(folder: string): string[] {
  return JSON.parse(readFileSync(join(folder, '.decklab-preview.json'), 'utf8')).files
}

describe('decklab preview, when the output cannot be written', () => {
  it('stopped by a file size limit part way: exit 2 naming the file, and the next run takes the folder up', () => {
    const cwd = workspace()
    // 8 blocks: the manifest and the small image fit, KaTeX's stylesheet does not.
    const stopped = decklab(cwd, ['preview', '-o', 'site'], 'ulimit -f 8')
    expect(stopped.stderr).toMatch(/^error Cannot write `site\/[^`]+`: .*\(EFBIG\)/m)
    expect(stopped.stderr).not.toMatch(/internal error|\n\s+at /)
    expect(stopped.status).toBe(2)
    const site = join(cwd, 'site')
    // What it left is listed as its own, and nothing it did not begin.
    expect(readdirSync(site).length).toBeGreaterThan(1)
    // Each file, down to the KaTeX files in their folder.
    for (const entry of readdirSync(site, { recursive: true, withFileTypes: true })) {
      if (!entry.isDirectory()) {
        expect(manifest(site)).toContain(relative(site, join(entry.parentPath, entry.name)))
      }
    }
    expect(manifest(site)).not.toContain('index.html')

    // A file the user puts there meanwhile is never decklab's to remove.
    writeFileSync(join(site, 'mine.txt'), 'mine')
    const again = decklab(cwd, ['preview', '-o', 'site'])
    expect(again.stderr).toContain('wrote site/index.html')
    expect(again.status).toBe(0)
    expect(readFileSync(join(site, 'mine.txt'), 'utf8')).toBe('mine')
    expect(manifest(site)).not.toContain('mine.txt')
    expect(manifest(site)).toContain('index.html')
  })

  it('in a folder it may not write: exit 2, permission denied (EACCES)', (context) => {
    const cwd = workspace()
    // Root may write anywhere, so as root decklab runs as `nobody`; anyone else is shut out by the mode.
    const prefix = isRoot ? asNobody : []
    if (isRoot && decklab(cwd, ['--version'], '', prefix).status !== 0) {
      return context.skip('setpriv is missing, or `nobody` cannot run this checkout')
    }
    chmodSync(cwd, 0o555)
    onTestFinished(() => chmodSync(cwd, 0o755))
    const result = decklab(cwd, ['preview', '-o', 'site'], '', prefix)
    expect(result.stderr).toContain(
      'error Cannot write `site`: permission denied (EACCES), expected a writable output folder',
    )
    expect(result.status).toBe(2)
    expect(existsSync(join(cwd, 'site'))).toBe(false)
  })
})

/** Mount a tmpfs at `folder` (root only); false where mounting is not allowed. */
function mountTmpfs(folder: string, options: string): boolean {
  mkdirSync(folder, { recursive: true })
  const result = spawnSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', folder])
  if (result.status !== 0) return false
  onTestFinished(() => {
    spawnSync('umount', [folder])
  })
  return true
}

describe.skipIf(!isRoot)('decklab preview on a read-only or full file system (root)', () => {
  it('a read-only disk: exit 2, read-only file system (EROFS), not "no such file"', (context) => {
    const cwd = workspace()
    if (!mountTmpfs(join(cwd, 'ro'), 'ro')) return context.skip()
    const result = decklab(cwd, ['preview', '-o', 'ro/a/site'])
    expect(result.stderr).toContain(
      'error Cannot write `ro/a/site`: read-only file system (EROFS), expected a writable output folder',
    )
    expect(result.status).toBe(2)
  })

  it('a full disk: exit 2 (ENOSPC), and once there is room the retry writes the site', (context) => {
    const cwd = workspace()
    const disk = join(cwd, 'small')
    if (!mountTmpfs(disk, 'size=8k')) return context.skip()
    const full = decklab(cwd, ['preview', '-o', 'small/site'])
    expect(full.stderr).toMatch(
      /^error Cannot write `small\/site[^`]*`: no space left on the device \(ENOSPC\)/m,
    )
    expect(full.status).toBe(2)
    expect(spawnSync('mount', ['-o', 'remount,size=8m', disk]).status).toBe(0)
    const again = decklab(cwd, ['preview', '-o', 'small/site'])
    expect(again.stderr).toContain('wrote small/site/index.html')
    expect(again.status).toBe(0)
  })
})
