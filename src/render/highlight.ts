/**
 * Fenced-code highlighting with highlight.js: only the languages notes use
 * are registered (cheap start-up) and there is no auto-detection (cheap and
 * predictable); other languages are escaped plain text.
 */
import hljs from 'highlight.js/lib/core'
import bash from 'highlight.js/lib/languages/bash'
import c from 'highlight.js/lib/languages/c'
import diff from 'highlight.js/lib/languages/diff'
import go from 'highlight.js/lib/languages/go'
import ini from 'highlight.js/lib/languages/ini'
import javascript from 'highlight.js/lib/languages/javascript'
import json from 'highlight.js/lib/languages/json'
import plaintext from 'highlight.js/lib/languages/plaintext'
import python from 'highlight.js/lib/languages/python'
import rust from 'highlight.js/lib/languages/rust'
import shell from 'highlight.js/lib/languages/shell'
import sql from 'highlight.js/lib/languages/sql'
import typescript from 'highlight.js/lib/languages/typescript'
import yaml from 'highlight.js/lib/languages/yaml'
import { escapeHtml } from '../text/escape-html.js'

const languages = {
  bash,
  c,
  diff,
  go,
  ini,
  javascript,
  json,
  plaintext,
  python,
  rust,
  'shell-session': shell,
  sql,
  typescript,
  yaml,
}
for (const [name, language] of Object.entries(languages)) hljs.registerLanguage(name, language)
// In notes (as on GitHub) `shell` means a script, so it is bash; a session with
// prompts and output is `console` (highlight.js's `shell`, renamed above).
hljs.registerAliases(['shell'], { languageName: 'bash' })
hljs.registerAliases(['text', 'txt'], { languageName: 'plaintext' })

/** The `<pre><code>` HTML of a fenced block: highlighted when its language is known, escaped otherwise. */
export function highlightCode(code: string, info: string): string {
  const language = info.trim().split(/\s+/)[0]?.toLowerCase() ?? ''
  const known = language !== '' ? hljs.getLanguage(language) : undefined
  if (known === undefined) {
    const languageClass = language === '' ? '' : ` language-${escapeHtml(language)}`
    // Same class shape as showdown-highlight (the plugin's), so both read the same CSS.
    return `<pre><code class="hljs${languageClass}">${escapeHtml(code)}</code></pre>`
  }
  const html = hljs.highlight(code, { language, ignoreIllegals: true }).value
  const name = escapeHtml(language)
  return `<pre><code class="hljs ${name} language-${name}">${html}</code></pre>`
}
