/**
 * The ID write-back while the notes change under it. A module preloaded into
 * decklab (`test/support/write-back-hooks.mjs`) runs a shell command at an
 * exact point (the vault lock just taken, a temp file just created, a temp
 * file about to be renamed over its note), so each change is held, not raced.
 */
import { spawnSync } from 'node:child_process'
import { chmodSync, chownSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { asNobody, asNobodyUnavailable, isRoot, nobody } from '../support/as-nobody.js'
import { decklabBin } from '../support/decklab.js'
import { tempProject } from '../support/project.js'

const hooks = new URL('../support/write-back-hooks.mjs', import.meta.url).href
const note = (question: string) => `START\nBasic\n${question}\nBack: An answer\nEND\n`

/** A vault `v` (beside a folder `elsewhere`) with notes a.md, b.md, … without IDs. */
async function vault(count = 3): Promise<{ root: string; names: string[]; dir: string }> {
  const names = Array.from({ length: count }, (_, index) => `${String.fromCharCode(97 + index)}.md`)
  const files: Record<string, string> = { 'v/.obsidian/': '', 'elsewhere/': '' }
  for (const name of names) files[`v/${name}`] = note(`${name}?`)
  const dir = await tempProject(files, 'decklab-races-')
  return { root: join(dir, 'v'), names, dir }
}

/**
 * `decklab build` in `root` with the hooks of `env`. A decklab that hangs is
 * killed (SIGKILL: a hang in `open` outlives any other signal) at a timeout
 * far above any run's length, and fails the test without an exit code.
 */
function build(root: string, env: Record<string, string>, ...args: string[]) {
  const result = spawnSync(process.execPath, [decklabBin, 'build', '-o', '../out.apkg', ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', NODE_OPTIONS: `--import=${hooks}`, ...env },
    timeout: 30_000,
    killSignal: 'SIGKILL',
  })
  const run = { code: result.status, stdout: result.stdout, stderr: result.stderr }
  expect(run.code, run.stderr).not.toBe(null)
  return run
}

/** Whatever decklab left in the vault that is not a note (temp files, the lock). */
function leftovers(root: string): string[] {
  return readdirSync(root).filter((name) => name.startsWith('.') && name !== '.obsidian')
}

describe('a note replaced by a FIFO while IDs are written', () => {
  it('right after the vault lock is taken: reported, never opened blocking; the lock is released', async () => {
    const { root } = await vault()
    const run = build(root, { HOOK_AFTER_LOCK: 'rm a.md; mkfifo a.md' })
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/^a\.md.* error .*FIFO/m)
    expect(leftovers(root)).toEqual([])
    expect(readFileSync(join(root, 'b.md'), 'utf8')).toBe(note('b.md?'))
  })

  it.each([
    ['a FIFO', 'rm b.md; mkfifo b.md'],
    ['a link to a character device', 'rm b.md; ln -s /dev/zero b.md'],
  ])('right before its rename (%s): file-changed, no temp file left', async (_kind, command) => {
    const { root } = await vault()
    const run = build(root, { HOOK_AFTER_TEMP_OPEN: command, HOOK_AFTER_TEMP_OPEN_AT: '2' })
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/^b\.md:1:1 error file-changed /m)
    // a.md was written before: the report names its ID.
    expect(run.stderr).toMatch(/^wrote <!--ID: \d+--> to a\.md:\d+$/m)
    expect(leftovers(root)).toEqual([])
  })
})

describe('a note swapped for a link to a file outside the vault after it was read', () => {
  it('gets no ID: note-outside-vault, and the file outside is untouched', async () => {
    const { root, dir } = await vault()
    const outside = join(dir, 'elsewhere', 'a.md')
    const run = build(root, { HOOK_AFTER_LOCK: `mv a.md '${outside}'; ln -s '${outside}' a.md` })
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/^a\.md:1:1 error note-outside-vault /m)
    expect(readFileSync(outside, 'utf8')).toBe(note('a.md?'))
    expect(leftovers(root)).toEqual([])
  })
})

