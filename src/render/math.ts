/**
 * Obsidian math for MathJax: the `math_inline` and `math_block` tokens the
 * shared parser reads (src/markdown/math.ts) become `\(…\)` and `\[…\]`.
 */
import type MarkdownIt from 'markdown-it'
import { escapeHtml } from '../text/escape-html.js'
import type { RenderEnvironment, RenderProblem } from './render-environment.js'

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
  const opener = /\{\{c\d+::/.exec(content)?.[0]
  if (opener !== undefined) environment.problems.push(clozeInMath(opener))
  // Inside a cloze, Anki would end the deletion at `}}` or take `::` as the hint separator;
  // MathJax ignores the space, so the formula is unchanged.
  return escaped.replace(/\}\}/g, '} }').replace(/::/g, ': :')
}

/**
 * The warning `cloze-in-math`: the writing apart below disarms a deletion
 * inside the formula. `renderNote` keeps it for the field Anki clozes, and
 * only while another deletion stays live (else `cloze-without-deletion`).
 */
function clozeInMath(opener: string): RenderProblem {
  return {
    severity: 'warning',
    code: 'cloze-in-math',
    needle: opener,
    message: `Unexpected cloze deletion \`${opener}\` inside math, expected the math inside the deletion: a formula keeps its \`}}\` and \`::\` from ending a deletion around it, so this one is written as text there and makes no card`,
    hint: 'put the whole formula in the deletion (`{{c1::$E = mc^2$}}`); Anki 2.1.15 cannot show a deletion inside math either',
  }
}
