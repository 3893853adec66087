/** Obsidian highlights: `==text==` → `<mark>text</mark>` (content is Markdown). */
import type MarkdownIt from 'markdown-it'
import type { StateInline } from 'markdown-it'

const equals = 0x3d

/** Install the `==mark==` inline rule. */
export function markPlugin(markdown: MarkdownIt): void {
  markdown.inline.ruler.before('emphasis', 'mark', mark)
}

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a
}

function mark(state: StateInline, silent: boolean): boolean {
  const source = state.src
  const start = state.pos
  const max = state.posMax
  if (source.charCodeAt(start) !== equals || source.charCodeAt(start + 1) !== equals) return false
  const first = source.charCodeAt(start + 2)
  if (start + 2 >= max || first === equals || isSpace(first)) return false
  let close = source.indexOf('==', start + 3)
  while (close !== -1 && close + 2 <= max && isSpace(source.charCodeAt(close - 1))) {
    close = source.indexOf('==', close + 1)
  }
  if (close === -1 || close + 2 > max) return false
  if (!silent) {
    state.push('mark_open', 'mark', 1).markup = '=='
    const oldMax = state.posMax
    state.pos = start + 2
    state.posMax = close
    state.md.inline.tokenize(state)
    state.posMax = oldMax
    state.push('mark_close', 'mark', -1).markup = '=='
  }
  state.pos = close + 2
  return true
}
