// `npm run bench -- sanitize`: the card-HTML sanitizer. Prints
// - the per-field cost of sanitizing every rendered field of the generated
//   10,000-note corpus (decklab only sanitizes fields with raw HTML, so this is
//   the worst case for a cold build) and the cost of loading the module;
// - hostile input: `<script ` repeated 40,000 and 125,000 times (0.3 and
//   1 MB), through the sanitizer and through the whole field renderer, with
//   the time per byte of both sizes (equal per-byte times mean linear work);
// - side by side, when it is installed (`npm i --no-save sanitize-html`), the
//   alternative that was measured: sanitize-html on htmlparser2, with the same
//   allowlist, and which of the payloads each lets through (judged by
//   parsing its output as a browser does, with parse5).
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { generateNotes } from './render.bench.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const dist = join(root, 'lib', 'src', 'render')
const runs = 5

function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]
}

/** Median CPU milliseconds (user + system) of several runs: steadier than wall time on a shared machine. */
function time(work, count = runs) {
  const times = []
  for (let run = 0; run < count; run += 1) {
    globalThis.gc?.()
    const start = process.cpuUsage()
    work()
    const used = process.cpuUsage(start)
    times.push((used.user + used.system) / 1000)
  }
  return median(times)
}

/** Median CPU milliseconds to import `specifier` in a fresh process (what a cold build pays). */
function loadTime(specifier) {
  const times = []
  for (let run = 0; run < runs; run += 1) {
    const child = spawnSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `const s = process.cpuUsage(); await import(${JSON.stringify(specifier)}); const u = process.cpuUsage(s); console.log((u.user + u.system) / 1000)`,
      ],
      { cwd: root, encoding: 'utf8' },
    )
    if (child.status !== 0) return Number.NaN
    times.push(Number(child.stdout.trim()))
  }
  return median(times)
}

/** The payloads (each one ran in a card with the old string-stripping sanitizer). */
export const payloads = {
  'split script': '<scr<script>x</script>ipt>alert(1)</script>',
  'no-break space in attribute': '<img src=x title=\u00a0"a onerror=alert(1) b">',
  'vertical tab in attribute': '<img src=x title=\u000b"a onerror=alert(1) b">',
  'iframe srcdoc': '<iframe srcdoc="<img src=x onerror=alert(1)>"></iframe>',
  'iframe data URL':
    '<iframe src="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="></iframe>',
  'object data': '<object data="data:text/html,<script>alert(1)</script>"></object>',
  'embed src': '<embed src="data:text/html,<script>alert(1)</script>">',
  'cloze in attribute name': '<img src=x o{{c2::n}}error=alert(1)>',
  'base href': '<base href="https://evil.example/">',
  'sound in alt': '<img src="a.png" alt="[sound:a] <img src=x onerror=alert(1)>">',
  'meta refresh': '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
  'remote link': '<link rel="stylesheet" href="https://evil.example/x.css">',
  'style @import': '<style>@import "https://evil.example/y.css";</style>',
}

