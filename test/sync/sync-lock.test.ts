/**
 * One sync at a time per state folder and Anki (src/commands/sync/sync-lock.ts):
 * a second one is refused at once (exit 2, `sync-locked`, naming the
 * holder), a lock left by a killed sync is taken over, and a dry run takes
 * no lock. Against the real AnkiConnect.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { describe, expect, it, onTestFinished } from 'vitest'
import { lockSync, syncLockPath } from '../../src/commands/sync/sync-lock.js'
import { selfHolder } from '../../src/locks/lock-file.js'
import { decklabBin } from '../support/decklab.js'
import { fillDisk, tmpfsUnavailable } from '../support/tmpfs.js'
import { ankiUnavailable } from './anki-server.js'
import { anki, sync, vaultIds, workspace } from './sync-fixture.js'

const note = (front: string) => `START\nBasic\n${front}\nBack: answer\nEND\n`

function recordPending(cwd: string): boolean {
  const folder = join(cwd, 'state', 'sync')
  if (!existsSync(folder)) return false
  return readdirSync(folder)
    .filter((name) => name.endsWith('.json'))
    .some((name) => readFileSync(join(folder, name), 'utf8').includes('"pending":true'))
}

describe.skipIf(ankiUnavailable !== undefined)(
  `the sync lock${ankiUnavailable ? ` (skipped: ${ankiUnavailable})` : ''}`,
  () => {
    it('refuses a second sync while one runs, naming it; the first completes alone', async () => {
      const total = 600
      const cwd = await workspace({
        'notes/a.md': Array.from({ length: total }, (_, index) => note(`Q ${index}?`)).join('\n'),
      })
      const server = await anki(cwd)
      const first: ChildProcess = spawn(
        process.execPath,
        [decklabBin, 'sync', '--url', server.url],
        {
          cwd,
          env: { ...process.env, NO_COLOR: '1', DECKLAB_STATE_DIR: join(cwd, 'state') },
          stdio: 'ignore',
        },
      )
      const exit = new Promise<number | null>((resolve) => first.on('exit', resolve))
      onTestFinished(() => {
        if (first.exitCode === null && first.signalCode === null) first.kill('SIGKILL')
      })
      const deadline = Date.now() + 60_000
      while (!recordPending(cwd) && Date.now() < deadline) await sleep(10)
      // Held still while it adds notes: the second sync meets it for sure.
      first.kill('SIGSTOP')
      const second = sync(cwd, server, '--json')
      first.kill('SIGCONT')
      expect(second.code, second.stderr).toBe(2)
      expect(JSON.parse(second.stdout)).toMatchObject({ error: { code: 'sync-locked' } })
      expect(await exit).toBe(0)
      expect(existsSync(syncLockPath(join(cwd, 'state'), new URL(server.url).href))).toBe(false)
      // Every note once, under the ID its Markdown holds, and all in the record.
      const inAnki = (await server.call<number[]>('findNotes', { query: 'deck:*' })).sort()
      expect(inAnki).toEqual(await vaultIds(join(cwd, 'notes')))
      expect(inAnki).toHaveLength(total)
      const again = sync(cwd, server, '--json')
      expect(again.code, again.stderr).toBe(0)
      expect(again.json).toMatchObject({ unchanged: total, writes: 0 })
    })

    it('takes over the lock of a sync that was killed, and a dry run takes no lock', async () => {
      const cwd = await workspace({ 'notes/a.md': note('Q?') })
      const server = await anki(cwd)
      const lock = syncLockPath(join(cwd, 'state'), new URL(server.url).href)
      await mkdir(join(cwd, 'state', 'sync'), { recursive: true })
      const gone = spawnSync(process.execPath, ['-e', '']).pid
      await writeFile(lock, `${JSON.stringify({ pid: gone, start: 1, command: 'decklab sync' })}\n`)
      const run = sync(cwd, server, '--json')
      expect(run.code, run.stderr).toBe(0)
      expect(existsSync(lock)).toBe(false)
      // A live holder (this test's process) does not stop a dry run.
      await writeFile(lock, `${JSON.stringify(selfHolder('decklab sync in elsewhere'))}\n`)
      const dry = sync(cwd, server, '--dry-run', '--json')
      expect(dry.code, dry.stderr).toBe(0)
      const held = sync(cwd, server, '--json')
      expect(held.code).toBe(2)
      expect(JSON.parse(held.stdout)).toMatchObject({ error: { code: 'sync-locked' } })
      // The same Anki under another spelling of its loopback address is the same lock.
      const other = new URL(server.url)
      other.hostname = other.hostname === 'localhost' ? '127.0.0.1' : 'localhost'
      const respelled = sync(cwd, { url: other.href }, '--json')
      expect(respelled.code, respelled.stderr).toBe(2)
      expect(JSON.parse(respelled.stdout)).toMatchObject({ error: { code: 'sync-locked' } })
      expect(sync(cwd, server).stderr).toContain(
        `(decklab sync in elsewhere, pid ${process.pid}; lock ${lock})`,
      )
    })
  },
)

describe('a folder where the sync lock goes', () => {
  it('is named as such (state-not-writable), before anything is sent, and left there', async () => {
    const cwd = await workspace({})
    const url = 'http://127.0.0.1:9'
    const path = syncLockPath(join(cwd, 'state'), url)
    await mkdir(path, { recursive: true })
    let thrown: unknown
    try {
      lockSync(join(cwd, 'state'), url, cwd)
    } catch (error) {
      thrown = error
    }
    expect((thrown as { code?: string }).code).toBe('state-not-writable')
    expect((thrown as Error).message).toBe(
      `Unexpected ${path}: it is a folder, expected decklab's sync lock file there: nothing was sent to Anki. Move it away, or choose another state folder with --state.`,
    )
    expect(readdirSync(path)).toEqual([])
  })
})

describe('a file where the state folder’s sync/ goes', () => {
  // It was "Cannot take the sync lock … (EEXIST), expected a writable state folder":
  // the folder was writable, and EEXIST named nothing the user could find.
  it('is said in words (a file where a folder should be), before Anki is asked, and kept', async () => {
    const cwd = await workspace({ 'a.md': 'START\nBasic\nQ?\nBack: A\nEND\n' })
    await mkdir(join(cwd, 'state'))
    await writeFile(join(cwd, 'state', 'sync'), 'precious\n')
    // Nothing listens on port 9 (discard): the lock comes first, so it is never asked.
    const run = spawnSync(
      process.execPath,
      [decklabBin, 'sync', '--yes', '--state', join(cwd, 'state'), '--url', 'http://127.0.0.1:9'],
      { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } },
    )
    expect(run.status, run.stderr).toBe(2)
    expect(run.stderr).toMatch(
      /^error Cannot take the sync lock \S+\/state\/sync\/\w+\.lock: a file stands where a folder should be \(EEXIST\), expected a writable state folder: nothing was sent to Anki/m,
    )
    expect(readFileSync(join(cwd, 'state', 'sync'), 'utf8')).toBe('precious\n')
  })
})

const tmpfsWhy = tmpfsUnavailable()

describe.skipIf(tmpfsWhy !== undefined)(
  `a state folder on a full disk${tmpfsWhy ? ` (skipped: ${tmpfsWhy})` : ''}`,
  () => {
    // It asked for "a writable state folder" and to make it writable: the folder was writable.
    it('says to free space there, before Anki is asked', async () => {
      const cwd = await workspace({ 'a.md': 'START\nBasic\nQ?\nBack: A\nEND\n' })
      const disk = join(cwd, 'disk')
      await mkdir(disk)
      expect(spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=16k', 'tmpfs', disk]).status).toBe(0)
      onTestFinished(() => {
        spawnSync('umount', [disk])
      })
      await writeFile(join(disk, 'filler'), '')
      fillDisk(join(disk, 'filler'), 0)
      const run = spawnSync(
        process.execPath,
        [
          decklabBin,
          'sync',
          '--yes',
          '--state',
          join(disk, 'state'),
          '--url',
          'http://127.0.0.1:9',
        ],
        { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } },
      )
      expect(run.status, run.stderr).toBe(2)
      expect(run.stderr).toMatch(
        /^error Cannot take the sync lock \S+: no space left on the device \(ENOSPC\), expected room on its disk: nothing was sent to Anki\. Free some space there, or choose another with --state\.$/m,
      )
    })
  },
)
