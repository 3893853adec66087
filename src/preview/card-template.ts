/**
 * Anki's card templates, rendered the way Anki's reviewer shows them:
 * `{{Field}}`, `{{FrontSide}}`, the `cloze:`, `type:` and `text:` filters,
 * `{{#Field}}…{{/Field}}` and `{{^Field}}…{{/Field}}` sections, and the
 * special fields `Tags`, `Deck`, `Subdeck`, `Type` and `Card`. Field values
 * are the renderer's HTML and are inserted as they are.
 */

import { hasCloze, renderCloze } from '../model/cloze-filter.js'
import { escapeHtml } from '../text/escape-html.js'
import { htmlToText, typeAnswerText } from '../text/html-text.js'

/** Everything a template can refer to for one card. */
export interface TemplateContext {
  /** Field name → HTML. */
  fields: Readonly<Record<string, string>>
  side: 'question' | 'answer'
  /** The card's ordinal: the template index, or the cloze number - 1. */
  ord: number
  /** The rendered question, for `{{FrontSide}}` on the answer side. */
  frontSide?: string | undefined
  tags?: readonly string[] | undefined
  deck?: string | undefined
  /** The notetype's name (`{{Type}}`). */
  notetypeName?: string | undefined
  /** The template's name (`{{Card}}`). */
  cardName?: string | undefined
}

type TemplateNode =
  | { kind: 'text'; text: string }
  | { kind: 'field'; name: string; filters: string[] }
  | { kind: 'section'; name: string; negated: boolean; children: TemplateNode[] }

/** The input box Anki shows for `{{type:Field}}` on the question (inert here). */
export const typeAnswerInput =
  '<input type="text" id="typeans" placeholder="type the answer" aria-label="type the answer" autocomplete="off">'

const tagPattern = /\{\{([\s\S]*?)\}\}/g

function parseTemplate(template: string): TemplateNode[] {
  const root: TemplateNode[] = []
  const stack: Array<{ name: string; children: TemplateNode[] }> = [{ name: '', children: root }]
  let position = 0
  for (const match of template.matchAll(tagPattern)) {
    const current = stack.at(-1) as { children: TemplateNode[] }
    if (match.index > position) {
      current.children.push({ kind: 'text', text: template.slice(position, match.index) })
    }
    position = match.index + match[0].length
    const inside = (match[1] ?? '').trim()
    const marker = inside[0]
    if (marker === '!') continue
    if (marker === '#' || marker === '^') {
      const section: TemplateNode = {
        kind: 'section',
        name: inside.slice(1).trim(),
        negated: marker === '^',
        children: [],
      }
      current.children.push(section)
      stack.push({ name: section.name, children: section.children })
      continue
    }
    if (marker === '/') {
      const name = inside.slice(1).trim()
      // A close that does not match the open section is shown as text, as Anki reports it.
      if (stack.length > 1 && stack.at(-1)?.name === name) stack.pop()
      else current.children.push({ kind: 'text', text: match[0] })
      continue
    }
    const parts = inside.split(':')
    const name = (parts.pop() ?? '').trim()
    current.children.push({ kind: 'field', name, filters: parts.map((part) => part.trim()) })
  }
  const last = stack.at(-1) as { children: TemplateNode[] }
  if (position < template.length)
    last.children.push({ kind: 'text', text: template.slice(position) })
  return root
}

/** Anki counts a field as empty when it holds only whitespace, `<br>` and `<div>` tags. */
export function isFieldEmpty(html: string): boolean {
  return /^(?:\s|<\/?(?:br|div) ?\/?>)*$/i.test(html)
}

function specialField(name: string, context: TemplateContext): string | undefined {
  switch (name) {
    case 'FrontSide':
      return context.side === 'answer' ? (context.frontSide ?? '') : ''
    case 'Tags':
      return escapeHtml((context.tags ?? []).join(' '))
    case 'Deck':
      return escapeHtml(context.deck ?? '')
    case 'Subdeck':
      return escapeHtml((context.deck ?? '').split('::').at(-1) ?? '')
    case 'Type':
      return escapeHtml(context.notetypeName ?? '')
    case 'Card':
      return escapeHtml(context.cardName ?? '')
    default:
      return undefined
  }
}

function fieldValue(name: string, context: TemplateContext): string {
  return context.fields[name] ?? specialField(name, context) ?? ''
}

function applyFilters(
  value: string,
  filters: readonly string[],
  context: TemplateContext,
  typed: { done: boolean },
): string {
  let result = value
  // Anki applies filters right to left: `{{text:cloze:Text}}` is cloze first.
  for (const filter of [...filters].reverse()) {
    if (filter === 'cloze') {
      // A field without this card's deletion renders to nothing, in Anki 2.1.15 and current Anki alike.
      const number = context.ord + 1
      result = hasCloze(result, number) ? renderCloze(result, { number, side: context.side }) : ''
    } else if (filter === 'text') {
      result = escapeHtml(htmlToText(result))
    } else if (filter === 'type') {
      // Anki supports one type-in box per card; later ones are left out.
      if (typed.done) return ''
      typed.done = true
      return context.side === 'question'
        ? typeAnswerInput
        : `<code id="typeans">${escapeHtml(typeAnswerText(result))}</code>`
    }
  }
  return result
}

function renderNodes(
  nodes: readonly TemplateNode[],
  context: TemplateContext,
  typed: { done: boolean },
): string {
  let output = ''
  for (const node of nodes) {
    if (node.kind === 'text') output += node.text
    else if (node.kind === 'field') {
      output += applyFilters(fieldValue(node.name, context), node.filters, context, typed)
    } else {
      const empty = isFieldEmpty(fieldValue(node.name, context))
      if (empty === node.negated) output += renderNodes(node.children, context, typed)
    }
  }
  return output
}

/** Render one side of a card from its template (`qfmt` or `afmt`). */
export function renderTemplate(template: string, context: TemplateContext): string {
  return renderNodes(parseTemplate(template), context, { done: false })
}

/** The question and answer HTML of one card, as Anki's reviewer shows them. */
export function renderCardSides(
  template: { qfmt: string; afmt: string; name?: string | undefined },
  context: Omit<TemplateContext, 'side' | 'frontSide'>,
): { question: string; answer: string } {
  const base = { ...context, cardName: context.cardName ?? template.name }
  const question = renderTemplate(template.qfmt, { ...base, side: 'question' })
  // `{{FrontSide}}` is the question without its type-in box (Anki shows the comparison instead).
  const frontSide = question.split(typeAnswerInput).join('')
  const answer = renderTemplate(template.afmt, { ...base, side: 'answer', frontSide })
  return { question, answer }
}
