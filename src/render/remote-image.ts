/**
 * Images that load from the network: Anki's webview fetches an `<img>`
 * whose src names another host each time the card is shown, so the site
 * learns who studies what and when, and the card is blank offline. An src
 * is read as the browser reads it (WHATWG URL: spaces and control
 * characters around it dropped, tabs and newlines removed, `\` a `/` in
 * http(s)): `https://h/p.png`, `//h/p.png`, `\\h\p.png`, `/\h/p.png` and
 * `http:h/p.png` all name the host `h`. The renderer writes such an image
 * as its alt text, with this warning.
 */
import type { RenderProblem } from './render-environment.js'

/**
 * Two bases of different schemes and hosts: a relative src keeps each
 * base's host, while any src that names a host names the same one against both.
 */
const bases = [new URL('http://a.invalid/d/'), new URL('https://b.invalid/d/')]
/** The schemes an `<img>` fetches from a host (`file://host/share` is a Windows share). */
const fetched = new Set(['http:', 'https:', 'ftp:', 'file:'])

/** Whether an image src (an attribute value as the browser decodes it) loads from another host. */
export function isRemoteImage(source: string): boolean {
  for (const base of bases) {
    let url: URL
    try {
      // `file:///p.png` has the host '' (no base host), and fetches no host.
      url = new URL(source, base)
    } catch {
      // The browser loads nothing from a src it can't parse.
      return false
    }
    // `data:` and the like have no host, and `app://h` is no scheme a webview fetches.
    if (url.host !== base.host && fetched.has(url.protocol)) return true
  }
  return false
}

/** A URL for a message: long ones cut, so a hostile field can't flood the output. */
export function shortenUrl(url: string): string {
  return url.length > 60 ? `${url.slice(0, 57)}…` : url
}

/** The warning for a remote image the card does not load. */
export function remoteImageProblem(source: string): RenderProblem {
  return {
    severity: 'warning',
    code: 'remote-image',
    needle: source,
    message: `Unexpected remote image \`${shortenUrl(source)}\`, expected a file in the vault: Anki would fetch it from the network each time the card is shown (the site learns who studies when; offline the card has a hole); written as its alt text`,
    hint: 'Download the image into the vault and embed it (`![[name.png]]`, `![](name.png)` or `<img src="name.png">`): decklab packages it with the deck',
  }
}
