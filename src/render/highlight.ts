/**
 * Fenced-code highlighting with highlight.js: only the languages notes use
 * are known, each loaded the first time a fence names it (cheap start-up),
 * and there is no auto-detection (cheap and predictable); other languages are
 * escaped plain text.
 */
import { createRequire } from 'node:module'
import type { HLJSApi, LanguageFn, Mode } from 'highlight.js'
import { escapeHtml } from '../text/escape-html.js'

// highlight.js is CommonJS: `require` skips the ES-module wrapper Node builds around each file.
const require = createRequire(import.meta.url)
const hljs = require('highlight.js/lib/core') as HLJSApi

/**
 * Each known language: its highlight.js module and the names a fence may
 * use for it (highlight.js's own aliases; a test pins them to the package).
 * In notes (as on GitHub) `shell` means a script, so it is bash; a session
 * with prompts and output is `console` (highlight.js's `shell`, renamed).
 */
export const knownLanguages: Readonly<Record<string, { module: string; names: string[] }>> = {
  bash: { module: 'bash', names: ['sh', 'zsh', 'shell'] },
  c: { module: 'c', names: ['h'] },
  diff: { module: 'diff', names: ['patch'] },
  go: { module: 'go', names: ['golang'] },
  ini: { module: 'ini', names: ['toml'] },
  javascript: { module: 'javascript', names: ['js', 'jsx', 'mjs', 'cjs'] },
  json: { module: 'json', names: ['jsonc', 'json5'] },
  plaintext: { module: 'plaintext', names: ['text', 'txt'] },
  python: { module: 'python', names: ['py', 'gyp', 'ipython'] },
  rust: { module: 'rust', names: ['rs'] },
  'shell-session': { module: 'shell', names: ['console', 'shellsession'] },
  sql: { module: 'sql', names: [] },
  typescript: { module: 'typescript', names: ['ts', 'tsx', 'mts', 'cts'] },
  yaml: { module: 'yaml', names: ['yml'] },
}

/** Fence word → the registered name of its language. */
const languageNames = new Map<string, string>()
for (const [name, { names }] of Object.entries(knownLanguages)) {
  for (const alias of [name, ...names]) languageNames.set(alias, name)
}

/** Register a known language (and the known languages it embeds) unless it already is. */
function registerLanguage(name: string): void {
  if (hljs.getLanguage(name) !== undefined) return
  const language = knownLanguages[name]!
  hljs.registerLanguage(
    name,
    require(`highlight.js/lib/languages/${language.module}`) as LanguageFn,
  )
  // A mode written in another language (`shell-session` prompts hold bash) is plain text
  // unless that language is registered too.
  for (const embedded of subLanguages(hljs.getLanguage(name)!)) {
    if (embedded in knownLanguages) registerLanguage(embedded)
  }
}

/** The languages a grammar's modes hand text to (`subLanguage`), searched through its whole mode tree. */
function subLanguages(language: Mode): Set<string> {
  const found = new Set<string>()
  const seen = new Set<object>()
  const visit = (mode: unknown): void => {
    if (typeof mode !== 'object' || mode === null || seen.has(mode)) return
    seen.add(mode)
    const { subLanguage, contains, variants, starts } = mode as Mode
    // An empty list auto-detects among every registered language.
    const names =
      subLanguage === undefined
        ? []
        : typeof subLanguage === 'string'
          ? [subLanguage]
          : subLanguage.length === 0
            ? Object.keys(knownLanguages)
            : subLanguage
    for (const name of names) found.add(name)
    for (const child of [...(contains ?? []), ...(variants ?? []), starts]) visit(child)
  }
  visit(language)
  return found
}

/** The `<pre><code>` HTML of a fenced block: highlighted when its language is known, escaped otherwise. */
export function highlightCode(code: string, info: string): string {
  const language = info.trim().split(/\s+/)[0]?.toLowerCase() ?? ''
  const name = languageNames.get(language)
  if (name === undefined) {
    const languageClass = language === '' ? '' : ` language-${escapeHtml(language)}`
    // Same class shape as showdown-highlight (the plugin's), so both read the same CSS.
    return `<pre><code class="hljs${languageClass}">${escapeHtml(code)}</code></pre>`
  }
  registerLanguage(name)
  const html = hljs.highlight(code, { language: name, ignoreIllegals: true }).value
  const shown = escapeHtml(language)
  return `<pre><code class="hljs ${shown} language-${shown}">${html}</code></pre>`
}
