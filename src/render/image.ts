/**
 * Markdown images: local files become packaged media (`<img>` or `[sound:…]`),
 * a remote image its alt text (with the `remote-image` warning), other URLs
 * (`data:`) stay as written.
 */
import type MarkdownIt from 'markdown-it'
import { embeddedMediaKind, isUrlLink, localLinkPath } from './media.js'
import { isRemoteImage, remoteImageProblem } from './remote-image.js'
import { mediaHtml, mediaSize, type RenderEnvironment, useMedia } from './render-environment.js'

/** Install the image renderer that packages local media. */
export function imagePlugin(markdown: MarkdownIt): void {
  const defaultImage = markdown.renderer.rules.image!
  markdown.renderer.rules.image = (
    tokens,
    index,
    options,
    environment: RenderEnvironment,
    self,
  ) => {
    const token = tokens[index]!
    const source = token.attrGet('src') ?? ''
    if (isRemoteImage(source)) {
      environment.problems.push(remoteImageProblem(source))
      return markdown.utils.escapeHtml(
        self.renderInlineAsText(token.children ?? [], options, environment),
      )
    }
    const link = localLinkPath(source)
    const kind = embeddedMediaKind(link)
    if (link === '' || isUrlLink(source) || kind === undefined) {
      return defaultImage(tokens, index, options, environment, self)
    }
    const name = useMedia(environment, link, kind, { src: source })
    if (name === undefined) return defaultImage(tokens, index, options, environment, self)
    const text = self.renderInlineAsText(token.children ?? [], options, environment)
    // Obsidian sizes a Markdown image as a wikilink embed: `![alt|100x50](p.png)`.
    const bar = text.lastIndexOf('|')
    const size = bar === -1 ? undefined : mediaSize(text.slice(bar + 1))
    const alt = size === undefined ? text : text.slice(0, bar).trimEnd()
    // The title (`![a](p.png "title")`) is the tooltip Obsidian and the plugin's card show.
    const title = token.attrGet('title') ?? undefined
    return mediaHtml(name, kind, alt, { ...size, title })
  }
}
