/**
 * Where the terminal renderer writes a field: runs of styled text and line
 * breaks, with the prefixes of the blocks a line is in (a list item's bullet
 * or its hanging indent, a quote's bar), the styles open at each point, and
 * the state raw HTML tags leave (an element dropped with its content, a
 * sub- or superscript being collected, a ruby gloss open).
 */
import { decodeEntities } from '../text/html-entities.js'
import { scripted } from '../text/script-forms.js'
import { type TagAction, tagAction } from './inline-html.js'
import { type Look, type Run, safeCode, safeProse, styles } from './styled-runs.js'

/** A block lines are written inside: a quote, or a list item (its bullet or number). */
type Container = { kind: 'quote' } | { kind: 'item'; marker: string; first: boolean }

export class RunWriter {
  readonly runs: Run[] = []
  readonly look: Look
  /** Decorations (bullets, bars, placeholders) are shown; not in the `text` look. */
  readonly display: boolean
  readonly containers: Container[] = []
  private atLineStart = true
  private readonly open = new Map<number, number>()
  private dropping: string | undefined
  private readonly tagStyles: { name: string; style: number }[] = []
  private readonly scripts: { name: 'sub' | 'sup'; from: number }[] = []
  private glossOpen = false

  constructor(look: Look) {
    this.look = look
    this.display = look !== 'text'
  }

  /** Start a style (a bit of `styles`); styles nest and overlap freely. */
  push(style: number): void {
    this.open.set(style, (this.open.get(style) ?? 0) + 1)
  }

  pop(style: number): void {
    const count = this.open.get(style) ?? 0
    if (count <= 1) this.open.delete(style)
    else this.open.set(style, count - 1)
  }

  private style(extra = 0): number {
    let style = extra
    for (const bit of this.open.keys()) style |= bit
    return style
  }

