/**
 * A build writes the IDs of every note or of none: a note it may not write
 * into (its folder, or the file, not writable for this user) is an error of
 * `check` and `--dry-run` too, and stops the build before any write. A write
 * that still fails midway leaves the IDs before it written: `ids` and the
 * report name exactly those. Root may write anything, so as root decklab
 * runs as `nobody`.
 */
import { spawnSync } from 'node:child_process'
import {
  chmodSync,
  chownSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { asNobody, asNobodyUnavailable, isRoot, nobody } from '../support/as-nobody.js'
import { decklabBin, runDecklab } from '../support/decklab.js'
import { fileSizeLimitUnavailable, runWithFileSizeLimit } from '../support/file-size-limit.js'
import { tempProject } from '../support/project.js'
import { fillDisk, fillDiskButOneBlock, tmpfsUnavailable } from '../support/tmpfs.js'

const why = asNobodyUnavailable(decklabBin)
const note = (question: string) => `START\nBasic\n${question}\nBack: An answer\nEND\n`

let dir: string | undefined

afterEach(() => {
  if (!dir) return
  chmodSync(join(dir, 'v', 'sub'), 0o755)
  rmSync(dir, { recursive: true, force: true })
  dir = undefined
})

/** A vault `v` with `top.md` and `sub/s.md`, each a note without an ID, all the user's (nobody's as root). */
function vault(): string {
  dir = mkdtempSync(join(tmpdir(), 'decklab-unwritable-'))
  chmodSync(dir, 0o755)
  const root = join(dir, 'v')
  mkdirSync(join(root, '.obsidian'), { recursive: true })
  mkdirSync(join(root, 'sub'))
  writeFileSync(join(root, 'top.md'), note('Top?'))
  writeFileSync(join(root, 'sub/s.md'), note('Sub?'))
  if (isRoot) {
    for (const path of ['', '.obsidian', 'sub', 'top.md', 'sub/s.md']) {
      chownSync(join(root, path), nobody, nobody)
    }
  }
  return root
}

/** decklab in `cwd`, as `nobody` when this runs as root. */
function run(cwd: string, ...args: string[]) {
  const [command, ...prefix] = isRoot ? asNobody : [process.execPath]
  const result = spawnSync(
    command!,
    [...prefix, ...(isRoot ? [process.execPath] : []), decklabBin, ...args],
    { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } },
  )
  return { code: result.status, stdout: result.stdout, stderr: result.stderr }
}

describe.skipIf(why !== undefined)(
  `a note decklab may not write into${why ? ` (skipped: ${why})` : ''}`,
  () => {
    it('in a folder it may not write in: check and --dry-run say so, and the build writes no ID', () => {
      const root = vault()
      chmodSync(join(root, 'sub'), 0o555)
      const refused = /^sub\/s\.md:1:1 error note-folder-not-writable .*\(`EACCES`\)/m
      for (const args of [['check'], ['build', '--dry-run']]) {
        const told = run(root, ...args)
        expect(told.stderr, args.join(' ')).toMatch(refused)
        expect(told.code, args.join(' ')).toBe(1)
      }
      const built = run(root, 'build', '--json')
      expect(built.code).toBe(1)
      const result = JSON.parse(built.stdout)
      expect(result).toMatchObject({ written: false, ids: [] })
      expect(result.diagnostics.map((entry: { code: string }) => entry.code)).toEqual([
        'note-folder-not-writable',
      ])
      expect(readFileSync(join(root, 'top.md'), 'utf8')).toBe(note('Top?'))
      expect(readFileSync(join(root, 'sub/s.md'), 'utf8')).toBe(note('Sub?'))
    })

    // "this user may not write (`EROFS`)" sent root to the file's mode, which allowed it.
    it.skipIf(!isRoot)(
      'on a read-only file system: check and build say so, and no ID is written',
      (context) => {
        const root = vault()
        const disk = join(root, 'ro')
        mkdirSync(disk)
        if (spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', disk]).status !== 0) {
          return context.skip()
        }
        try {
          writeFileSync(join(disk, 'r.md'), note('Read-only?'))
          expect(spawnSync('mount', ['-o', 'remount,ro', disk]).status).toBe(0)
          for (const args of [
            ['check', 'ro/r.md'],
            ['build', 'ro/r.md', '-o', join(root, 'out.apkg')],
          ]) {
            const told = runDecklab(args, { cwd: root })
            expect(told.stderr).toMatch(
              /^ro\/r\.md:1:1 error note-not-writable Unexpected note on a read-only file system \(`EROFS`\)/m,
            )
            expect(told.stderr).toContain('Remount that file system read-write')
            expect(told.code).toBe(1)
          }
          expect(readFileSync(join(disk, 'r.md'), 'utf8')).toBe(note('Read-only?'))
        } finally {
          spawnSync('umount', [disk])
        }
      },
    )

    it.skipIf(!isRoot)('owned by another user: check says so, and the build writes no ID', () => {
      const root = vault()
      // Writable by its owner (the mode says so), but not by nobody.
      chownSync(join(root, 'sub/s.md'), 0, 0)
      chmodSync(join(root, 'sub/s.md'), 0o644)
      const told = run(root, 'check')
      expect(told.stderr).toMatch(/^sub\/s\.md:1:1 error note-not-writable .*\(`EACCES`\)/m)
      expect(told.code).toBe(1)
      const built = run(root, 'build', '--json')
      expect(built.code).toBe(1)
      expect(JSON.parse(built.stdout)).toMatchObject({ written: false, ids: [] })
      expect(readFileSync(join(root, 'top.md'), 'utf8')).toBe(note('Top?'))
    })
  },
)

