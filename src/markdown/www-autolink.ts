/** GFM's `www.` autolinks (`www.example.com` → `http://www.example.com`) without linkify's fuzzy domains. */
import type MarkdownIt from 'markdown-it'

const hostAndPath = /^[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)+(?:[/?#][^\s<>]*)?/i
// GFM leaves trailing punctuation (and closing brackets, so `}}` of a cloze) out of the link.
const trailingPunctuation = /[.,;:!?)\]}*_~'"]+$/

/** Install the `www.` schema on markdown-it's linkify. */
export function wwwAutolinkPlugin(markdown: MarkdownIt): void {
  markdown.linkify.add('www.', {
    validate: (text: string, position: number) => {
      const match = hostAndPath.exec(text.slice(position))
      return match === null ? 0 : match[0].replace(trailingPunctuation, '').length
    },
    normalize: (match) => {
      match.url = `http://${match.url}`
    },
  })
}
