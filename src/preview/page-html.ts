/**
 * The preview page's HTML. Card sides are the notetype templates' output and
 * go in as they are; everything else (names, tags, paths, messages) is
 * escaped.
 */
import { type Diagnostic, hasErrors } from '../diagnostics/diagnostic.js'
import { formatSummary } from '../diagnostics/format.js'
import { sortDiagnostics } from '../diagnostics/sort.js'
import { labRepository, labsWithChecks } from '../model/lab-link.js'
import { nameAndParents, namesWithParents } from '../model/nested-names.js'
import { verdictStatuses } from '../model/verdict.js'
import { count } from '../text/count.js'
import { escapeHtml } from '../text/escape-html.js'
import { programName } from '../text/program-name.js'
import { mathAssets } from './math-assets.js'
import type { PreviewCard } from './preview-cards.js'

/** The page's asset file names (media are images and sounds, so they never collide with these). */
export const pageAssets = {
  notetypeCss: 'decklab-notetype.css',
  pageCss: 'decklab-preview.css',
  script: 'decklab-preview.js',
} as const

export interface PreviewPageInput {
  cards: readonly PreviewCard[]
  notes: number
  diagnostics: readonly Diagnostic[]
  /** True when a verify report marked the cards. */
  verified: boolean
  /** True when KaTeX was copied next to the page (some card has math). */
  math?: boolean | undefined
}

/**
 * Anki's reviewer turns `[sound:name]` into a player; the preview uses the
 * browser's, a video's for a video (Anki's player shows it). Only in text: a
 * marker inside a tag (the sanitizer writes them as references there, but
 * the template's own HTML is not sanitized) stays, so the player's quotes can
 * never end an attribute early.
 */
function playSounds(html: string): string {
  return html.replace(/(<[^>]*>)|\[sound:([^\]<>]+)\]/g, (match, tag?: string, name?: string) => {
    if (tag !== undefined || name === undefined) return match
    const attributes = `src="${escapeHtml(name)}" title="${escapeHtml(name)}"`
    return videoName.test(name)
      ? `<video controls preload="none" ${attributes}></video>`
      : `<audio controls preload="none" ${attributes}></audio>`
  })
}

/** The videos of the files Anki's editor writes as sounds (WebM, as often a sound, is not one). */
const videoName = /\.(?:mp4|m4v|mov|mkv|avi|flv|mpe?g|3gp|ogv)$/i

/**
 * What the page may load and run: its own files next to it (scripts, styles,
 * KaTeX fonts, media), inline `style` attributes, and nothing else. No inline
 * script or event handler, no remote request, no `<base>`, no plugin, frame
 * or form target: a card that got past the sanitizer still runs nothing.
 */
export const contentSecurityPolicy = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self'",
  "media-src 'self'",
  "font-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "object-src 'none'",
  "frame-src 'none'",
].join('; ')

/**
 * The cards of each deck, the decks in the order the notes first use them,
 * in one pass over the cards.
 */
function cardsByDeck(cards: readonly PreviewCard[]): Map<string, PreviewCard[]> {
  const decks = new Map<string, PreviewCard[]>()
  for (const card of cards) {
    const inDeck = decks.get(card.deck)
    if (inDeck) inDeck.push(card)
    else decks.set(card.deck, [card])
  }
  return decks
}

/** Every name and each of its `::` parents, with how many cards fall under it. */
function withParents(names: Iterable<string>): Map<string, number> {
  const counts = new Map<string, number>()
  for (const name of names) {
    for (const prefix of nameAndParents(name)) counts.set(prefix, (counts.get(prefix) ?? 0) + 1)
  }
  return counts
}

function option(value: string, label: string): string {
  return `<option value="${escapeHtml(value)}">${escapeHtml(label)}</option>`
}

