// Field HTML against the Obsidian_to_Anki plugin's expectations
// (expected/<suite>.json), called by test/conformance/run.mjs.
//
// compareHtml(suiteName, notes, expected) renders each note with decklab's
// renderer (built code in lib/) and compares the fields the upstream test
// checks, after normalising whitespace and equivalent spellings (`<br />` and
// `<br>`, `/>` on void elements, attribute quotes, `&#039;` and `'`, `&gt;` and `>`). What is
// still different is either one of decklab's documented deliberate
// differences (status `diff`, details = the reasons) or a failure (`fail`,
// details = what differs).
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const { renderNote } = await import(pathToFileURL(join(root, 'lib/src/render/render-note.js')).href)

/** Equivalent spellings and insignificant whitespace. */
export function normalizeHtml(html) {
  return html
    .replace(/<br\s*\/?>/gi, '<br>')
    .replace(/<(img|input|hr|link|meta)\b([^>]*?)\s*\/>/gi, '<$1$2>')
    .replace(/(\s[\w:-]+)='([^']*)'/g, '$1="$2"')
    .replace(/&#0?39;|&#x27;/gi, "'")
    .replace(/&gt;/g, '>')
    .replace(/\s+/g, ' ')
    .replace(/>\s+</g, '><')
    .replace(/\s*<br>\s*/g, '<br>')
    .trim()
}

/**
 * decklab's deliberate differences from the plugin's HTML. Each rewrites the
 * expected and/or actual HTML so that only that difference disappears.
 */
const deliberateDifferences = [
  {
    reason:
      'no `<link>` to highlight.js arta.css on a CDN: the highlight CSS ships in the notetype stylesheet',
    expected: (html) => html.replace(/<link href="[^"]*highlightjs[^"]*" rel="stylesheet">/g, ''),
  },
  {
    reason: 'headings carry no showdown ids (`<h1 id="headersaresupportedtoo">`)',
    expected: (html) => html.replace(/<(h[1-6]) id="[^"]*">/g, '<$1>'),
  },
  {
    reason:
      'multi-paragraph fields keep balanced `<p>…</p>`; the plugin strips only the outer pair, leaving `text</p><p>text`',
    expected: (html) =>
      !html.startsWith('<p>') && html.includes('</p><p>') ? `<p>${html}</p>` : html,
  },
  {
    reason:
      'media names carry a hash: the renderer’s of the path (`test-1a2b3c4d.mp3`, compared here), the package’s of the bytes (16 hex digits), so two files with the same basename never collide and a changed file gets a new name',
    actual: (html) =>
      html.replace(/(\[sound:|src=")([^"\]]*?)-[0-9a-f]{8}(\.[a-z0-9]+)(?=["\]])/g, '$1$2$3'),
  },
  {
    reason: 'fenced code is highlighted by highlight.js 11 with a different but correct markup',
    both: (html) =>
      html.replace(
        /<pre><code class="hljs( [\w-]+)?(?: language-[\w-]+)?">([\s\S]*?)<\/code><\/pre>/g,
        (_whole, language, code) =>
          `<pre><code class="hljs${language ?? ''}">${code.replace(/<\/?span[^>]*>/g, '')}</code></pre>`,
      ),
  },
  {
    reason:
      'a remote image is written as its alt text (`remote-image`): no card loads anything from the network when it is shown',
    expected: (html) =>
      html.replace(/<img src="(?:https?:)?\/\/[^"]*" alt="([^"]*)"(?: \/)?>/g, '$1'),
  },
  // The next two are parser-level differences that run.mjs already names; they are
  // undone here without a second copy of the reason.
  {
    suite: 'cloze_highlight',
    expected: (html) => html.replace(/\{\{c(\d+):::/g, '{{c$1::'),
  },
  {
    suite: 'context_test',
    actual: (html) => html.replace(/^<p>([\s\S]*)<\/p>$/, '$1').replace('</p><p>', ''),
  },
]

function applyDifferences(suite, expectedHtml, actualHtml, skipped) {
  let expected = expectedHtml
  let actual = actualHtml
  for (const difference of deliberateDifferences) {
    if (difference === skipped) continue
    if (difference.suite !== undefined && difference.suite !== suite) continue
    expected = (difference.both ?? difference.expected ?? ((html) => html))(expected)
    actual = (difference.both ?? difference.actual ?? ((html) => html))(actual)
  }
  return { expected, actual }
}

/** The reasons of the differences the match really needs (without each one, it fails). */
function neededReasons(suite, expected, actual, equal) {
  return deliberateDifferences
    .filter((difference) => difference.reason !== undefined)
    .filter((difference) => {
      const without = applyDifferences(suite, expected, actual, difference)
      return !equal(without.expected, without.actual)
    })
    .map((difference) => difference.reason)
}

/** Where two strings first differ, with some context, for a readable failure line. */
function firstDifference(expected, actual) {
  let index = 0
  while (index < expected.length && expected[index] === actual[index]) index += 1
  const from = Math.max(0, index - 30)
  return `expected …${JSON.stringify(expected.slice(from, index + 50))}…, got …${JSON.stringify(actual.slice(from, index + 50))}…`
}

/**
 * Render `notes` and compare the fields the upstream test checks with
 * `expected.notes` (matched per file, in order, like run.mjs).
 */
export async function compareHtml(suiteName, notes, expected) {
  const byFile = new Map()
  for (const note of notes) {
    if (!byFile.has(note.source.file)) byFile.set(note.source.file, [])
    byFile.get(note.source.file).push(note)
  }
  const used = new Map()
  const failures = []
  const reasons = new Set()
  for (const [position, want] of (expected.notes ?? []).entries()) {
    const index = used.get(want.file) ?? 0
    used.set(want.file, index + 1)
    const note = byFile.get(want.file)?.[index]
    const label = `note ${position + 1} (${want.file})`
    if (note === undefined) {
      failures.push(`${label}: no note to compare field HTML with`)
      continue
    }
    const rendered = renderNote(note)
    for (const diagnostic of rendered.diagnostics) {
      if (diagnostic.severity === 'error')
        failures.push(`${label}: ${diagnostic.code} ${diagnostic.message}`)
    }
    for (const [field, wantHtml] of Object.entries(want.fields ?? {})) {
      const match =
        typeof want.field_match === 'object' ? want.field_match[field] : want.field_match
      const gotHtml = rendered.fields[field]
      if (gotHtml === undefined) {
        failures.push(`${label} ${field}: no such field in the rendered note`)
        continue
      }
      const expectedNormal = normalizeHtml(wantHtml)
      const actualNormal = normalizeHtml(gotHtml)
      const equal = (a, b) => (match === 'contains' ? a.includes(b) || b.includes(a) : a === b)
      if (equal(expectedNormal, actualNormal)) continue
      const adjusted = applyDifferences(suiteName, expectedNormal, actualNormal)
      if (equal(adjusted.expected, adjusted.actual)) {
        for (const reason of neededReasons(suiteName, expectedNormal, actualNormal, equal)) {
          reasons.add(reason)
        }
        continue
      }
      failures.push(`${label} ${field}: ${firstDifference(adjusted.expected, adjusted.actual)}`)
    }
  }
  if (failures.length > 0) return { status: 'fail', details: failures }
  if (reasons.size > 0) return { status: 'diff', details: [...reasons] }
  return { status: 'pass', details: [] }
}