const prlimitWhy = fileSizeLimitUnavailable()

describe.skipIf(prlimitWhy !== undefined)(
  `a write that fails midway${prlimitWhy ? ` (skipped: ${prlimitWhy})` : ''}`,
  () => {
    // No check foresees this one: a file size limit that the last note's ID line passes.
    const limit = 65_536
    const big = 'z-big.md'
    // 10 bytes below the limit: its ID line (about 25 bytes) passes it.
    const bigNote = `${'p'.repeat(limit - 10 - note('Big?').length - 1)}\n${note('Big?')}`
    const build = (cwd: string, ...args: string[]) =>
      runWithFileSizeLimit(limit, ['build', ...args], { cwd })

    it('lists in --json only the IDs written, and the report names each one', async () => {
      const cwd = await tempProject(
        { '.obsidian/': '', 'a.md': `${note('A?')}\n${note('A2?')}`, [big]: bigNote },
        'decklab-midway-',
      )
      const built = build(cwd, '--json')
      expect(built.status).toBe(1)
      const result = JSON.parse(built.stdout)
      expect(result.diagnostics).toMatchObject([{ file: big, code: 'write-failed' }])
      expect(result.written).toBe(false)
      // Each at its note's START in the file as written: the first ID line moved the second from 7.
      expect(result.ids).toEqual([
        { file: 'a.md', line: 1, id: expect.any(Number) },
        { file: 'a.md', line: 8, id: expect.any(Number) },
      ])
      const id = result.ids[0].id
      const written = readFileSync(join(cwd, 'a.md'), 'utf8')
      expect(written).toContain(`<!--ID: ${id}-->`)
      expect(written.split('\n').slice(7, 10)).toEqual(['START', 'Basic', 'A2?'])
      expect(readFileSync(join(cwd, big), 'utf8')).toBe(bigNote)

      await writeFile(join(cwd, 'b.md'), note('B?'))
      const again = build(cwd)
      expect(again.status).toBe(1)
      expect(again.stderr).toMatch(
        /^wrote <!--ID: \d+--> to b\.md:1\nbuild failed: no package written; the IDs written stay in the notes$/m,
      )
    })

    // They were said at the lines as read, while the IDs beside them were at the lines as written.
    it('says the warnings of a file it wrote where that file has them now, as check does', async () => {
      const embed = 'START\nBasic\nA2? ![[nothere]]\nBack: b\nEND\n'
      const cwd = await tempProject(
        { '.obsidian/': '', 'a.md': `${note('A?')}\n${embed}`, [big]: bigNote },
        'decklab-midway-',
      )
      const built = build(cwd, '--json')
      expect(built.status).toBe(1)
      const { diagnostics, ids } = JSON.parse(built.stdout)
      expect(ids.map((write: { line: number }) => write.line)).toEqual([1, 8])
      const check = runDecklab(['check', '--json', 'a.md'], { cwd })
      const embedWarning = JSON.parse(check.stdout).diagnostics
      expect(embedWarning).toMatchObject([{ file: 'a.md', line: 10, code: 'unsupported-embed' }])
      expect(diagnostics).toEqual([...embedWarning, expect.objectContaining({ file: big })])
    })

    // The crash sweep's data loss: the links were written only after a write-back that succeeded.
    it('links the quiz progress of the notes whose IDs were written, so an edit keeps it', async () => {
      const cwd = await tempProject(
        { '.obsidian/': '', 'a.md': note('A?'), [big]: bigNote },
        'decklab-midway-',
      )
      const state = join(cwd, 'state')
      const quiz = runDecklab(['quiz', '--answers', '-', '--state', state, '--json'], {
        cwd,
        input: 'easy\neasy\n',
      })
      expect(quiz.code, quiz.stderr).toBe(0)
      const built = build(cwd, '--state', state, '--json')
      expect(built.status).toBe(1)
      const [written] = JSON.parse(built.stdout).ids
      const links = readFileSync(join(state, 'content-ids.jsonl'), 'utf8').trim().split('\n')
      expect(links.map((line) => JSON.parse(line).id)).toEqual([written.id])
      // Edited after its ID was written: still a reviewed card, not a new one.
      writeFileSync(
        join(cwd, 'a.md'),
        readFileSync(join(cwd, 'a.md'), 'utf8').replace('A?', 'A, edited?'),
      )
      const stats = runDecklab(['stats', '--state', state, '--json', 'a.md'], { cwd })
      expect(JSON.parse(stats.stdout)).toMatchObject({ cards: 1, new: 0 })
    })
  },
)

