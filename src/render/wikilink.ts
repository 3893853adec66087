/**
 * Obsidian links and embeds: `[[target#heading|alias]]` becomes its visible
 * text (or, in an Obsidian_to_Anki vault, an `obsidian://` link, as the plugin
 * makes it, as is a Markdown link into the vault there), `![[file.png|300]]`
 * an image or sound.
 */
import type MarkdownIt from 'markdown-it'
import { parseWikilink, wikilinkText } from '../markdown/wikilink.js'
import { escapeHtml } from '../text/escape-html.js'
import { obsidianOpenUrl } from '../text/obsidian-open-url.js'
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
    return `<a href="${escapeHtml(obsidianOpenUrl(vault, file))}">${text}</a>`
  }
  // A Markdown link without a scheme (`[text](Other%20note.md)`) is a link into the vault to
  // Obsidian, and the plugin makes it the same `obsidian://` link; elsewhere it stays as written.
  markdown.renderer.rules.link_open = (
    tokens,
    index,
    options,
    environment: RenderEnvironment,
    self,
  ) => {
    const token = tokens[index]!
    const href = token.attrGet('href')
    const vault = environment.obsidianVault
    if (vault !== undefined && href !== null && isVaultPath(href)) {
      token.attrSet('href', obsidianOpenUrl(vault, decodedPath(href)))
    }
    return self.renderToken(tokens, index, options)
  }
  markdown.renderer.rules.embed = (tokens, index, _options, environment: RenderEnvironment) =>
    renderEmbed(tokens[index]!.content, environment)
}

/** Whether a Markdown link's URL is a path in the vault: no scheme, not `//host`, not only `#heading`. */
function isVaultPath(href: string): boolean {
  return (
    href !== '' &&
    !href.startsWith('#') &&
    !href.startsWith('//') &&
    !/^[a-z][a-z0-9+.-]*:/i.test(href)
  )
}

/**
 * The path as Obsidian reads it: markdown-it percent-encodes a link's URL, and
 * keeps the escapes written in it. Every escape is read back (`decodeURI` would
 * keep `%26` for `&`, so the link named a file `Q%26A.md`).
 */
function decodedPath(href: string): string {
  try {
    return decodeURIComponent(href)
  } catch {
    return href
  }
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
