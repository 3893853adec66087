/**
 * Script and remote-load payloads for card fields: every one from issue 15
 * ("Script in cards"), each of which ran in a card with the old
 * string-stripping sanitizer, plus the classic parser-differential ones.
 * A payload that runs calls `alert(name)` or requests `https://evil.example/…`;
 * the browser tests listen for both.
 */
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

export interface Payload {
  name: string
  /** The field's Markdown (raw HTML). */
  html: string
  /** A Cloze note's Text (Anki expands it per card) instead of a Basic note's Front. */
  cloze?: boolean
  /** Markdown written as the field, not raw HTML in a `<div>`. */
  markdown?: boolean
  /** The note's Back (Back Extra for a Cloze), holding `name`; default `name` itself. */
  back?: string
}

const dataDocument = (name: string) =>
  Buffer.from(`<img src="https://evil.example/${name}"><script>alert('${name}')</script>`).toString(
    'base64',
  )

export const payloads: readonly Payload[] = [
  {
    name: 'split-script',
    html: "<scr<script></script>ipt>alert('split-script')</scr<script></script>ipt>",
  },
  {
    name: 'nbsp-attribute',
    html: '<img src=x title=\u00a0"a onerror=alert(\'nbsp-attribute\') b">',
  },
  {
    name: 'vtab-attribute',
    html: '<img src=x title=\u000b"a onerror=alert(\'vtab-attribute\') b">',
  },
  {
    name: 'iframe-srcdoc',
    html: `<iframe srcdoc="<img src=https://evil.example/iframe-srcdoc onerror=alert('iframe-srcdoc')>"></iframe>`,
  },
  {
    name: 'iframe-data',
    html: `<iframe src="data:text/html;base64,${dataDocument('iframe-data')}"></iframe>`,
  },
  {
    name: 'object-data',
    html: `<object data="data:text/html;base64,${dataDocument('object-data')}"></object>`,
  },
  { name: 'embed-src', html: `<embed src="data:text/html;base64,${dataDocument('embed-src')}">` },
  {
    name: 'cloze-attribute-name',
    cloze: true,
    html: '<details open o{{c2::n}}toggle="alert(\'cloze-attribute-name\')">x</details> {{c1::one}}',
  },
  {
    name: 'cloze-across-attributes',
    cloze: true,
    html: `<img src="x" alt="{{c1::z" title="}} onerror=alert('cloze-across-attributes') y="> {{c2::two}}`,
  },
  {
    name: 'cloze-hint-in-attribute',
    cloze: true,
    html: `<img src="x" alt="{{c1::a::&quot; onerror=alert('cloze-hint-in-attribute') x=&quot;}}"> {{c2::two}}`,
  },
  {
    name: 'base-href',
    html: '<base href="https://evil.example/base-href/"><img src="relative.png">',
  },
  {
    name: 'sound-in-alt',
    html: `<img src="local.png" alt="[sound:a.mp3] <img src=x onerror=alert('sound-in-alt')>">`,
  },
  {
    name: 'meta-refresh',
    html: '<meta http-equiv="refresh" content="0;url=https://evil.example/meta-refresh">',
  },
  {
    name: 'remote-link',
    html: '<link rel="stylesheet" href="https://evil.example/remote-link.css">',
  },
  { name: 'style-import', html: '<style>@import "https://evil.example/style-import.css";</style>' },
  {
    name: 'style-url',
    html: '<span style="color: red; background-image: url(https://evil.example/style-url.png)">x</span>',
  },
  { name: 'svg-script', html: "<svg><script>alert('svg-script')</script></svg>" },
  {
    name: 'math-style-mxss',
    html: "<math><mtext><table><mglyph><style><img src=x onerror=alert('math-style-mxss')>",
  },
  {
    name: 'noscript-mxss',
    html: `<noscript><p title="</noscript><img src=x onerror=alert('noscript-mxss')>">`,
  },
  { name: 'plain-onerror', html: "<img src=x onerror=alert('plain-onerror')>" },
  // Anki 2.1.15 searches the card again after each substitution: a `{{text:Back}}` in a
  // field pasted the Back with its escaped markup decoded.
  {
    name: 'mustache-text',
    html: 'Question {{text:Back}}',
    back: "`<img src=x onerror=alert('mustache-text')>`",
  },
  {
    name: 'mustache-cloze',
    cloze: true,
    html: 'The capital of France is {{c1::Paris}}. <b>{{text:Back Extra}}</b>',
    back: "`<img src=x onerror=alert('mustache-cloze')>`",
  },
  // Anki 2.1.15's reviewer finds an image's file by regex (the last ` src=` in the tag): one
  // in the alt broke the alt's quote, and the link's URL after it became an `onload` handler.
  {
    name: 'img-alt-src',
    markdown: true,
    html: "![a src=b](local.png)[z](https://x/onload=alert('img-alt-src')//)",
  },
  {
    name: 'img-embed-alias-src',
    markdown: true,
    html: "![[local.png|a src=b]][z](https://x/onload=alert('img-embed-alias-src')//)",
  },
  {
    name: 'img-title-src',
    html: `<img src="local.png" title="t src=b"><a href="https://x/onload=alert('img-title-src')//">z</a>`,
  },
  // Remote images: Anki fetches them each time the card is shown (tracking, blank offline).
  { name: 'remote-img', html: '<img src="https://evil.example/remote-img.png" alt="a">' },
  {
    name: 'remote-img-scheme-relative',
    html: '<img src="//evil.example/remote-img-scheme-relative.png">',
  },
  { name: 'remote-img-backslash', html: '<img src="\\\\evil.example\\remote-img-backslash.png">' },
  { name: 'remote-img-markdown', markdown: true, html: '![r](https://evil.example/remote-md.png)' },
  {
    name: 'remote-img-markdown-scheme-relative',
    markdown: true,
    html: '![r](//evil.example/remote-md-scheme-relative.png)',
  },
  {
    name: 'remote-srcset',
    html: '<img src="local.png" srcset="https://evil.example/remote-srcset.png 1x">',
  },
  {
    name: 'remote-picture',
    html: '<picture><source srcset="https://evil.example/remote-picture.png"><img src="local.png"></picture>',
  },
  {
    name: 'remote-poster',
    html: '<video poster="https://evil.example/remote-poster.png"></video>',
  },
  {
    name: 'remote-audio',
    html: '<audio autoplay src="https://evil.example/remote-audio.mp3"></audio><video><source src="https://evil.example/remote-source.mp4"></video>',
  },
  {
    name: 'remote-background',
    html: '<table background="https://evil.example/remote-background.png"><tr><td>x</td></tr></table>',
  },
  {
    name: 'entity-javascript-url',
    html: '<a href="jav&#x09;ascript&colon;alert(\'entity-url\')">x</a>',
  },
]

