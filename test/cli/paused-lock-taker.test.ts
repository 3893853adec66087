/**
 * A build paused (Ctrl-Z, a loaded machine) while it takes a stale vault
 * lock over, between its read of that lock and its unlink: its takeover
 * marker was cleared as abandoned after 5 s, a second build took the lock
 * over, and the first, resumed, removed that live lock, so both held it.
 * A marker now names its taker, and is abandoned only once that is gone.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it, onTestFinished } from 'vitest'
import { decklabBin } from '../support/decklab.js'

const hook = new URL('../support/stop-at-unlink.mjs', import.meta.url).href
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

function build(cwd: string, env: Record<string, string>) {
  const child = spawn(process.execPath, [decklabBin, 'build'], {
    cwd,
    env: { ...process.env, NO_COLOR: '1', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  let stderr = ''
  child.stderr.on('data', (chunk) => {
    stderr += chunk
  })
  const done = new Promise<number | null>((resolve) => child.on('close', resolve))
  onTestFinished(() => {
    if (child.exitCode === null) {
      child.kill('SIGCONT')
      child.kill('SIGKILL')
    }
  })
  return { child, done, stderr: () => stderr }
}

function isStopped(child: ChildProcess): boolean {
  try {
    const stat = readFileSync(`/proc/${child.pid}/stat`, 'utf8')
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('T')
  } catch {
    return false
  }
}

describe('a build paused while it takes a stale vault lock over', () => {
  it('keeps its takeover: another build waits, then each note gets one ID', async () => {
    const root = mkdtempSync(join(tmpdir(), 'decklab-paused-taker-'))
    onTestFinished(() => rmSync(root, { recursive: true, force: true }))
    mkdirSync(join(root, '.obsidian'))
    for (const n of [1, 2, 3]) {
      writeFileSync(join(root, `n${n}.md`), `START\nBasic\nQ${n}?\nBack: A\nEND\n`)
    }
    // A lock left by a build that is gone.
    const stale = `${JSON.stringify({ pid: 999_999, start: 1, command: 'decklab build' })}\n`
    writeFileSync(join(root, '.decklab.lock'), stale)
    const env = { DECKLAB_STATE_DIR: join(root, '.state') }
    const first = build(root, {
      ...env,
      NODE_OPTIONS: `--import=${hook}`,
      STOP_AT_UNLINK: '.decklab.lock',
    })
    while (!isStopped(first.child)) await sleep(20)
    // Past the 5 s after which a marker without a live taker is abandoned.
    await sleep(5_500)
    const second = build(root, env)
    const secondEnded = await Promise.race([
      second.done.then(() => true),
      sleep(3_000).then(() => false),
    ])
    // It took the lock over from under the paused build and wrote the IDs.
    expect(secondEnded, second.stderr()).toBe(false)
    expect(second.stderr()).toContain(`waiting for decklab build (pid ${first.child.pid})`)
    first.child.kill('SIGCONT')
    expect(await first.done, first.stderr()).toBe(0)
    expect(await second.done, second.stderr()).toBe(0)
    for (const n of [1, 2, 3]) {
      const text = readFileSync(join(root, `n${n}.md`), 'utf8')
      expect(text.match(/<!--ID: \d+-->/g)).toHaveLength(1)
    }
  }, 60_000)
})
