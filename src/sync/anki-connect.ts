/**
 * The AnkiConnect client: JSON over HTTP POST, API version 6. The edge of
 * `decklab sync`; the planner never sees it. Counts the requests it sends,
 * and which of them could change the collection.
 */
import { request as httpRequest } from 'node:http'
import { request as httpsRequest } from 'node:https'
import { DecklabError } from '../errors.js'

/** One action as AnkiConnect names it, with its parameters. */
export interface AnkiAction {
  action: string
  params?: Record<string, unknown> | undefined
}

/** The reply to one action inside `multi`: a result or Anki's error text. */
export type ActionReply = { ok: true; result: unknown } | { ok: false; error: string }

/** Actions that only read the collection. Everything else counts as a write. */
const readActions = new Set([
  'version',
  'deckNames',
  'modelNames',
  'modelFieldNames',
  'findNotes',
  'findCards',
  'notesInfo',
  'cardsInfo',
  'retrieveMediaFile',
])

export interface RequestCounts {
  requests: number
  writes: number
}

export interface AnkiConnect {
  readonly url: string
  readonly counts: RequestCounts
  /** Send one action; Anki's error becomes an `AnkiError` (exit 2). */
  call<T>(action: string, params?: Record<string, unknown>): Promise<T>
  /** Send several actions in one `multi` request; each reply stands alone. */
  multi(actions: readonly AnkiAction[]): Promise<ActionReply[]>
}

/**
 * AnkiConnect answered an action with an error instead of a result: a
 * `DecklabError` (exit 2) naming the action and Anki's words, with what to
 * do. "collection is not available" is what Anki says while a profile or
 * other dialog is open or while it syncs with AnkiWeb; "unsupported action"
 * comes from an AnkiConnect older than the action.
 */
export class AnkiError extends DecklabError {
  readonly action: string
  readonly reason: string
  /** `subject` says what the action was for (`for deck \`X\``). */
  constructor(action: string, reason: string, url: string, subject = '') {
    super(
      'anki-refused',
      `Unexpected error from AnkiConnect at ${url} on \`${action}\`${subject ? ` ${subject}` : ''}: ${reason}, expected its result. ${ankiErrorHint(reason)}`,
    )
    this.name = 'AnkiError'
    this.action = action
    this.reason = reason
  }
}

/** What to do about an error AnkiConnect gave. */
function ankiErrorHint(reason: string): string {
  const text = reason.toLowerCase()
  if (text.includes('unsupported action')) {
    return 'This AnkiConnect is too old for it: update the AnkiConnect add-on (Tools → Add-ons → Check for Updates), restart Anki, and run `decklab sync` again.'
  }
  if (text.includes('not available')) {
    return 'Anki is busy: close its open dialogs (profiles, preferences, …), wait for a sync with AnkiWeb to finish, and run `decklab sync` again; what was synced so far is recorded.'
  }
  return 'Check Anki (an open dialog or a sync with AnkiWeb blocks AnkiConnect) and run `decklab sync` again; what was synced so far is recorded.'
}

const apiVersion = 6

/**
 * One POST on a fresh connection (AnkiConnect closes each connection after
 * its reply, so a kept-alive socket would fail on the next request).
 */
function postJson(
  url: URL,
  body: string,
  signal: AbortSignal | undefined,
): Promise<{ status: number; text: string }> {
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest
  return new Promise((resolve, reject) => {
    const request = send(
      url,
      {
        method: 'POST',
        agent: false,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          connection: 'close',
        },
        ...(signal ? { signal } : {}),
      },
      (response) => {
        const parts: Buffer[] = []
        response.on('data', (part: Buffer) => parts.push(part))
        response.on('error', reject)
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            text: Buffer.concat(parts).toString('utf8'),
          }),
        )
      },
    )
    request.on('error', reject)
    request.end(body)
  })
}

function isWrite(action: string): boolean {
  return !readActions.has(action)
}

/** How long a request goes unanswered before the user is told (a dialog open in Anki, say). */
export const slowAnswerMs = 15_000