/** A 1×1 PNG, for the images the payloads name (so the build packages them). */
const pixel = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGD4DwABBAEAwS2OUAAAAABJRU5ErkJggg==',
  'base64',
)

/**
 * A vault with one note per payload (Basic, or Cloze where the payload needs
 * it) in `notes.md`, and the local files they name as images.
 */
export async function writePayloadVault(directory: string): Promise<void> {
  await mkdir(directory, { recursive: true })
  for (const name of ['relative.png', 'local.png']) await writeFile(join(directory, name), pixel)
  // `<img src=x>` is packaged like any local image, so `x` is there; it is no image, so it
  // still fails to load in the browser, and an `onerror` the sanitizer missed would run.
  await writeFile(join(directory, 'x'), 'not an image\n')
  // In a `<div>`, each payload is a raw HTML block to Markdown, passed on as written.
  const blocks = payloads.map((payload) => {
    const field = payload.markdown ? payload.html : `<div>${payload.html}</div>`
    return payload.cloze
      ? `START\nCloze\n${field}\nBack Extra: ${payload.back ?? payload.name}\nEND`
      : `START\nBasic\n${field}\nBack: ${payload.back ?? payload.name}\nEND`
  })
  await writeFile(
    join(directory, 'notes.md'),
    `---\ndeck: Payloads\n---\n\n${blocks.join('\n\n')}\n`,
  )
}
