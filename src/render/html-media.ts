/** Raw HTML `<img src="local.png">`: the file is packaged like a Markdown image and the src renamed. */
import type MarkdownIt from 'markdown-it'
import type { RendererRule } from 'markdown-it'
import { escapeHtml } from '../text/escape-html.js'
import { embeddedMediaKind, isRemoteLink, localLinkPath } from './media.js'
import { type RenderEnvironment, useMedia } from './render-environment.js'

// No `<` outside quotes: a tag never runs into the next one, so `<img <img …` (hostile, unclosed)
// costs linear time instead of a scan to the end from every `<img`.
const imageTag = /<img\b(?:[^<>"']|"[^"]*"|'[^']*')*>/gi
const sourceAttribute = /(\ssrc\s*=\s*)(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))/i

/** Wrap the raw-HTML renderers so local images in them are packaged. */
export function htmlMediaPlugin(markdown: MarkdownIt): void {
  for (const rule of ['html_block', 'html_inline'] as const) {
    const original: RendererRule = markdown.renderer.rules[rule]!
    markdown.renderer.rules[rule] = (tokens, index, options, environment, self) =>
      packageHtmlImages(original(tokens, index, options, environment, self), environment)
  }
}

function packageHtmlImages(html: string, environment: RenderEnvironment): string {
  if (!/<img\b/i.test(html)) return html
  return html.replace(imageTag, (tag) => {
    const match = sourceAttribute.exec(tag)
    if (match === null) return tag
    const source = (match[2] ?? match[3] ?? match[4] ?? '').replace(/&amp;/g, '&')
    const path = localLinkPath(source)
    if (path === '' || isRemoteLink(source) || embeddedMediaKind(path) !== 'image') return tag
    const name = useMedia(environment, path, 'image')
    if (name === undefined) return tag
    return tag.replace(match[0], `${match[1]}"${escapeHtml(name)}"`)
  })
}