  /** Prose from the note: cloze syntax is read in it; at a line's start its spaces go. */
  text(text: string): void {
    if (this.dropping !== undefined) return
    let shown = safeProse(text)
    // A typed answer never holds a sound: Anki compares the text alone.
    if (!this.display) shown = shown.replace(/\[sound:[^\]]*\]/g, '')
    if (this.atLineStart) shown = shown.trimStart()
    if (shown === '') return
    this.linePrefix()
    this.runs.push({ text: shown, style: this.style(), kind: 'text' })
  }

  /** Text no cloze syntax is read in: code, math, markers. */
  literal(text: string, style = 0): void {
    if (this.dropping !== undefined || text === '') return
    this.linePrefix()
    this.runs.push({ text, style: this.style(style), kind: 'literal' })
  }

  /** A Markdown marker, shown in the `markers` look only. */
  marker(text: string): void {
    if (this.look === 'markers') this.literal(text)
  }

  /** A decoration of the screen (not of a typed answer's text), in its own style. */
  decoration(text: string, style = 0): void {
    if (!this.display || this.dropping !== undefined) return
    this.linePrefix()
    this.runs.push({ text, style, kind: 'literal' })
  }

  /** A picture or sound, which a typed answer never holds. */
  placeholder(label: string): void {
    this.decoration(`[${safeProse(label)}]`, styles.dim)
  }

  /** One line of a code block: cut at the width, never wrapped. */
  codeLine(line: string): void {
    this.blockBreak()
    this.linePrefix()
    const code = safeCode(line)
    if (this.display && code !== '') {
      this.runs.push({ text: '    ', style: styles.codeBlock, kind: 'literal' })
      this.runs.push({ text: code, style: styles.dim | styles.codeBlock, kind: 'literal' })
    } else this.runs.push({ text: code, style: styles.codeBlock, kind: 'literal' })
    this.lineBreak()
  }

  lineBreak(): void {
    if (this.dropping !== undefined) return
    this.runs.push({ text: '\n', style: 0, kind: 'break' })
    this.atLineStart = true
  }

  /** A new line, unless one has just begun (block edges meeting make one break). */
  blockBreak(): void {
    if (!this.atLineStart) this.lineBreak()
  }

  /** An empty line between blocks, as the note has one there. */
  blankLine(): void {
    if (this.runs.length === 0) return
    this.blockBreak()
    if (this.runs.at(-2)?.kind !== 'break') this.lineBreak()
  }

  /** The runs, without line breaks at the end. */
  finish(): Run[] {
    while (this.runs.at(-1)?.kind === 'break') this.runs.pop()
    return this.runs
  }

  private linePrefix(): void {
    if (!this.atLineStart) return
    this.atLineStart = false
    if (!this.display) return
    for (const container of this.containers) {
      if (container.kind === 'quote') {
        this.runs.push({ text: '│', style: styles.dim, kind: 'literal' })
        this.runs.push({ text: ' ', style: 0, kind: 'literal' })
      } else {
        const text = container.first ? container.marker : ' '.repeat(container.marker.length)
        container.first = false
        this.runs.push({ text, style: 0, kind: 'literal' })
      }
    }
  }

  /** Text of an HTML block, between its tags: entities decoded, as the card shows them. */
  htmlText(text: string): void {
    this.text(decodeEntities(text, (decoded) => decoded))
  }

  /** A raw HTML tag (or comment) of the field. */
  tag(tag: string): void {
    const action = tagAction(tag)
    if (this.dropping !== undefined) {
      const drops = action.kind === 'drop' || action.kind === 'ruby'
      if (drops && !action.open && action.name === this.dropping) {
        this.dropping = undefined
      }
      return
    }
    this.act(action)
  }

  private act(action: TagAction): void {
    switch (action.kind) {
      case 'style':
        this.styleTag(action.name, action.open, action.style, action.marker)
        return
      case 'drop':
        if (action.open) this.dropping = action.name
        return
      case 'script':
        this.scriptTag(action.name, action.open)
        return
      case 'ruby':
        this.rubyTag(action.name, action.open)
        return
      case 'quote':
        this.decoration(action.open ? '“' : '”')
        return
      case 'line':
        this.lineBreak()
        return
      case 'block':
        this.blockBreak()
        return
      case 'item':
        this.blockBreak()
        this.decoration('• ')
        return
      case 'rule':
        this.blockBreak()
        this.decoration('──────', styles.dim)
        this.blockBreak()
        return
      case 'cell':
        this.literal(' ')
        return
      case 'image':
        this.placeholder(decodeEntities(action.label, (decoded) => decoded))
        return
      case 'checkbox':
        this.decoration(action.checked ? '☑ ' : '☐ ')
        return
      default:
        return
    }
  }

  private styleTag(name: string, open: boolean, style: number, marker: string): void {
    if (open) {
      this.marker(marker)
      this.tagStyles.push({ name, style })
      this.push(style)
      return
    }
    const index = this.tagStyles.findLastIndex((entry) => entry.name === name)
    if (index === -1) return
    this.tagStyles.splice(index, 1)
    this.pop(style)
    this.marker(marker)
  }

  /**
   * A ruby gloss after its base in parentheses, as a browser without ruby
   * shows it: `<ruby>108<rt>x</rt></ruby>` is 108(x), not 108x. `<rp>` goes
   * with its content (the parentheses are written here), and an `<rt>` ends
   * at the next or at `</ruby>`. Typed answers keep Anki's text: tags gone.
   */
  private rubyTag(name: 'ruby' | 'rt' | 'rp', open: boolean): void {
    if (!this.display) return
    if (name === 'rp') {
      if (open) this.dropping = 'rp'
      return
    }
    if (this.glossOpen) this.text(')')
    this.glossOpen = name === 'rt' && open
    if (this.glossOpen) this.text('(')
  }

  /** `H<sub>2</sub>O` as H₂O, when every character has the form; otherwise the text as it is. */
  private scriptTag(name: 'sub' | 'sup', open: boolean): void {
    if (open) {
      this.scripts.push({ name, from: this.runs.length })
      return
    }
    const index = this.scripts.findLastIndex((entry) => entry.name === name)
    if (index === -1) return
    const from = this.scripts.splice(index, 1)[0]!.from
    const inner = this.runs.slice(from)
    if (!this.display || inner.some((run) => run.kind === 'break')) return
    const forms = scripted(inner.map((run) => run.text).join(''), name)
    if (forms === undefined || inner.length === 0) return
    this.runs.splice(from, inner.length, { ...inner[0]!, text: forms })
  }
}
