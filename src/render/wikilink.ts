/**
 * Obsidian links and embeds: `[[target#heading|alias]]` becomes its visible
 * text (or, in an Obsidian_to_Anki vault, an `obsidian://` link, as the plugin
 * makes it), `![[file.png|300]]` an image or sound.
 */
import type MarkdownIt from 'markdown-it'
import { parseWikilink, wikilinkText } from '../markdown/wikilink.js'
import { escapeHtml } from '../text/escape-html.js'
import { mediaKind } from './media.js'
import { mediaHtml, mediaSize, type RenderEnvironment, useMedia } from './render-environment.js'

/** Install the renderers of the wikilink and embed tokens (src/markdown/wikilink.ts reads them). */
export function wikilinkPlugin(markdown: MarkdownIt): void {
  markdown.renderer.rules.wikilink = (tokens, index, _options, environment: RenderEnvironment) => {
    const parts = parseWikilink(tokens[index]!.content)
    const text = escapeHtml(wikilinkText(parts))
    const vault = environment.obsidianVault
    if (vault === undefined || parts.target === '') return text
    // The plugin links Obsidian's whole link text, heading included: Obsidian opens the note there.
    const file = parts.subpath === undefined ? parts.target : `${parts.target}#${parts.subpath}`
    const url = `obsidian://open?vault=${encodeURIComponent(vault)}&file=${encodeURIComponent(file)}`
    return `<a href="${escapeHtml(url)}">${text}</a>`
  }
  markdown.renderer.rules.embed = (tokens, index, _options, environment: RenderEnvironment) =>
    renderEmbed(tokens[index]!.content, environment)
}

function renderEmbed(inside: string, environment: RenderEnvironment): string {
  const original = escapeHtml(`![[${inside}]]`)
  const text = inside.replace(/\\\|/g, '|')
  const [link = '', ...options] = text.split('|')
  // `![[image.png#invert]]`: the fragment is a display hint, not part of the file name.
  const file = link.replace(/#.*$/, '').trim()
  const kind = mediaKind(file)
  if (kind === undefined) {
    environment.problems.push({
      severity: 'warning',
      code: 'unsupported-embed',
      needle: `![[${inside}]]`,
      message: `Unexpected embed \`![[${inside}]]\`, expected an image or a sound file`,
      hint: 'Note transclusions and other files are not rendered; the embed stays as text',
    })
    return original
  }
  const name = useMedia(environment, file, kind, { text: `![[${inside}]]` })
  if (name === undefined) return original
  let size: { width?: string; height?: string } = {}
  const altParts: string[] = []
  for (const option of options) {
    const sized = mediaSize(option)
    if (sized !== undefined) size = sized
    else altParts.push(option.trim())
  }
  return mediaHtml(name, kind, altParts.join('|'), size)
}