/**
 * A client for the AnkiConnect at `url` (already checked by `parseAnkiUrl`).
 * `onSlow` is told, once per request, of one that has gone unanswered for
 * `slowAnswerMs`: AnkiConnect waits while Anki shows a dialog, and nothing
 * else would say why the sync stands still.
 */
export function createAnkiConnect(
  url: URL,
  signal?: AbortSignal | undefined,
  onSlow?: ((action: string, seconds: number) => void) | undefined,
): AnkiConnect {
  const counts: RequestCounts = { requests: 0, writes: 0 }
  const post = async (
    body: { action: string; [key: string]: unknown },
    writes: boolean,
    named = body.action,
  ) => {
    // Once interrupted, no new change is sent; one already sent is not cut off,
    // because Anki applies it anyway: its reply is read and recorded, so the
    // next run finds what it did instead of racing a batch still being added.
    if (writes && signal?.aborted) throw signal.reason
    counts.requests += 1
    if (writes) counts.writes += 1
    const slow = onSlow
      ? setTimeout(() => onSlow(named, slowAnswerMs / 1000), slowAnswerMs).unref()
      : undefined
    try {
      return await postAction(url, body, writes ? undefined : signal)
    } finally {
      clearTimeout(slow)
    }
  }
  return {
    url: url.href,
    counts,
    async call<T>(action: string, params?: Record<string, unknown>): Promise<T> {
      const reply = unwrap(
        await post({ action, version: apiVersion, params: params ?? {} }, isWrite(action)),
      )
      if (!reply.ok) throw new AnkiError(action, reply.error, url.href)
      return reply.result as T
    },
    async multi(actions: readonly AnkiAction[]): Promise<ActionReply[]> {
      if (actions.length === 0) return []
      const reply = unwrap(
        await post(
          {
            action: 'multi',
            version: apiVersion,
            params: {
              actions: actions.map((entry) => ({
                action: entry.action,
                version: apiVersion,
                params: entry.params ?? {},
              })),
            },
          },
          actions.some((entry) => isWrite(entry.action)),
          [...new Set(actions.map((entry) => entry.action))].join(', '),
        ),
      )
      if (!reply.ok) throw new AnkiError('multi', reply.error, url.href)
      if (!Array.isArray(reply.result) || reply.result.length !== actions.length) {
        throw new DecklabError(
          'anki-reply',
          `Unexpected reply to \`multi\` from ${url.href}: not one reply per action, expected AnkiConnect's reply`,
        )
      }
      return reply.result.map((entry) => unwrap(entry))
    },
  }
}

/** Send one request and parse its reply; an unreachable or garbled AnkiConnect is a `DecklabError` (exit 2). */
async function postAction(
  url: URL,
  body: unknown,
  signal: AbortSignal | undefined,
): Promise<unknown> {
  let reply: { status: number; text: string }
  try {
    reply = await postJson(url, JSON.stringify(body), signal)
  } catch (error) {
    if (signal?.aborted) throw error
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message
    throw new DecklabError(
      'anki-unreachable',
      `Cannot reach AnkiConnect at ${url.href} (${code}), expected Anki running with the AnkiConnect add-on`,
      { cause: error },
    )
  }
  if (reply.status !== 200) {
    throw new DecklabError(
      'anki-reply',
      `Unexpected HTTP ${reply.status} from ${url.href}, expected AnkiConnect's reply`,
    )
  }
  try {
    return JSON.parse(reply.text)
  } catch (error) {
    throw new DecklabError(
      'anki-reply',
      `Unexpected reply from ${url.href}: not JSON (the connection may have closed midway), expected AnkiConnect's reply`,
      { cause: error },
    )
  }
}

/** One reply (`{result, error}`) as a result or Anki's error text. */
function unwrap(reply: unknown): ActionReply {
  if (typeof reply !== 'object' || reply === null || !('error' in reply)) {
    return { ok: false, error: `unexpected reply ${JSON.stringify(reply)?.slice(0, 80)}` }
  }
  const { error, result } = reply as { error: unknown; result: unknown }
  if (error !== null && error !== undefined) return { ok: false, error: String(error) }
  return { ok: true, result }
}
