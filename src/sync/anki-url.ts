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
      `Unexpected \`--url\` host \`${url.hostname}\`, expected the loopback interface (127.0.0.1, localhost or ::1)`,
    )
  }
  return url
}
