import { createRequire } from 'node:module'
import type { HLJSApi, LanguageFn } from 'highlight.js'
import { describe, expect, it, vi } from 'vitest'
import { escapeHtml } from '../../src/text/escape-html.js'

const require = createRequire(import.meta.url)

/**
 * highlight.js as the renderer set it up before languages loaded lazily:
 * every known language registered up front (in this order), plus decklab's
 * aliases. The lazy renderer must give the same HTML for every fence word.
 */
function eagerHighlighter(): { hljs: HLJSApi; highlight(code: string, info: string): string } {
  const hljs = (require('highlight.js/lib/core') as HLJSApi).newInstance()
  const modules: Record<string, string> = {
    bash: 'bash',
    c: 'c',
    diff: 'diff',
    go: 'go',
    ini: 'ini',
    javascript: 'javascript',
    json: 'json',
    plaintext: 'plaintext',
    python: 'python',
    rust: 'rust',
    'shell-session': 'shell',
    sql: 'sql',
    typescript: 'typescript',
    yaml: 'yaml',
  }
  for (const [name, module] of Object.entries(modules)) {
    hljs.registerLanguage(name, require(`highlight.js/lib/languages/${module}`) as LanguageFn)
  }
  hljs.registerAliases(['shell'], { languageName: 'bash' })
  hljs.registerAliases(['text', 'txt'], { languageName: 'plaintext' })
  return {
    hljs,
    highlight(code, info) {
      const language = info.trim().split(/\s+/)[0]?.toLowerCase() ?? ''
      const known = language !== '' ? hljs.getLanguage(language) : undefined
      if (known === undefined) {
        const languageClass = language === '' ? '' : ` language-${escapeHtml(language)}`
        return `<pre><code class="hljs${languageClass}">${escapeHtml(code)}</code></pre>`
      }
      const html = hljs.highlight(code, { language, ignoreIllegals: true }).value
      const name = escapeHtml(language)
      return `<pre><code class="hljs ${name} language-${name}">${html}</code></pre>`
    },
  }
}

/** Every name a fence can use for a language the eager set-up knows. */
function eagerNames(hljs: HLJSApi): string[] {
  const names = hljs
    .listLanguages()
    .flatMap((name) => [name, ...(hljs.getLanguage(name)?.aliases ?? [])])
  return [...new Set([...names, 'shell', 'text', 'txt'])].sort()
}

/** highlight.ts on a new highlight.js instance (the module and the CommonJS cache both reset). */
async function freshHighlight(): Promise<typeof import('../../src/render/highlight.js')> {
  delete require.cache[require.resolve('highlight.js/lib/core')]
  vi.resetModules()
  return import('../../src/render/highlight.js')
}

// Snippets that exercise each grammar a little, and a console session whose commands are bash.
const samples = [
  '$ ls -l /tmp/lab.sock\nsrwxr-xr-x 1 user user 0 lab.sock\n$ echo "$HOME" | grep -c x\n1',
  'import socket\ns = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)\n# comment\nprint(f"{s}")',
  'int fd = socket(AF_UNIX, SOCK_DGRAM, 0); /* c */\nif (fd < 0) { perror("socket"); return 1; }',
  'const x: Map<string, number> = new Map() // ts\nfunction f<T>(a: T) { return `t` + a }',
  '{"a": [1, 2.5, true, null], "b": "c"}\nkey: value\n- item\n[section]\nname = 1',
  'SELECT path FROM sockets WHERE mode = 0700;\n--- a\n+++ b\n@@ -1 +1 @@\n-old\n+new',
  'fn main() { let s = String::from("x"); }\npackage main\nfunc main() { go f() }',
]

describe('lazy highlight.js languages', () => {
  it('knows exactly the fence words the eager set-up knew, each for the same language', async () => {
    const { knownLanguages } = await import('../../src/render/highlight.js')
    const { hljs } = eagerHighlighter()
    const lazyNames = Object.entries(knownLanguages).flatMap(([name, { names }]) => [
      name,
      ...names,
    ])
    expect([...new Set(lazyNames)].sort()).toEqual(eagerNames(hljs))
    for (const [name, { names }] of Object.entries(knownLanguages)) {
      for (const alias of names) expect(hljs.getLanguage(alias), alias).toBe(hljs.getLanguage(name))
    }
  })

  it('highlights every fence word as the eager set-up did, whichever language loads first', async () => {
    const eager = eagerHighlighter()
    const words = [...eagerNames(eager.hljs), 'Python', 'unknown-language', '']
    // `console` first: its prompts hand their commands to bash, which must load with it.
    for (const order of [words, [...words].reverse(), ['console', ...words]]) {
      const { highlightCode } = await freshHighlight()
      for (const word of order) {
        for (const sample of samples) {
          expect(highlightCode(sample, word), `${word}: ${sample}`).toBe(
            eager.highlight(sample, word),
          )
        }
      }
    }
  })

  it('loads a language only when a fence names it', async () => {
    const { highlightCode } = await freshHighlight()
    const core = require('highlight.js/lib/core') as HLJSApi
    expect(core.listLanguages()).toEqual([])
    highlightCode('x = 1', 'py')
    highlightCode('x = 1', 'no-such-language')
    expect(core.listLanguages()).toEqual(['python'])
    highlightCode('$ echo hi', 'console')
    expect(core.listLanguages().sort()).toEqual(['bash', 'python', 'shell-session'])
  })
})
