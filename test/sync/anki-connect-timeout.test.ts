/**
 * How long the AnkiConnect client waits (`--timeout`): a request the slowest
 * AnkiConnect takes seconds to read is not a silent Anki; an Anki that never
 * answers, or stops midway through its reply, is, after the timeout.
 */
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createServer, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'
import { describe, expect, it, onTestFinished } from 'vitest'
import { DecklabError } from '../../src/errors.js'
import { createAnkiConnect, replyDeadlineMs } from '../../src/sync/anki-connect.js'

const python = '/usr/bin/python3'
const peer = fileURLToPath(new URL('../support/slow-ankiconnect.py', import.meta.url))

/** The 2019 AnkiConnect's way of reading (1 KiB per 25 ms tick), or one that never reads. */
async function slowAnki(mode?: 'silent'): Promise<URL> {
  const child = spawn(python, [peer, ...(mode ? [mode] : [])], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  onTestFinished(() => {
    child.kill('SIGKILL')
  })
  const port = await new Promise<number>((resolve, reject) => {
    let out = ''
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk
      const ready = /READY (\d+)/.exec(out)
      if (ready) resolve(Number(ready[1]))
    })
    child.on('exit', (code) => reject(new Error(`slow-ankiconnect.py exited with ${code}`)))
  })
  return new URL(`http://127.0.0.1:${port}/`)
}

/** An HTTP server answering every request with `respond`; closed after the test. */
async function server(respond: (response: ServerResponse) => void): Promise<URL> {
  const http = createServer((request, response) => {
    request.resume()
    request.on('end', () => respond(response))
  })
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve))
  onTestFinished(
    () =>
      new Promise<void>((resolve) => {
        http.closeAllConnections()
        http.close(() => resolve())
      }),
  )
  return new URL(`http://127.0.0.1:${(http.address() as AddressInfo).port}/`)
}

async function failure(promise: Promise<unknown>): Promise<DecklabError> {
  try {
    await promise
  } catch (error) {
    if (error instanceof DecklabError) return error
    throw error
  }
  throw new Error('expected the request to fail')
}

describe('replyDeadlineMs', () => {
  it('gives a request the time the slowest AnkiConnect takes to read it, then the timeout', () => {
    expect(replyDeadlineMs(0, 60_000)).toBe(60_000)
    // 20 KiB/s: half the 2019 release's 1 KiB per 25 ms tick.
    expect(replyDeadlineMs(20 * 1024 * 10, 1000)).toBe(11_000)
    expect(replyDeadlineMs(5 * 1024 * 1024, 60_000)).toBe(60_000 + 256_000)
    // A timer takes at most 2^31 − 1 ms.
    expect(replyDeadlineMs(2 ** 40, 60_000)).toBe(2 ** 31 - 1)
  })
})

describe.skipIf(!existsSync(python))('the AnkiConnect client against a slow or silent Anki', () => {
  it('waits for a request AnkiConnect takes longer than the timeout to read', async () => {
    const url = await slowAnki()
    const anki = createAnkiConnect(url, { timeoutMs: 1000 })
    const started = performance.now()
    // 100 kB at 1 KiB per 25 ms: about 2.5 s of reading before Anki has the request.
    const read = await anki.call<number>('version', { text: 'x'.repeat(100_000) })
    expect(read).toBeGreaterThan(100_000)
    expect(performance.now() - started).toBeGreaterThan(1500)
  }, 20_000)

  it('fails with anki-timeout when Anki accepts the connection and never answers', async () => {
    const url = await slowAnki('silent')
    const anki = createAnkiConnect(url, { timeoutMs: 1000 })
    const started = performance.now()
    const error = await failure(anki.call('findNotes', { query: 'deck:*' }))
    const waited = performance.now() - started
    expect(error.code).toBe('anki-timeout')
    expect(error.message).toContain(`AnkiConnect at ${url.href}: no reply to \`findNotes\` in 1 s`)
    expect(error.message).toContain('the next `decklab sync` finishes what this one started')
    expect(waited).toBeGreaterThan(900)
    expect(waited).toBeLessThan(5000)
  }, 20_000)

  it('with a timeout of 0, waits for ever (until interrupted)', async () => {
    const url = await slowAnki('silent')
    const controller = new AbortController()
    const anki = createAnkiConnect(url, { timeoutMs: 0, signal: controller.signal })
    const request = anki.call('findNotes', { query: 'deck:*' })
    const outcome = await Promise.race([
      request.then(
        () => 'answered',
        (error: Error) => `failed: ${error.message}`,
      ),
      new Promise((resolve) => setTimeout(() => resolve('still waiting'), 2500)),
    ])
    expect(outcome).toBe('still waiting')
    controller.abort(new Error('stop'))
    await expect(request).rejects.toMatchObject({ name: 'AbortError' })
  }, 20_000)
})

describe('the AnkiConnect client against a reply that stops or dribbles', () => {
  it('fails with anki-timeout when a reply stops midway for longer than the timeout', async () => {
    const url = await server((response) => {
      response.writeHead(200, { 'content-type': 'application/json' })
      response.write('{"result": ')
    })
    const anki = createAnkiConnect(url, { timeoutMs: 1000 })
    const error = await failure(anki.call('notesInfo', { notes: [1] }))
    expect(error.code).toBe('anki-timeout')
    expect(error.message).toContain('no reply to `notesInfo` in 1 s')
  }, 20_000)

  it('waits for a reply that keeps coming, however long it takes in all', async () => {
    const url = await server((response) => {
      response.writeHead(200, { 'content-type': 'application/json' })
      const parts = ['{"result": ', '[1, ', '2, ', '3, ', '4]', ', "error": null}']
      const next = () => {
        const part = parts.shift()
        if (part === undefined) response.end()
        else {
          response.write(part)
          setTimeout(next, 500)
        }
      }
      next()
    })
    const anki = createAnkiConnect(url, { timeoutMs: 1000 })
    expect(await anki.call('findNotes', { query: 'deck:*' })).toEqual([1, 2, 3, 4])
  }, 20_000)
})