describe('a note changed after the checks, right before its rename', () => {
  it('an append between the last check and the rename is put back, not lost', async () => {
    const { root } = await vault()
    const run = build(root, { HOOK_BEFORE_RENAME: 'printf "appended\\n" >> a.md' })
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/^a\.md:1:1 error file-changed /m)
    expect(readFileSync(join(root, 'a.md'), 'utf8')).toBe(`${note('a.md?')}appended\n`)
    expect(leftovers(root)).toEqual([])
  })

  it.each([
    ['before its last check', 'HOOK_AFTER_TEMP_OPEN'],
    ['after its last check', 'HOOK_BEFORE_RENAME'],
  ])(
    'made read-only %s: note-read-only, and it stays read-only and as it was',
    async (_when, hook) => {
      const { root } = await vault()
      const run = build(root, { [hook]: 'chmod 444 a.md' })
      expect(run.code).toBe(1)
      expect(run.stderr).toMatch(/^a\.md:1:1 error note-read-only /m)
      expect(statSync(join(root, 'a.md')).mode & 0o777).toBe(0o444)
      expect(readFileSync(join(root, 'a.md'), 'utf8')).toBe(note('a.md?'))
      expect(leftovers(root)).toEqual([])
    },
  )

  it('hard-linked before its last check: note-hard-linked, and the links stay one file', async () => {
    const { root, dir } = await vault()
    const link = join(dir, 'elsewhere', 'link.md')
    const run = build(root, { HOOK_AFTER_TEMP_OPEN: `ln a.md '${link}'` })
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/^a\.md:1:1 error note-hard-linked /m)
    expect(statSync(join(root, 'a.md')).ino).toBe(statSync(link).ino)
    expect(readFileSync(join(root, 'a.md'), 'utf8')).toBe(note('a.md?'))
  })

  it('replaced by a folder: file-changed (not a hard-linked note)', async () => {
    const { root } = await vault()
    const run = build(root, { HOOK_BEFORE_RENAME: 'rm b.md; mkdir b.md' })
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/^b\.md:1:1 error file-changed /m)
    expect(run.stderr).not.toContain('hard-linked')
    expect(leftovers(root)).toEqual([])
  })
})

describe('a signal while IDs are written', () => {
  it('stops before the next file: the IDs written are listed, no lock or temp file is left, exit 130', async () => {
    const { root, names } = await vault(12)
    const run = build(root, { HOOK_BEFORE_RENAME: 'kill -INT $PPID', HOOK_BEFORE_RENAME_AT: '2' })
    expect(run.code).toBe(130)
    const listed = [...run.stderr.matchAll(/^wrote <!--ID: (\d+)--> to ([a-z])\.md:\d+$/gm)]
    // The rename under way when the signal came completes; the next file is not started.
    expect(listed.map((match) => match[2])).toEqual(['a', 'b'])
    for (const name of names) {
      const id = listed.find((match) => `${match[2]}.md` === name)?.[1]
      const text = readFileSync(join(root, name), 'utf8')
      if (id) expect(text).toContain(`<!--ID: ${id}-->\n`)
      expect(text.replace(/<!--ID: \d+-->\n/, '')).toBe(note(`${name}?`))
      if (!id) expect(text).toBe(note(`${name}?`))
    }
    expect(run.stderr).toMatch(
      /^Interrupted: no package written; the IDs written stay in the notes$/m,
    )
    expect(leftovers(root)).toEqual([])
  })

  it('with --json: interrupted, and the IDs written', async () => {
    const { root } = await vault(5)
    const run = build(
      root,
      { HOOK_BEFORE_RENAME: 'kill -TERM $PPID', HOOK_BEFORE_RENAME_AT: '1' },
      '--json',
    )
    expect(run.code).toBe(130)
    const result = JSON.parse(run.stdout)
    expect(result).toMatchObject({ interrupted: true, written: false, output: null })
    expect(result.ids).toEqual([{ file: 'a.md', line: expect.any(Number), id: expect.any(Number) }])
  })
})

