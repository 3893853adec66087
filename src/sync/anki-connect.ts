/**
 * The AnkiConnect client: JSON over HTTP POST, API version 6. The edge of
 * `decklab sync`; the planner never sees it. Counts the requests it sends,
 * and which of them could change the collection.
 */
import { request as httpRequest } from 'node:http'
import { request as httpsRequest } from 'node:https'
import { DecklabError } from '../errors.js'
import { programName } from '../text/program-name.js'

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
  'modelTemplates',
  'modelStyling',
  'findNotes',
  'findCards',
  'notesInfo',
  'cardsInfo',
  'retrieveMediaFile',
  'canAddNotes',
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
  /**
   * Send a writing action with parameters every AnkiConnect refuses before it
   * changes anything (a dry run learning whether Anki takes them): counted,
   * and abandoned on an interruption, as a read; Anki's reply as it is.
   */
  probe(action: string, params: Record<string, unknown>): Promise<ActionReply>
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
    return `This AnkiConnect is too old for it: update the AnkiConnect add-on (Tools → Add-ons → Check for Updates), restart Anki, and run \`${programName()} sync\` again.`
  }
  if (text.includes('not available')) {
    return `Anki is busy: close its open dialogs (profiles, preferences, …), wait for a sync with AnkiWeb to finish, and run \`${programName()} sync\` again; what was synced so far is recorded.`
  }
  return `Check Anki (an open dialog or a sync with AnkiWeb blocks AnkiConnect) and run \`${programName()} sync\` again; what was synced so far is recorded.`
}

const apiVersion = 6

/** Anki left a request without a reply for longer than it was given (`replyDeadlineMs`). */
class SilentAnki extends Error {
  constructor(readonly waitedMs: number) {
    super(`no reply in ${waitedMs} ms`)
  }
}

/** How long a request may go before its reply begins, and then between two pieces of it. */
interface ReplyLimits {
  deadlineMs: number
  idleMs: number
}

/**
 * One POST on a fresh connection (AnkiConnect closes each connection after
 * its reply, so a kept-alive socket would fail on the next request). With a
 * `deadlineMs`, it fails with `SilentAnki` when no reply has begun by then,
 * or when a reply begun stops for `idleMs`.
 */
function postJson(
  url: URL,
  body: string,
  signal: AbortSignal | undefined,
  limits: ReplyLimits | undefined,
): Promise<{ status: number; text: string }> {
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest
  return new Promise((resolve, reject) => {
    let silence: NodeJS.Timeout | undefined
    const waitFor = (ms: number) => {
      clearTimeout(silence)
      if (!limits) return
      silence = setTimeout(() => {
        // Rejected first, so the error the destroyed request then emits is not the one seen.
        reject(new SilentAnki(ms))
        request.destroy()
      }, ms)
    }
    const done = () => clearTimeout(silence)
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
        waitFor(limits?.idleMs ?? 0)
        response.on('data', (part: Buffer) => {
          parts.push(part)
          silence?.refresh()
        })
        response.on('error', (error) => {
          done()
          reject(error)
        })
        response.on('end', () => {
          done()
          resolve({
            status: response.statusCode ?? 0,
            text: Buffer.concat(parts).toString('utf8'),
          })
        })
      },
    )
    request.on('error', (error) => {
      done()
      reject(error)
    })
    waitFor(limits?.deadlineMs ?? 0)
    request.end(body)
  })
}

function isWrite(action: string): boolean {
  return !readActions.has(action)
}

/** How long a request goes unanswered before the user is told (a dialog open in Anki, say). */
export const slowAnswerMs = 15_000

/** How long Anki may take over a request it has read, unless `--timeout` says otherwise. */
export const defaultReplyTimeoutMs = 60_000

/**
 * How fast the slowest AnkiConnect reads a request: the 2019 release takes
 * 1 KiB per 25 ms tick (40 KiB/s), half that on a busy Anki. The kernel takes
 * a request of megabytes at once, so the time to read it is unseen silence.
 */
const slowestReadBytesPerSecond = 20 * 1024

/** A timer takes at most 2^31 − 1 ms; Node fires a longer one after 1 ms. */
const maxTimerMs = 2 ** 31 - 1