function renderDiagnostics(diagnostics: readonly Diagnostic[]): string {
  if (diagnostics.length === 0) {
    return '<p class="dp-clean">✓ No problems found in the notes.</p>'
  }
  const errors = hasErrors(diagnostics)
  const items = sortDiagnostics(diagnostics)
    .map((diagnostic) => {
      const place = `${diagnostic.file}:${diagnostic.line}:${diagnostic.column}`
      const hint = diagnostic.hint
        ? `<div class="dp-diagnostic-hint">hint: ${escapeHtml(diagnostic.hint)}</div>`
        : ''
      return `<li class="dp-diagnostic dp-diagnostic-${diagnostic.severity}"><code class="dp-diagnostic-place">${escapeHtml(place)}</code><span class="dp-severity dp-severity-${diagnostic.severity}">${diagnostic.severity}</span><code>${escapeHtml(diagnostic.code)}</code> ${escapeHtml(diagnostic.message)}${hint}</li>`
    })
    .join('\n')
  // Errors are open by default: the page was written, but the deck will not build.
  const heading = errors
    ? `${formatSummary(diagnostics)} — <code>${programName()} build</code> will refuse these notes until the errors are fixed`
    : formatSummary(diagnostics)
  return `<details class="dp-diagnostics${errors ? ' dp-has-errors' : ''}"${errors ? ' open' : ''} id="dp-diagnostics"><summary>${heading}</summary><ul>\n${items}\n</ul></details>`
}

function renderCard(card: PreviewCard, verified: boolean): string {
  const tags = card.tags.join(' ')
  const status = card.verdict?.status ?? ''
  const head = [
    `<span class="dp-card-type">${escapeHtml(card.noteType)} · ${escapeHtml(card.cardName)}</span>`,
  ]
  if (card.provisional) {
    head.push(
      `<span class="dp-noid" title="This note has no &lt;!--ID: N--&gt; line yet; its GUID will be assigned by ${programName()} build">no ID yet — run ${programName()} build</span>`,
    )
  }
  if (verified && card.verdict) {
    const reason = card.verdict.reason ?? ''
    head.push(
      `<span class="dp-badge dp-badge-${card.verdict.status}"${reason ? ` title="${escapeHtml(reason)}"` : ''}>${card.verdict.status}</span>`,
    )
    if (reason && card.verdict.status !== 'confirmed') {
      head.push(`<p class="dp-reason">${escapeHtml(reason)}</p>`)
    }
  }
  const tagChips = card.tags
    .map(
      (tag) =>
        `<button type="button" class="dp-tag" data-tag="${escapeHtml(tag)}" title="Show cards tagged ${escapeHtml(tag)}">#${escapeHtml(tag)}</button>`,
    )
    .join('')
  const labs = labsWithChecks(card.labs)
    .map(([lab, checks]) => {
      const named =
        checks.length > 0
          ? ` <span class="dp-lab-check">(${escapeHtml(checks.join(', '))})</span>`
          : ''
      return `<span class="dp-lab" title="${labCommandPlace}">Lab <code>npx decklab lab run ${escapeHtml(lab)}</code>${named}</span>`
    })
    .join('')
  const cardClass = `card card${card.ord + 1}`
  return `<article class="dp-card" data-guid="${escapeHtml(card.guid)}" data-ord="${card.ord}" data-deck="${escapeHtml(card.deck)}" data-tags="${escapeHtml(tags)}"${status ? ` data-status="${status}"` : ''}${card.provisional ? ' data-provisional="true"' : ''}>
<header class="dp-card-head">${head.join('')}</header>
<div class="dp-sides">
<div class="dp-side dp-front"><div class="dp-side-label">Front</div><div class="dp-face"><div class="${cardClass}">${playSounds(card.question)}</div></div></div>
<div class="dp-side dp-back"><div class="dp-side-label">Back</div><div class="dp-face"><div class="${cardClass}">${playSounds(card.answer)}</div></div></div>
</div>
<footer class="dp-card-foot">${tagChips ? `<span class="dp-tags">${tagChips}</span>` : ''}${labs ? `<span class="dp-labs">${labs}</span>` : ''}<code class="dp-source">${escapeHtml(`${card.file}:${card.line}`)}</code></footer>
</article>`
}

/** Where a lab chip's command runs, as the Anki lab footer says it. */
const labCommandPlace = `Runs in a clone of ${labRepository}, after npm install there`

function deckHeading(deck: string, cards: number): string {
  const parts = deck.split('::')
  const leaf = parts.pop() ?? deck
  const parent =
    parts.length > 0
      ? `<span class="dp-deck-parent">${escapeHtml(parts.join(' :: '))} ::</span> `
      : ''
  return `<h2 class="dp-deck-title">${parent}<span class="dp-deck-name">${escapeHtml(leaf)}</span><span class="dp-deck-count">${count(cards, 'card')}</span></h2>`
}

/**
 * The whole `index.html`, in parts to be written one after another: a page
 * of 100,000 notes is some 170 MB, never held as one string.
 */