async function main() {
  if (!existsSync(join(dist, 'sanitize.js'))) {
    console.error('lib/ is missing: build first with `npx tsc -p .`')
    process.exitCode = 2
    return
  }
  const { sanitizeHtml } = await import(pathToFileURL(join(dist, 'sanitize.js')).href)
  const loadDecklab = loadTime(pathToFileURL(join(dist, 'sanitize.js')).href)
  const { renderNote } = await import(pathToFileURL(join(dist, 'render-note.js')).href)
  const { parseFragment } = await import('parse5')
  const { fromParse5 } = await import('hast-util-from-parse5')
  const fromHtml = (html) => fromParse5(parseFragment(html))

  // The corpus as the renderer writes it (fields without raw HTML skip the sanitizer).
  const notes = generateNotes(10_000)
  const fields = []
  for (const [index, generated] of notes.entries()) {
    const note = {
      id: index + 1,
      guid: `g${index}`,
      noteType: generated.noteType,
      fields: generated.fields,
      tags: [],
      deck: 'Bench',
      labs: [],
      kind: 'block',
      source: {
        file: 'b.md',
        absolutePath: '/nonexistent/b.md',
        vaultRoot: '/nonexistent',
        line: 1,
        column: 1,
        idInsertOffset: 0,
      },
    }
    for (const html of Object.values(renderNote(note).fields)) if (html !== '') fields.push(html)
  }
  const bytes = fields.reduce((sum, html) => sum + html.length, 0)
  console.log(
    `corpus: ${fields.length} rendered fields of 10,000 notes, ${(bytes / 1e6).toFixed(2)} MB; medians of ${runs} runs, CPU time`,
  )

  let sanitizeHtmlAlt
  try {
    sanitizeHtmlAlt = (await import('sanitize-html')).default
  } catch {
    sanitizeHtmlAlt = undefined
  }
  const loadAlt = sanitizeHtmlAlt ? loadTime('sanitize-html') : Number.NaN
  const altOptions = {
    allowedTags: [
      'a',
      'b',
      'i',
      'em',
      'strong',
      'code',
      'pre',
      'span',
      'div',
      'p',
      'br',
      'img',
      'ul',
      'ol',
      'li',
      'table',
      'thead',
      'tbody',
      'tr',
      'td',
      'th',
      'mark',
      'kbd',
      'sub',
      'sup',
      'details',
      'summary',
      'input',
      'h1',
      'h2',
      'h3',
    ],
    allowedAttributes: {
      '*': ['class', 'style', 'title'],
      a: ['href'],
      img: ['src', 'alt', 'width', 'height'],
      input: ['type', 'disabled', 'checked'],
    },
    allowedSchemes: ['http', 'https', 'mailto', 'obsidian'],
    allowedSchemesByTag: { img: ['http', 'https'] },
  }

  const rows = [
    ['decklab (parse5 + hast-util-sanitize)', (html) => sanitizeHtml(html).html, loadDecklab],
  ]
  if (sanitizeHtmlAlt)
    rows.push(['sanitize-html (htmlparser2)', (html) => sanitizeHtmlAlt(html, altOptions), loadAlt])
  else console.log('(sanitize-html is not installed: `npm i --no-save sanitize-html` to compare)')

  const script40k = '<script '.repeat(40_000)
  const script1MB = '<script '.repeat(125_000)
  const hostileNote = (text) => ({
    id: 1,
    guid: 'h',
    noteType: 'Basic',
    fields: { Front: text, Back: '' },
    tags: [],
    deck: 'B',
    labs: [],
    kind: 'block',
    source: {
      file: 'h.md',
      absolutePath: '/nonexistent/h.md',
      vaultRoot: '/nonexistent',
      line: 1,
      column: 1,
      idInsertOffset: 0,
    },
  })
  for (const [label, run, load] of rows) {
    const all = time(() => {
      for (const html of fields) run(html)
    })
    const small = time(() => run(script40k), 3)
    const large = time(() => run(script1MB), 3)
    console.log(`\n${label}`)
    console.log(`  module load: ${load.toFixed(0)} ms`)
    console.log(
      `  every field of the corpus: ${all.toFixed(0)} ms (${((all / fields.length) * 1000).toFixed(1)} µs per field)`,
    )
    console.log(
      `  '<script ' × 40,000 (0.32 MB): ${small.toFixed(0)} ms; × 125,000 (1 MB): ${large.toFixed(0)} ms; per byte ×${(large / script1MB.length / (small / script40k.length)).toFixed(2)} from the smaller to the larger`,
    )
    const through = []
    for (const [name, payload] of Object.entries(payloads)) {
      if (!isSafe(fromHtml, run(payload))) through.push(name)
    }
    console.log(`  payloads let through: ${through.length === 0 ? 'none' : through.join(', ')}`)
  }
  const rendered40k = time(() => renderNote(hostileNote(script40k)), 3)
  const rendered1MB = time(() => renderNote(hostileNote(script1MB)), 3)
  console.log(
    `\ndecklab renderNote (markdown-it + sanitizer), '<script ' × 40,000: ${rendered40k.toFixed(0)} ms; 1 MB: ${rendered1MB.toFixed(0)} ms; per byte ×${(rendered1MB / script1MB.length / (rendered40k / script40k.length)).toFixed(2)}`,
  )
}

/** True when a browser parsing `html` (parse5) would find nothing that runs, loads or navigates. */
function isSafe(fromHtml, html) {
  // Anki's sound and cloze expansions rewrite the text; try the ones that could break an attribute.
  const variants = [
    html,
    html.replace(/\[sound:([^\]]*)\]/g, '<a class="replay-button" href="#">$1</a>'),
  ]
  for (const card of [1, 2]) {
    variants.push(
      html.replace(/\{\{c(\d+)::(.*?)\}\}/gs, (_m, n, text) =>
        Number(n) === card ? '<span class="cloze">[...]</span>' : text,
      ),
    )
  }
  return variants.every((variant) => {
    let safe = true
    const visit = (node) => {
      if (node.type === 'element') {
        if (/^(script|iframe|object|embed|base|meta|link|style|frame)$/.test(node.tagName))
          safe = false
        for (const key of Object.keys(node.properties)) if (/^on/i.test(key)) safe = false
      }
      for (const child of node.children ?? []) visit(child)
    }
    visit(fromHtml(variant))
    return safe
  })
}

await main()
