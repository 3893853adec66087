/**
 * Obsidian math for MathJax: the `math_inline` and `math_block` tokens the
 * shared parser reads (src/markdown/math.ts) become `\(…\)` and `\[…\]`.
 */
import type MarkdownIt from 'markdown-it'
import { escapeHtml } from '../text/escape-html.js'
import type { RenderEnvironment } from './render-environment.js'

/** Install the math renderers. */
export function mathPlugin(markdown: MarkdownIt): void {
  markdown.renderer.rules.math_inline = (tokens, index, _options, environment) => {
    const token = tokens[index]!
    const content = mathContent(token.content, environment)
    return token.markup === '$$' ? `\\[${content}\\]` : `\\(${content}\\)`
  }
  markdown.renderer.rules.math_block = (tokens, index, _options, environment) =>
    `\\[${mathContent(tokens[index]!.content, environment)}\\]\n`
}

function mathContent(content: string, environment: RenderEnvironment | undefined): string {
  const escaped = escapeHtml(content)
  if (!environment?.cloze) return escaped
  // Inside a cloze, Anki would end the deletion at `}}` or take `::` as the hint separator;
  // MathJax ignores the space, so the formula is unchanged.
  return escaped.replace(/\}\}/g, '} }').replace(/::/g, ': :')
}
