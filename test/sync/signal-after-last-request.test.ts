/**
 * Ctrl-C while Anki answers a sync's last request: the sync finishes (every
 * change is made and recorded) and exits 130, and its one JSON document says
 * it was interrupted, as build's, lab's and verify's do.
 */
import { spawn } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it, onTestFinished } from 'vitest'
import { decklabBin } from '../support/decklab.js'
import { ankiProxy, type ProxiedRequest } from './anki-proxy.js'
import { ankiUnavailable } from './anki-server.js'
import { anki, workspace } from './sync-fixture.js'

const vault = { 'notes/a.md': 'START\nBasic\nQ?\nBack: A\nEND\n' }

describe.skipIf(ankiUnavailable !== undefined)(
  `sync ended by a signal${ankiUnavailable ? ` (skipped: ${ankiUnavailable})` : ''}`,
  () => {
    it('finishes, records, exits 130 and says `interrupted` in its document', async () => {
      const cwd = await workspace(vault)
      const server = await anki(cwd)
      let release = () => {}
      const held = new Promise<void>((resolve) => {
        release = resolve
      })
      let reached = () => {}
      const lastRequest = new Promise<void>((resolve) => {
        reached = resolve
      })
      // The pending tag's removal is a sync's last request: held until decklab has the signal.
      const proxy = await ankiProxy(server, async (request: ProxiedRequest) => {
        if (request.action !== 'removeTags') return undefined
        reached()
        await held
        return undefined
      })
      const child = spawn(process.execPath, [decklabBin, 'sync', '--url', proxy.url, '--json'], {
        cwd,
        env: { ...process.env, NO_COLOR: '1', DECKLAB_STATE_DIR: join(cwd, 'state') },
      })
      onTestFinished(() => {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
      })
      let stdout = ''
      let stderr = ''
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk
      })
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk
      })
      const closed = new Promise<number | null>((resolve) => child.on('close', resolve))
      await lastRequest
      child.kill('SIGINT')
      // Anki answers only once the kernel has delivered the signal (nothing pending for the
      // process) and decklab, idle on its request, has had time to run its handler.
      await delivered(child.pid!)
      await new Promise((resolve) => setTimeout(resolve, 500))
      release()
      const code = await closed
      expect(code, stderr).toBe(130)
      const document = JSON.parse(stdout) as {
        added: Array<{ id: number }>
        record: string
        interrupted?: boolean
      }
      expect(document.added).toHaveLength(1)
      expect(document.interrupted).toBe(true)
      // Whole: the ID is in the note and the sync is recorded.
      const note = readFileSync(join(cwd, 'notes/a.md'), 'utf8')
      expect(note).toContain(`<!--ID: ${document.added[0]!.id}-->`)
      expect(existsSync(document.record)).toBe(true)
    })
  },
)

/** Resolves once no signal is pending for the process `pid` (Linux: /proc/PID/status). */
async function delivered(pid: number): Promise<void> {
  for (let tries = 0; tries < 500; tries++) {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8')
    const pending = [...status.matchAll(/^(?:SigPnd|ShdPnd):\s*([0-9a-f]+)$/gm)]
    if (pending.every((match) => /^0+$/.test(match[1]!))) return
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
  throw new Error(`SIGINT still pending for process ${pid}`)
}
