/**
 * Which AnkiConnect addresses `decklab sync` talks to: plain http on the
 * loopback interface, unless the user allows a remote one.
 */
import { UsageError } from '../errors.js'

/** AnkiConnect's own default address. */
export const defaultAnkiUrl = 'http://127.0.0.1:8765'

/** Whether a URL host names this machine's loopback interface. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase()
  if (host === 'localhost' || host === '::1') return true
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)
}

/** The checked URL, or a `UsageError` saying what is wrong with it. */
export function parseAnkiUrl(text: string, allowRemote: boolean): URL {
  let url: URL
  try {
    url = new URL(text)
  } catch {
    throw new UsageError(
      `Unexpected \`--url\` \`${text}\`, expected an address like \`${defaultAnkiUrl}\``,
    )
  }
  if (url.protocol !== 'http:' && !(allowRemote && url.protocol === 'https:')) {
    throw new UsageError(
      `Unexpected \`--url\` scheme \`${url.protocol}\`, expected \`http:\` (AnkiConnect serves plain HTTP)`,
    )
  }
  if (url.username !== '' || url.password !== '') {
    throw new UsageError('Unexpected user name or password in `--url`, expected none')
  }
  if (!allowRemote && !isLoopbackHost(url.hostname)) {
    throw new UsageError(
      `Unexpected \`--url\` host \`${url.hostname}\`, expected the loopback interface (127.0.0.1, localhost or ::1); \`--allow-remote\` accepts another host, and the notes then travel over the network`,
    )
  }
  return url
}

/** The names of this machine's loopback interface that reach an Anki listening on 127.0.0.1. */
const loopbackNames = new Set(['localhost', '127.0.0.1', '[::1]'])

/**
 * One spelling per AnkiConnect: `localhost`, `127.0.0.1` and `[::1]` become
 * `127.0.0.1`, the port is always written (80 or 443 when the URL has
 * none) and a path loses its trailing slash, so `http://localhost:8765` and
 * `http://127.0.0.1:8765/` name the same Anki. Other hosts (a remote Anki,
 * another loopback address such as 127.0.0.2) stay as they are.
 */
export function ankiAddressKey(href: string): string {
  const url = new URL(href)
  const host = loopbackNames.has(url.hostname) ? '127.0.0.1' : url.hostname
  const port = url.port !== '' ? url.port : url.protocol === 'https:' ? '443' : '80'
  const path = url.pathname.replace(/\/+$/, '')
  return `${url.protocol}//${host}:${port}${path}${url.search}`
}
