/**
 * Obsidian links and embeds: `[[target#heading|alias]]` becomes its visible
 * text (or an `obsidian://` link), `![[file.png|300]]` an image or sound.
 */
import type MarkdownIt from 'markdown-it'
import type { StateInline } from 'markdown-it'
import { escapeHtml } from '../text/escape-html.js'
import { mediaKind } from './media.js'
import { mediaHtml, type RenderEnvironment, useMedia } from './render-environment.js'

const wikilinkPattern = /^\[\[([^[\]\n]+?)\]\]/
const embedPattern = /^!\[\[([^[\]\n]+?)\]\]/

/** The parts of `target#subpath|alias` (a `\|` inside a table cell counts as `|`). */
export interface WikilinkParts {
  target: string
  subpath: string | undefined
  alias: string | undefined
}

/** Split the inside of `[[…]]` into target, `#subpath` and alias. */
export function parseWikilink(inside: string): WikilinkParts {
  const text = inside.replace(/\\\|/g, '|')
  const bar = text.indexOf('|')
  const link = bar === -1 ? text : text.slice(0, bar)
  const alias = bar === -1 ? undefined : text.slice(bar + 1).trim()
  const hash = link.indexOf('#')
  const target = (hash === -1 ? link : link.slice(0, hash)).trim()
  const subpath = hash === -1 ? undefined : link.slice(hash + 1).trim()
  return { target, subpath: subpath === '' ? undefined : subpath, alias }
}

/** What Obsidian shows for a link without alias: `Note`, `Note > Heading`, or `Heading` for `[[#Heading]]`. */
export function wikilinkText(parts: WikilinkParts): string {
  if (parts.alias !== undefined && parts.alias !== '') return parts.alias
  const subpath = parts.subpath?.replace(/#/g, ' > ')
  if (parts.target === '') return subpath ?? ''
  return subpath === undefined ? parts.target : `${parts.target} > ${subpath}`
}

/** Install the wikilink and embed rules and their renderers. */
export function wikilinkPlugin(markdown: MarkdownIt): void {
  markdown.inline.ruler.before('link', 'wikilink', (state, silent) =>
    wikiRule(state, silent, wikilinkPattern, 'wikilink'),
  )
  markdown.inline.ruler.before('image', 'embed', (state, silent) =>
    wikiRule(state, silent, embedPattern, 'embed'),
  )
  markdown.renderer.rules.wikilink = (tokens, index, _options, environment: RenderEnvironment) => {
    const parts = parseWikilink(tokens[index]!.content)
    const text = escapeHtml(wikilinkText(parts))
    const vault = environment.obsidianVault
    if (vault === undefined || parts.target === '') return text
    const url = `obsidian://open?vault=${encodeURIComponent(vault)}&file=${encodeURIComponent(parts.target)}`
    return `<a href="${escapeHtml(url)}" class="obsidian-link">${text}</a>`
  }
  markdown.renderer.rules.embed = (tokens, index, _options, environment: RenderEnvironment) =>
    renderEmbed(tokens[index]!.content, environment)
}

function wikiRule(
  state: StateInline,
  silent: boolean,
  pattern: RegExp,
  type: 'wikilink' | 'embed',
): boolean {
  const match = pattern.exec(state.src.slice(state.pos, state.posMax))
  if (match === null) return false
  if (!silent) state.push(type, '', 0).content = match[1]!
  state.pos += match[0].length
  return true
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
    const dimensions = /^\s*(\d+)(?:x(\d+))?\s*$/.exec(option)
    if (dimensions !== null)
      size = { width: dimensions[1]!, ...(dimensions[2] ? { height: dimensions[2] } : {}) }
    else altParts.push(option.trim())
  }
  return mediaHtml(name, kind, altParts.join('|'), size)
}
