/** GFM's `www.` autolinks (`www.example.com` → `http://www.example.com`) without linkify's fuzzy domains. */
import type MarkdownIt from 'markdown-it'

/** From just after `www.`: the host (group 1), then an optional path. Sticky: read in place. */
const hostAndPath = /([a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)+)(?:[/?#][^\s<>]*)?/iy
// GFM leaves trailing punctuation (and closing brackets, so `}}` of a cloze) out of the link.
// Cut by a loop: `/[…]+$/` was tried from each mark of a long run, to the run's end.
const trailingPunctuation = new Set('.,;:!?)]}*_~\'"')
const labelStart = /[a-z0-9]/i

/** The link found last: where its text after `www.` starts, its host's last `.`, and where it ends. */
interface Found {
  text: string
  start: number
  lastDot: number
  end: number
}

/** Install the `www.` schema on markdown-it's linkify. */
export function wwwAutolinkPlugin(markdown: MarkdownIt): void {
  let found: Found | undefined
  markdown.linkify.add('www.', {
    validate: (text: string, position: number) => {
      // linkify-it validates every `www.` of a text, those inside a link it found at an
      // earlier one too, and each read ran to that link's end: 25,000 `www.` took seconds.
      // From a `www.` inside the earlier link's host, the host and path read end where
      // its did, when a `.` of that host is still ahead; so that length is known.
      if (found?.text === text && position > found.start && position < found.end) {
        if (position < found.lastDot && labelStart.test(text[position] ?? '')) {
          return found.end - position
        }
        if (position < found.lastDot) return 0
      }
      hostAndPath.lastIndex = position
      const match = hostAndPath.exec(text)
      if (match === null) return 0
      let length = match[0].length
      while (length > 0 && trailingPunctuation.has(match[0][length - 1]!)) length -= 1
      found = {
        text,
        start: position,
        lastDot: position + match[1]!.lastIndexOf('.'),
        end: position + length,
      }
      return length
    },
    normalize: (match) => {
      match.url = `http://${match.url}`
    },
  })
}
