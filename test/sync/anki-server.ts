/**
 * The real AnkiConnect (API 6) over a real Anki 2.1.15 collection, from
 * `../shared/tools/anki`, for sync tests: one server per test on a free port
 * (never 8765), logging every request, stopped and removed afterwards.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { request as httpRequest } from 'node:http'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { ankiEnvironment } from '../support/anki-python.js'
import { ankiConnectArgs } from '../support/ankiconnect-args.mjs'
import { sharedPath, sharedPathUnavailable } from '../support/shared-folder.js'

const toolsDir = sharedPath('tools', 'anki')
const serveScript = join(toolsDir, 'ankiconnect-serve.py')
const python = '/usr/bin/python3'

/** Why the real-Anki tests cannot run here, or undefined when they can. */
export const ankiUnavailable: string | undefined =
  sharedPathUnavailable(serveScript, 'the real AnkiConnect') ??
  (existsSync(python) ? undefined : 'needs /usr/bin/python3 for the real AnkiConnect')

/** A port nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.unref()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}

export interface AnkiServer {
  url: string
  port: number
  collection: string
  log: string
  /** Send one action to AnkiConnect (as a test's own check of what Anki holds). */
  call<T>(action: string, params?: Record<string, unknown>): Promise<T>
  /** Stop the server (the collection is saved and the request log flushed). */
  stop(): Promise<void>
  /** Freeze the server (SIGSTOP): requests wait unanswered until `resume`, as with a busy Anki. */
  pause(): void
  resume(): void
}

/** Start AnkiConnect over `collection` (created when missing), on `port` or a free one. */
export async function startAnki(
  collection: string,
  log: string,
  port?: number | undefined,
): Promise<AnkiServer> {
  port ??= await freePort()
  const temporary = ankiEnvironment({ ANKICONNECT_LOG: log })
  const child = spawn(python, ankiConnectArgs(serveScript, collection, port), {
    env: temporary.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  child.once('exit', temporary.dispose)
  await waitForReady(child)
  const url = `http://127.0.0.1:${port}`
  return {
    url,
    port,
    collection,
    log,
    async call<T>(action: string, params: Record<string, unknown> = {}): Promise<T> {
      const reply = JSON.parse(
        await post(port, JSON.stringify({ action, version: 6, params })),
      ) as {
        result: T
        error: string | null
      }
      if (reply.error) throw new Error(`${action}: ${reply.error}`)
      return reply.result
    },
    stop: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGCONT')
      return stopChild(child)
    },
    pause: () => child.kill('SIGSTOP'),
    resume: () => child.kill('SIGCONT'),
  }
}

/** One POST on its own connection (AnkiConnect closes every connection after replying). */
function post(port: number, body: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      { host: '127.0.0.1', port, method: 'POST', agent: false, headers: { connection: 'close' } },
      (response) => {
        let text = ''
        response.setEncoding('utf8')
        response.on('data', (chunk: string) => {
          text += chunk
        })
        response.on('end', () => resolve(text))
        response.on('error', reject)
      },
    )
    request.on('error', reject)
    request.end(body)
  })
}

function waitForReady(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = ''
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`AnkiConnect did not start: ${output}`))
    }, 30_000)
    const onData = (chunk: Buffer) => {
      output += chunk
      if (output.includes('READY')) {
        clearTimeout(timer)
        resolve()
      }
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk
    })
    child.on('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`AnkiConnect exited with ${code}: ${output}`))
    })
  })
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000)
    child.once('exit', () => {
      clearTimeout(timer)
      resolve()
    })
    child.kill('SIGTERM')
  })
}

/**
 * The actions in an AnkiConnect log (`[request]` blocks; the add-on logs each
 * action inside a `multi` as a request of its own). Complete once the server
 * has stopped.
 */
export function loggedActions(log: string): string[] {
  if (!existsSync(log)) return []
  const text = readFileSync(log, 'utf8')
  const actions: string[] = []
  for (const block of text.split('[request]\n').slice(1)) {
    const json = block.split('\n\n[reply]')[0] ?? ''
    try {
      actions.push((JSON.parse(json) as { action: string }).action)
    } catch {
      actions.push('<unparsed>')
    }
  }
  return actions
}

/** Actions that only read the collection. */
export const readOnlyActions = new Set([
  'multi',
  'version',
  'deckNames',
  'modelNames',
  'modelFieldNames',
  'findNotes',
  'findCards',
  'notesInfo',
  'cardsInfo',
  'canAddNotes',
])
