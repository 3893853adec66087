/**
 * A tiny HTTP proxy in front of the real AnkiConnect, for replies the real
 * one gives only in situations a test cannot set up (an open profile dialog,
 * a sync with AnkiWeb, an older add-on), or requests held back and let in
 * at a chosen moment: `answer` may reply to a request itself; every other
 * request goes to the real server unchanged, even when its sender is gone
 * by then (as a request sits in Anki's socket buffer). Closed
 * after the test.
 */
import { createServer, request as httpRequest } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { onTestFinished } from 'vitest'
import { runDecklabAsync } from '../support/decklab.js'

/** An AnkiConnect request as sent (`multi` carries its actions in `params.actions`). */
export interface ProxiedRequest {
  action: string
  params?: Record<string, unknown>
}

/**
 * A reply of the proxy's own, or undefined to pass the request on; a promise
 * holds the request until it settles (as a busy Anki would).
 */
export type Answer = (request: ProxiedRequest) => unknown

export async function ankiProxy(
  target: { port: number },
  answer: Answer,
): Promise<{ url: string }> {
  const server = createServer((incoming, outgoing) => {
    const parts: Buffer[] = []
    incoming.on('data', (part: Buffer) => parts.push(part))
    incoming.on('end', async () => {
      const body = Buffer.concat(parts)
      const own = await answer(JSON.parse(body.toString('utf8')) as ProxiedRequest)
      if (own !== undefined) {
        outgoing.writeHead(200, { 'content-type': 'application/json', connection: 'close' })
        outgoing.end(JSON.stringify(own))
        return
      }
      const forward = httpRequest(
        {
          host: '127.0.0.1',
          port: target.port,
          method: 'POST',
          agent: false,
          headers: { 'content-length': body.length, connection: 'close' },
        },
        (reply) => {
          outgoing.writeHead(reply.statusCode ?? 502, { connection: 'close' })
          reply.pipe(outgoing)
        },
      )
      forward.on('error', () => outgoing.destroy())
      forward.end(body)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  onTestFinished(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  )
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }
}

/**
 * `decklab sync` through a proxy: run without blocking this process, whose
 * event loop serves the proxy.
 */
export async function syncThrough(cwd: string, proxy: { url: string }, ...args: string[]) {
  const run = await runDecklabAsync(['sync', '--url', proxy.url, ...args], {
    cwd,
    env: { DECKLAB_STATE_DIR: join(cwd, 'state') },
  })
  return { ...run, error: errorDocument(run.stdout) }
}

function errorDocument(stdout: string): { code: string; message: string } | undefined {
  try {
    return (JSON.parse(stdout) as { error?: { code: string; message: string } }).error
  } catch {
    return undefined
  }
}
