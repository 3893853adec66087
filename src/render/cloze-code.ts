/**
 * Code in Cloze notes: Anki's cloze parser works on the field's raw HTML, so
 * a `::` in code (`std::io`) would be taken as the hint separator and a `}}`
 * would end the deletion. In Cloze notes the code's `::` and `}}` are written
 * with a character reference, which the card shows unchanged.
 */
import type MarkdownIt from 'markdown-it'
import type { RendererRule } from 'markdown-it'
import type { RenderEnvironment } from './render-environment.js'

/** Hide cloze syntax inside already-rendered code HTML (text only: tags never contain `::` or `}}`). */
export function hideClozeSyntax(html: string): string {
  return html.replace(/::/g, ':&#58;').replace(/\}\}/g, '}&#125;')
}

/** Wrap the code renderers so Cloze notes get `hideClozeSyntax`. */
export function clozeCodePlugin(markdown: MarkdownIt): void {
  for (const rule of ['code_inline', 'code_block', 'fence'] as const) {
    const original: RendererRule = markdown.renderer.rules[rule]!
    markdown.renderer.rules[rule] = (
      tokens,
      index,
      options,
      environment: RenderEnvironment,
      self,
    ) => {
      const html = original(tokens, index, options, environment, self)
      return environment?.cloze ? hideClozeSyntax(html) : html
    }
  }
}