/**
 * How long a request of `bytes` may go before its reply begins: the time the
 * slowest AnkiConnect takes to read it, then `timeoutMs` for Anki to act.
 */
export function replyDeadlineMs(bytes: number, timeoutMs: number): number {
  return Math.min(timeoutMs + Math.ceil((bytes * 1000) / slowestReadBytesPerSecond), maxTimerMs)
}

export interface AnkiConnectOptions {
  /** Reads are abandoned at once; a write already sent is still answered (see below). */
  signal?: AbortSignal | undefined
  /**
   * How long Anki may take over a request once it could have read it
   * (`replyDeadlineMs`); 0 waits for ever. Past it the request fails with
   * `anki-timeout`: an Anki that accepts connections but never answers
   * (frozen, or busy for minutes) would otherwise hold the sync, and the
   * vault lock with it, for ever.
   */
  timeoutMs?: number | undefined
  /**
   * Told, once per request, of one that has gone unanswered for
   * `slowAnswerMs`, with the seconds it may still wait (undefined: for ever):
   * AnkiConnect waits while Anki shows a dialog, and nothing else would say
   * why the sync stands still.
   */
  onSlow?: ((action: string, seconds: number, secondsLeft: number | undefined) => void) | undefined
}

/** A client for the AnkiConnect at `url` (already checked by `parseAnkiUrl`). */
export function createAnkiConnect(url: URL, options: AnkiConnectOptions = {}): AnkiConnect {
  const { signal, onSlow } = options
  const timeoutMs = options.timeoutMs ?? defaultReplyTimeoutMs
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
    const text = JSON.stringify(body)
    const limits: ReplyLimits | undefined =
      timeoutMs > 0
        ? { deadlineMs: replyDeadlineMs(Buffer.byteLength(text), timeoutMs), idleMs: timeoutMs }
        : undefined
    const slow = onSlow
      ? setTimeout(() => {
          const left = limits
            ? Math.max(1, Math.ceil((limits.deadlineMs - slowAnswerMs) / 1000))
            : undefined
          onSlow(named, slowAnswerMs / 1000, left)
        }, slowAnswerMs).unref()
      : undefined
    try {
      return await postAction(url, named, text, writes ? undefined : signal, limits)
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
    async probe(action: string, params: Record<string, unknown>): Promise<ActionReply> {
      return unwrap(await post({ action, version: apiVersion, params }, false))
    },
  }
}

/** Send one request and parse its reply; an unreachable or garbled AnkiConnect is a `DecklabError` (exit 2). */
async function postAction(
  url: URL,
  action: string,
  body: string,
  signal: AbortSignal | undefined,
  limits: ReplyLimits | undefined,
): Promise<unknown> {
  let reply: { status: number; text: string }
  try {
    reply = await postJson(url, body, signal, limits)
  } catch (error) {
    if (signal?.aborted) throw error
    if (error instanceof SilentAnki && limits) {
      throw silentAnkiError(url, action, error.waitedMs, limits.idleMs)
    }
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message
    throw new DecklabError(
      'anki-unreachable',
      `Cannot reach AnkiConnect at ${url.href} (${code}), expected Anki running with the AnkiConnect add-on: start Anki (the add-on is code 2055492159, under Tools → Add-ons → Get Add-ons), or build a package to import instead (\`${programName()} build\`)`,
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

/**
 * Anki has not answered in the time it was given. What it was sent may
 * still be applied: the sync is left as an interrupted one is, for the next
 * run to finish (added notes carry the pending tag).
 */
function silentAnkiError(
  url: URL,
  action: string,
  waitedMs: number,
  timeoutMs: number,
): DecklabError {
  return new DecklabError(
    'anki-timeout',
    `Unexpected silence from AnkiConnect at ${url.href}: no reply to \`${action}\` in ${seconds(waitedMs)}, expected one within ${seconds(timeoutMs)} (\`--timeout\`) once it could have read the request. Anki may be frozen or busy (Check Database, a sync with AnkiWeb), or another program holds the port; what was synced so far is recorded, and the next \`${programName()} sync\` finishes what this one started (a larger \`--timeout\` waits longer, \`--timeout 0\` for ever).`,
  )
}

function seconds(ms: number): string {
  return `${Math.round(ms / 1000)} s`
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
