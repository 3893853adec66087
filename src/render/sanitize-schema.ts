/**
 * The allowlist for card HTML (a `hast-util-sanitize` schema): what Markdown
 * renders to, plus the plain formatting people write by hand and Anki's own
 * editor produces (sound is Anki's `[sound:…]`, never `<audio>`, which could
 * fetch a remote file as the card opens). Everything else is dropped: elements that run or load
 * anything (`script`, `iframe`, `object`, `embed`, `base`, `meta`, `link`,
 * `style`, `svg`, forms), every event handler, `id`/`name` (they could clobber
 * Anki's `#typeans` or globals) and URLs other than http(s), mailto,
 * obsidian and relative ones (of obsidian, `sanitize.ts` keeps only `open`).
 */
import type { Schema } from 'hast-util-sanitize'
import { elementsDroppedWithContent } from '../text/dropped-elements.js'
import { linkSchemes } from './link-schemes.js'

const tagNames = [
  'a',
  'abbr',
  'b',
  'big',
  'blockquote',
  'br',
  'caption',
  'center',
  'cite',
  'code',
  'col',
  'colgroup',
  'dd',
  'del',
  'details',
  'dfn',
  'div',
  'dl',
  'dt',
  'em',
  'figcaption',
  'figure',
  'font',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'hr',
  'i',
  'img',
  'input',
  'ins',
  'kbd',
  'li',
  'mark',
  'ol',
  'p',
  'pre',
  'q',
  'rp',
  'rt',
  'ruby',
  's',
  'samp',
  'small',
  'span',
  'strike',
  'strong',
  'sub',
  'summary',
  'sup',
  'table',
  'tbody',
  'td',
  'tfoot',
  'th',
  'thead',
  'time',
  'tr',
  'tt',
  'u',
  'ul',
  'var',
  'wbr',
]

/**
 * Any class but one of decklab's own (they start with `decklab-` or `dp-`, in
 * any case) and Anki's night-mode markers (`nightMode`, `night_mode`), which
 * would switch the stylesheet's night-mode colours on inside a field on the
 * day-mode card: text `decklab verify` reads on day colours.
 */
const ownClass = /^(?!(?:decklab|dp)-|night_?mode$)/i

export const cardSchema: Schema = {
  tagNames,
  strip: [...elementsDroppedWithContent],
  attributes: {
    a: ['href'],
    img: ['src', 'alt', 'width', 'height'],
    font: ['color', 'face', 'size'],
    // Task-list checkboxes only: inert, never a form control.
    input: [['type', 'checkbox'], ['disabled', true], 'checked'],
    ol: ['start', 'reversed'],
    li: ['value'],
    td: ['colSpan', 'rowSpan', 'align', 'vAlign'],
    th: ['colSpan', 'rowSpan', 'align', 'vAlign', 'scope'],
    col: ['span', 'width'],
    colgroup: ['span', 'width'],
    table: ['border', 'cellPadding', 'cellSpacing', 'width'],
    details: ['open'],
    time: ['dateTime'],
    // decklab's own classes (the Anki lab footer's `decklab-`, the preview page's `dp-`) stay
    // decklab's: a field borrowing them would pass for a lab footer or a verdict badge, and the
    // preview's script would count it as a card.
    // Anki's night-mode classes stay Anki's: inside a field they would recolour it in day mode.
    '*': [['className', ownClass], 'style', 'title', 'lang', 'dir', 'align'],
  },
  required: { input: { type: 'checkbox', disabled: true } },
  protocols: {
    href: [...linkSchemes],
    src: ['http', 'https'],
  },
  clobber: [],
  allowComments: false,
  allowDoctypes: false,
}