describe.skipIf(prlimitWhy !== undefined)(
  `a package write that fails after the IDs were written${prlimitWhy ? ` (skipped: ${prlimitWhy})` : ''}`,
  () => {
    it('is a package-write-failed error, and --json and the report list the IDs written', async () => {
      const cwd = await tempProject({ '.obsidian/': '', 'a.md': note('A?') }, 'decklab-pkg-')
      // Room for the note's new text, not for the package.
      const run = (...args: string[]) => runWithFileSizeLimit(8192, ['build', ...args], { cwd })
      const built = run('--json')
      expect(built.status).toBe(1)
      const result = JSON.parse(built.stdout)
      expect(result).toMatchObject({ written: false, ids: [{ file: 'a.md', line: 1 }] })
      expect(result.diagnostics).toMatchObject([
        { file: 'dist/Default.apkg', severity: 'error', code: 'package-write-failed' },
      ])
      expect(readFileSync(join(cwd, 'a.md'), 'utf8')).toContain(`<!--ID: ${result.ids[0].id}-->`)
      expect(readdirSync(join(cwd, 'dist')).filter((name) => name.endsWith('.apkg'))).toEqual([])
    })
  },
)

describe('a note whose name is near the file name limit', () => {
  it('gets its IDs: the temp file beside it takes a shortened name', async () => {
    const longName = `${'n'.repeat(240)}.md`
    const cwd = await tempProject({ '.obsidian/': '', [longName]: note('Long?') }, 'decklab-long-')
    const built = runDecklab(['build', '--json'], { cwd })
    expect(built.code, built.stderr).toBe(0)
    const [written] = JSON.parse(built.stdout).ids
    expect(readFileSync(join(cwd, longName), 'utf8')).toContain(`<!--ID: ${written.id}-->`)
    expect(readdirSync(cwd).filter((name) => name.includes('decklab-tmp'))).toEqual([])
  })
})

const tmpfsWhy = tmpfsUnavailable()