export function* previewPageParts(input: PreviewPageInput): Generator<string> {
  const decks = cardsByDeck(input.cards)
  yield pageTop(input, decks)
  let first = true
  for (const [deck, inDeck] of decks) {
    yield `${first ? '' : '\n'}<section class="dp-deck" data-deck="${escapeHtml(deck)}">\n${deckHeading(deck, inDeck.length)}\n`
    first = false
    for (const [index, card] of inDeck.entries()) {
      yield `${index === 0 ? '' : '\n'}${renderCard(card, input.verified)}`
    }
    yield '\n</section>'
  }
  yield `
<p class="dp-empty" id="dp-empty" hidden>No card matches these filters.</p>
</main>
<footer class="dp-footer">Written by <code>decklab preview</code> with the HTML and CSS of the <code>.apkg</code>. Cards follow the system's light or dark theme, as in Anki's night mode.</footer>
</div>
${input.math ? `<script src="${mathAssets.script}"></script>\n<script src="${mathAssets.mhchem}"></script>\n<script src="${mathAssets.autoRender}"></script>\n` : ''}<script src="${pageAssets.script}"></script>
</body>
</html>
`
}

/** The page up to its cards: head, summary, diagnostics and the toolbar. */
function pageTop(input: PreviewPageInput, decksOfCards: ReadonlyMap<string, unknown>): string {
  const { cards } = input
  const decks = [...decksOfCards.keys()]
  // Counted as \`decklab build\` and Anki count them: parent decks included.
  const deckCount = namesWithParents(decks).length
  const roots = [...new Set(decks.map((deck) => deck.split('::')[0] ?? deck))]
  const title = roots.length === 1 ? (roots[0] as string) : 'decklab notes'
  const deckCounts = withParents(cards.map((card) => card.deck))
  const tagCounts = withParents(cards.flatMap((card) => card.tags))
  const deckOptions = [...deckCounts.keys()]
    .sort()
    .map((deck) => option(deck, `${deck} (${deckCounts.get(deck)})`))
    .join('')
  const tagOptions = [...tagCounts.keys()]
    .sort()
    .map((tag) => option(tag, `#${tag} (${tagCounts.get(tag)})`))
    .join('')
  const statusCounts = new Map<string, number>()
  for (const card of cards) {
    if (card.verdict)
      statusCounts.set(card.verdict.status, (statusCounts.get(card.verdict.status) ?? 0) + 1)
  }
  const statusFilter = input.verified
    ? `<select id="dp-status-filter" aria-label="Filter by verification">${option('', 'Any verification')}${verdictStatuses.map((status) => option(status, `${status} (${statusCounts.get(status) ?? 0})`)).join('')}</select>`
    : ''
  const verifySummary = input.verified
    ? ` · verified: ${verdictStatuses.map((status) => `<strong>${statusCounts.get(status) ?? 0}</strong> ${status}`).join(', ')}`
    : ''
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="generator" content="decklab preview">
<title>${escapeHtml(title)} — card preview</title>
<link rel="stylesheet" href="${pageAssets.notetypeCss}">
<link rel="stylesheet" href="${pageAssets.pageCss}">${input.math ? `\n<link rel="stylesheet" href="${mathAssets.css}">` : ''}
</head>
<body class="dp-page">
<div class="dp-wrap">
<header class="dp-header">
<h1><span class="dp-kicker">Card preview</span>${escapeHtml(title)}</h1>
<p class="dp-summary"><strong>${cards.length}</strong> ${cards.length === 1 ? 'card' : 'cards'} from <strong>${input.notes}</strong> ${input.notes === 1 ? 'note' : 'notes'} in <strong>${deckCount}</strong> ${deckCount === 1 ? 'deck' : 'decks'}${verifySummary}</p>
${renderDiagnostics(input.diagnostics)}
</header>
<div class="dp-toolbar" role="search">
<input type="search" id="dp-search" placeholder="Search front, back, tags, file… (press /)" aria-label="Search cards" autocomplete="off">
<select id="dp-deck-filter" aria-label="Filter by deck">${option('', 'All decks')}${deckOptions}</select>
<select id="dp-tag-filter" aria-label="Filter by tag">${option('', 'All tags')}${tagOptions}</select>
${statusFilter}
<button type="button" id="dp-clear" hidden>Clear filters</button>
<span class="dp-count" id="dp-count" aria-live="polite">${count(cards.length, 'card')}</span>
</div>
<main>
`
}