describe('a signal while the last note gets its IDs', () => {
  // The write-back has no next file to stop before: the signal is heard on the way to
  // the package, which is not written. The IDs are in the notes all the same, and named.
  it('names the IDs written, with --json too, instead of a bare interrupted error', async () => {
    const { root, names } = await vault(2)
    const signal = { HOOK_BEFORE_RENAME: 'kill -TERM $PPID', HOOK_BEFORE_RENAME_AT: '2' }
    const run = build(root, signal)
    expect(run.code).toBe(130)
    const listed = [...run.stderr.matchAll(/^wrote <!--ID: (\d+)--> to ([a-z])\.md:\d+$/gm)]
    expect(listed.map((match) => match[2])).toEqual(['a', 'b'])
    for (const [name, match] of names.map((name, index) => [name, listed[index]!] as const)) {
      expect(readFileSync(join(root, name), 'utf8')).toContain(`<!--ID: ${match[1]}-->\n`)
    }
    expect(run.stderr).toMatch(
      /^Interrupted: no package written; the IDs written stay in the notes$/m,
    )
    expect(leftovers(root)).toEqual([])

    const again = await vault(2)
    const json = build(again.root, signal, '--json')
    expect(json.code).toBe(130)
    const result = JSON.parse(json.stdout)
    expect(result).toMatchObject({ interrupted: true, written: false, output: null })
    expect(result.ids.map((write: { file: string }) => write.file)).toEqual(['a.md', 'b.md'])
  })
})

describe('a writer that keeps changing a note', () => {
  it('after the restarts, only the file that changed is reported', async () => {
    const { root } = await vault()
    const run = build(root, { HOOK_AFTER_LOCK: 'echo more >> c.md', HOOK_AFTER_EVERY_LOCK: '1' })
    expect(run.code).toBe(1)
    const reported = [...run.stderr.matchAll(/^(\S+):\d+:\d+ error (\S+)/gm)].map((match) => [
      match[1],
      match[2],
    ])
    expect(reported).toEqual([['c.md', 'file-changed']])
    expect(readFileSync(join(root, 'a.md'), 'utf8')).toBe(note('a.md?'))
    expect(leftovers(root)).toEqual([])
  })
})

const nobodyWhy = isRoot
  ? asNobodyUnavailable(decklabBin)
  : 'needs root, to give a note another owner'

describe.skipIf(nobodyWhy !== undefined)(
  `a note whose owner the new file could not keep${nobodyWhy ? ` (skipped: ${nobodyWhy})` : ''}`,
  () => {
    /** decklab as `nobody` in `root`. */
    const asOther = (root: string, ...args: string[]) => {
      const [command, ...prefix] = asNobody
      const result = spawnSync(command!, [...prefix, process.execPath, decklabBin, ...args], {
        cwd: root,
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1' },
        timeout: 60_000,
      })
      return { code: result.status, stdout: result.stdout, stderr: result.stderr }
    }

    it.each([
      ['another user', 0, nobody],
      ['a group the user is not in', nobody, 0],
    ])(
      'owned by %s, writable by all in a folder all may write in: refused, and kept as it was',
      async (_whose, uid, gid) => {
        const { root, dir } = await vault(2)
        chmodSync(dir, 0o755)
        chmodSync(root, 0o777)
        for (const name of ['b.md', '.obsidian']) chownSync(join(root, name), nobody, nobody)
        chownSync(join(root, 'a.md'), uid, gid)
        chmodSync(join(root, 'a.md'), 0o666)
        const refused = /^a\.md:1:1 error note-owner-not-kept /m
        const told = asOther(root, 'check')
        expect(told.stderr).toMatch(refused)
        expect(told.code).toBe(1)
        const built = asOther(root, 'build', '-o', '/tmp/decklab-never-written.apkg')
        expect(built.stderr).toMatch(refused)
        expect(built.code).toBe(1)
        const stats = statSync(join(root, 'a.md'))
        expect([stats.uid, stats.gid, stats.mode & 0o777]).toEqual([uid, gid, 0o666])
        expect(readFileSync(join(root, 'a.md'), 'utf8')).toBe(note('a.md?'))
        expect(readFileSync(join(root, 'b.md'), 'utf8')).toBe(note('b.md?'))
      },
    )

    it("the user's own note in a group it is in keeps its owner and group", async () => {
      const { root, dir } = await vault(1)
      chmodSync(dir, 0o777)
      chownSync(root, nobody, nobody)
      for (const name of ['a.md', '.obsidian']) chownSync(join(root, name), nobody, nobody)
      const built = asOther(root, 'build', '-o', '../out.apkg')
      expect(built.code, built.stderr).toBe(0)
      const stats = statSync(join(root, 'a.md'))
      expect([stats.uid, stats.gid]).toEqual([nobody, nobody])
      expect(readFileSync(join(root, 'a.md'), 'utf8')).toMatch(/<!--ID: \d+-->/)
    })
  },
)