describe.skipIf(tmpfsWhy !== undefined)(
  `notes on a full disk${tmpfsWhy ? ` (skipped: ${tmpfsWhy})` : ''}`,
  () => {
    it('says to free space, not to make the files writable, and leaves the notes as they were', async () => {
      const cwd = await tempProject({}, 'decklab-full-')
      const disk = join(cwd, 'vault')
      mkdirSync(disk)
      expect(spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=16k', 'tmpfs', disk]).status).toBe(0)
      try {
        mkdirSync(join(disk, '.obsidian'))
        writeFileSync(join(disk, 'a.md'), note('A?'))
        // The vault's lock takes the last block, then the note's new copy finds the disk full.
        fillDiskButOneBlock(disk)
        const built = runDecklab(['build', 'vault', '-o', join(cwd, 'out.apkg')], { cwd })
        expect(built.code).toBe(1)
        expect(built.stderr).toMatch(
          /^vault\/a\.md:1:1 error write-failed Unexpected `ENOSPC` writing new IDs into the file, expected room on its disk$/m,
        )
        expect(built.stderr).toContain('Free some space on the disk of the notes')
        expect(readFileSync(join(disk, 'a.md'), 'utf8')).toBe(note('A?'))
      } finally {
        spawnSync('umount', [disk])
      }
    })
  },
)

describe.skipIf(tmpfsWhy !== undefined)(
  `a package's record in a state folder on a full disk${tmpfsWhy ? ` (skipped: ${tmpfsWhy})` : ''}`,
  () => {
    it('says the package and the new ID were written, and only the record was not', async () => {
      const cwd = await tempProject({ '.obsidian/': '', 'a.md': note('A?') }, 'decklab-full-state-')
      const away = mkdtempSync(join(tmpdir(), 'decklab-full-state-out-'))
      const disk = join(away, 'state')
      mkdirSync(disk)
      expect(spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=16k', 'tmpfs', disk]).status).toBe(0)
      try {
        writeFileSync(join(disk, 'filler'), '')
        fillDisk(join(disk, 'filler'), 0)
        const output = join(away, 'deck.apkg')
        const built = runDecklab(['build', '-o', output], { cwd, env: { DECKLAB_STATE_DIR: disk } })
        expect(built.code).toBe(2)
        // It was "decklab stopped there, and what it wrote before stays": was the package replaced?
        expect(built.stderr).toContain(
          `expected the system to take it: decklab stopped there: the package \`${output}\` was written and is whole, and so is the new ID in its note, but not its record for the next build; run the command again once that is fixed`,
        )
        expect(readdirSync(away)).toContain('deck.apkg')
        expect(readFileSync(join(cwd, 'a.md'), 'utf8')).toMatch(/<!--ID: \d+-->/)
      } finally {
        spawnSync('umount', [disk])
        rmSync(away, { recursive: true, force: true })
      }
    })
  },
)

describe.skipIf(tmpfsWhy !== undefined)(
  `a package on a full disk${tmpfsWhy ? ` (skipped: ${tmpfsWhy})` : ''}`,
  () => {
    it('is a system error that says to free space, not a usage error, and no package is left', async () => {
      const withId = 'START\nBasic\nA?\nBack: An answer\n<!--ID: 1700000000001-->\nEND\n'
      const cwd = await tempProject({ '.obsidian/': '', 'a.md': withId }, 'decklab-full-out-')
      const disk = join(cwd, 'out')
      mkdirSync(disk)
      expect(spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=16k', 'tmpfs', disk]).status).toBe(0)
      try {
        fillDiskButOneBlock(disk)
        const built = runDecklab(['build', '--frozen', '-o', 'out/deck.apkg', '--json'], { cwd })
        expect(built.code).toBe(2)
        expect(JSON.parse(built.stdout).error).toMatchObject({ code: 'system-error' })
        expect(built.stderr).toContain(
          'error Cannot write `out/deck.apkg`: no space left on the device (ENOSPC), expected the device to take it: free space there',
        )
        expect(built.stderr).not.toContain('--help')
        expect(readdirSync(disk).filter((name) => name.includes('deck'))).toEqual([])
      } finally {
        spawnSync('umount', [disk])
      }
    })

    it('after IDs were written, is package-write-failed saying to free space, with the IDs listed', async () => {
      const cwd = await tempProject({ '.obsidian/': '', 'a.md': note('A?') }, 'decklab-full-ids-')
      const disk = join(cwd, 'out')
      mkdirSync(disk)
      expect(spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=16k', 'tmpfs', disk]).status).toBe(0)
      try {
        fillDiskButOneBlock(disk)
        const built = runDecklab(['build', '-o', 'out/deck.apkg', '--json'], { cwd })
        expect(built.code).toBe(1)
        const result = JSON.parse(built.stdout)
        expect(result).toMatchObject({ written: false, ids: [{ file: 'a.md', line: 1 }] })
        expect(result.diagnostics).toMatchObject([
          {
            file: 'out/deck.apkg',
            code: 'package-write-failed',
            message: expect.stringContaining('free space there'),
          },
        ])
      } finally {
        spawnSync('umount', [disk])
      }
    })
  },
)

describe.skipIf(tmpfsWhy !== undefined)(
  `a build record on a full disk${tmpfsWhy ? ` (skipped: ${tmpfsWhy})` : ''}`,
  () => {
    // The record of a package built outside the vault goes to the state folder; a full
    // disk there was "ENOSPC from write", naming no file, as a write reports no path.
    it('is a system error naming the record file it could not write', async () => {
      const withId = 'START\nBasic\nA?\nBack: An answer\n<!--ID: 1700000000001-->\nEND\n'
      const cwd = await tempProject({ '.obsidian/': '', 'a.md': withId }, 'decklab-full-record-')
      const disk = join(cwd, 'state')
      mkdirSync(disk)
      expect(spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=16k', 'tmpfs', disk]).status).toBe(0)
      const out = mkdtempSync(join(tmpdir(), 'decklab-full-record-out-'))
      try {
        fillDiskButOneBlock(disk)
        const built = runDecklab(['build', '--frozen', '-o', join(out, 'deck.apkg'), '--json'], {
          cwd,
          env: { DECKLAB_STATE_DIR: join(disk, 'decklab') },
        })
        expect(built.code, built.stderr).toBe(2)
        expect(JSON.parse(built.stdout).error).toMatchObject({ code: 'system-error' })
        expect(built.stderr).toMatch(
          /^error Unexpected `ENOSPC` \(no space left on the device\) from (write|fsync) of `[^`]*\/decklab\/builds\/[^`/]+\/deck\.apkg\.json`/m,
        )
      } finally {
        spawnSync('umount', [disk])
        rmSync(out, { recursive: true, force: true })
      }
    })
  },
)

describe.skipIf(tmpfsWhy !== undefined)(
  `a vault on a full disk, with no room for its lock${tmpfsWhy ? ` (skipped: ${tmpfsWhy})` : ''}`,
  () => {
    // It was vault-not-writable, "ENOSPC, expected a writable vault folder": the folder was writable.
    it('is a system error that says to free space, and the note is left as it was', async () => {
      const cwd = await tempProject({}, 'decklab-full-lock-')
      const disk = join(cwd, 'vault')
      mkdirSync(disk)
      expect(spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=16k', 'tmpfs', disk]).status).toBe(0)
      try {
        mkdirSync(join(disk, '.obsidian'))
        writeFileSync(join(disk, 'a.md'), note('A?'))
        writeFileSync(join(disk, 'filler'), '')
        fillDisk(join(disk, 'filler'), 0)
        const built = runDecklab(['build', '-o', join(cwd, 'out.apkg'), '--json'], { cwd: disk })
        expect(built.code, built.stderr).toBe(2)
        expect(JSON.parse(built.stdout).error).toMatchObject({ code: 'system-error' })
        expect(built.stderr).toContain(
          'no space left on the device (ENOSPC), expected room on its disk: free some space there',
        )
        expect(readFileSync(join(disk, 'a.md'), 'utf8')).toBe(note('A?'))
      } finally {
        spawnSync('umount', [disk])
      }
    })
  },
)
