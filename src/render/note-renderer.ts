/**
 * Fields to HTML: the one renderer behind the .apkg and the preview page,
 * built around the HTML check it is given (`render-note.ts` gives it the
 * check up front; `load-renderer.ts` only when the notes can need it).
 */

import { relative } from 'node:path'
import type MarkdownIt from 'markdown-it'
import type { Diagnostic, Place, PlacePoint, PlaceRange } from '../diagnostics/diagnostic.js'
import { createNoteReporter } from '../diagnostics/reporter.js'
import { placeInFieldText } from '../diagnostics/text-place.js'
import { InternalError } from '../errors.js'
import { obsidianComments } from '../markdown/obsidian-comments.js'
import { clozeNumbers, clozeOrdsEmptyInAnki2115, unclosedClozeOpener } from '../model/cards.js'
import { type FieldAddition, fieldWithAdditions, type Note } from '../model/note.js'
import { findNoteType, labFieldName } from '../model/note-types.js'
import {
  asStock,
  writtenFieldName,
  writtenFields,
  writtenTypeName,
} from '../model/translated-note.js'
import { pathInMessage } from '../terminal/safe-text.js'
import { escapeRegExp } from '../text/escape-regexp.js'
import { type ClozeJoin, clozeJoin } from './cloze-joins.js'
import { disarmClozes } from './disarm-clozes.js'
import { hasScriptedDocumentLink } from './document-links.js'
import type { CheckHtml } from './html-check.js'
import { guardImageAttributes } from './image-attributes.js'
import { labFooterHtml } from './lab-footer.js'
import { hasOtherLinkScheme } from './link-schemes.js'
import { createMarkdown } from './markdown.js'
import type { checkMath } from './math-check.js'
import { fieldMayHoldUnsafeMath } from './math-scan.js'
import { type MediaFile, type MediaLookup, mediaKind, resolveMedia } from './media.js'
import { plainFieldHtml } from './plain-text.js'
import { takeRawHtml } from './raw-html-spans.js'
import {
  type RenderEnvironment,
  type RenderProblem,
  settleMediaUses,
} from './render-environment.js'
import { guardSoundTags, soundTagsIn } from './sound-tags.js'
import { guardTemplateTags } from './template-tags.js'

/** The field Anki's cloze filter reads (`{{cloze:Text}}`): its cloze openers stay. */
const clozeFieldName = 'Text'

export interface RenderedNote {
  /**
   * Field name → HTML, same keys and order as `note.fields`, plus `Lab` (the
   * lab footer) last when the note links labs.
   */
  fields: Record<string, string>
  /** Media to package, sorted by name, each once. */
  media: MediaFile[]
  /** What decided where each media link resolved (so a build can tell when one would not now). */
  lookups: MediaLookup[]
  diagnostics: Diagnostic[]
}

export type RenderNote = (note: Note) => RenderedNote

/** The checks that load parse5 (`html-check.ts`): raw HTML and markers, and math. */
export interface HtmlChecks {
  checkHtml: CheckHtml
  checkMath: typeof checkMath
}

let markdown: MarkdownIt | undefined

/**
 * A `renderNote` that renders a note's Markdown fields to Anki HTML,
 * collecting the media to package and the problems found; reads nothing but
 * the media paths' metadata. Without `checks` it refuses (throws on) a
 * field that needs the HTML or math check: give it only notes the scan passed.
 */
export function createNoteRenderer(checks: HtmlChecks | undefined): RenderNote {
  const render = stockNoteRenderer(checks)
  return (note) => {
    // A localized Anki's stock type as sync sends it (`Einfach`): rendered as the stock
    // one (`Basic`), its fields then named as the block wrote them.
    const type = note.localized
    if (type === undefined || note.noteType !== type.name) return render(note)
    const rendered = render(asStock(note))
    return { ...rendered, fields: writtenFields(type, rendered.fields) }
  }
}

function stockNoteRenderer(checks: HtmlChecks | undefined): RenderNote {
  return (note) => {
    markdown ??= createMarkdown()
    const noteType = findNoteType(note.noteType)
    const lookups: MediaLookup[] = []
    const environment: RenderEnvironment = {
      origin: { absolutePath: note.source.absolutePath, vaultRoot: note.source.vaultRoot },
      // Only a media problem's message shows it: worked out then, not per note.
      vaultLabel: () => shownVaultRoot(note.source),
      obsidianVault: note.obsidianVault,
      cloze: noteType?.kind === 'cloze' || note.noteType.includes('Cloze'),
      uses: [],
      media: new Map(),
      lookups,
      problems: [],
      shortBlockIds: [],
    }
    const fields: Record<string, string> = {}
    for (const [name, text] of Object.entries(note.fields)) {
      const found = environment.problems.length
      let html = renderMarkdown(markdown, text, environment, checks)
      settleMediaUses(environment, html)
      const additions = note.additions?.[name]
      if (additions !== undefined) {
        for (const addition of additions) {
          html += renderAddition(markdown, addition, environment, checks)
        }
        // A macro may be split across the join (`\\(\\hr` + a FROZEN `ef{…}`): checked whole.
        if (fieldMayHoldUnsafeMath(html, environment.cloze)) {
          if (checks === undefined) throw missingChecks()
          checks.checkMath(html, environment)
        }
      }
      const clozeField = environment.cloze && name === clozeFieldName
      const guarded = guardSoundTags(guardTemplateTags(guardImageAttributes(html), clozeField))
      if (guarded.refused.length > 0) environment.problems.push(unsafeSoundProblem(guarded.refused))
      const loose = soundNotPackaged(guarded.html, environment)
      if (loose) environment.problems.push(loose)
      const joined = clozeField ? clozeJoin(guarded.html) : undefined
      if (joined !== undefined) {
        environment.problems.push(unsafeClozeJoinProblem(joined))
        guarded.html = disarmClozes(guarded.html)
      }
      for (const id of environment.shortBlockIds.splice(0)) {
        environment.problems.push(shortBlockIdProblem(id))
      }
      for (let at = found; at < environment.problems.length; at++) {
        environment.problems[at]!.field = name
      }
      // A deletion in math is one only in the field Anki clozes.
      if (!clozeField) dropClozeInMath(environment.problems, found)
      // U+001F joins a note's fields in Anki: raw, it would split this one (`field-separator`).
      // U+FFFD stands for it, as for the reference `&#31;` (markdown-it's rule for control codes).
      fields[name] = guarded.html.includes('\x1f')
        ? guarded.html.replaceAll('\x1f', '\uFFFD')
        : guarded.html
    }
    const emptied = emptiedFirstField(note, noteType?.fields[0], fields)
    if (emptied) environment.problems.push(emptied)
    // An emptied Text is said already; clozes disarmed as unsafe are said as such.
    if (noteType?.kind === 'cloze' && !emptied && !environment.problems.some(isClozeJoin)) {
      const hidden = clozesHidden(note, fields[clozeFieldName] ?? '')
      if (hidden) {
        dropClozeInMath(environment.problems, 0)
        environment.problems.push(hidden)
      }
      const emptyCards = cardsEmptyInAnki2115(fields[clozeFieldName] ?? '')
      if (emptyCards) environment.problems.push(emptyCards)
    }
    if (note.labs.length > 0) {
      const footer = labFooterHtml(note.labs)
      if (footer !== '') fields[labFieldName] = footer
    }
    // Most notes have no problem and no media: nothing to collect for them.
    const diagnostics: Diagnostic[] = []
    if (environment.problems.length > 0) {
      // The same broken embed written twice in a note is one problem to fix, shown where it is first.
      const problems = new Map<string, RenderProblem>()
      for (const problem of environment.problems) {
        const key = `${problem.code}\0${problem.message}`
        if (!problems.has(key)) problems.set(key, problem)
      }
      const report = createNoteReporter(note, diagnostics)
      let searched = 0
      for (const problem of problems.values()) {
        const { severity, code, message, hint } = problem
        const search = searched++ < problemsSearched
        report[severity](code, message, { hint, place: problemPlace(note, problem, search) })
      }
    }
    const media =
      environment.media.size === 0
        ? []
        : [...environment.media.values()].sort((a, b) =>
            a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
          )
    return { fields, media, lookups, diagnostics }
  }
}

/** The warning for a block identifier left out that may be text (`^C`). */
function shortBlockIdProblem(id: string): RenderProblem {
  return {
    severity: 'warning',
    code: 'block-id-hidden',
    needle: `^${id}`,
    message: `Unexpected \`^${id}\` at the end of a paragraph, left out of the card as an Obsidian block identifier (Obsidian's reading view hides it), expected text there to be written so it shows`,
    hint: `Write \`\\^${id}\` to show it (as Ctrl-C or a power), or give the block a longer identifier`,
  }
}

/**
 * The HTML appended to a field (`FieldAddition`): a `FROZEN` value rendered
 * as a field is, or decklab's own HTML (the file link) through the HTML check,
 * as the note's raw HTML would go.
 */
function renderAddition(
  markdown: MarkdownIt,
  addition: FieldAddition,
  environment: RenderEnvironment,
  checks: HtmlChecks | undefined,
): string {
  if ('html' in addition) {
    if (checks === undefined) throw missingChecks()
    return checks.checkHtml(addition.html, environment, [[0, addition.html.length]])
  }
  const html = renderMarkdown(markdown, addition.markdown, environment, checks, {
    unwrap: addition.paragraph !== true,
  })
  settleMediaUses(environment, html)
  return html
}

/**
 * Render one field's Markdown (a single paragraph is unwrapped from its
 * `<p>`, unless `unwrap` is false), and check the math its cards can show MathJax.
 */
function renderMarkdown(
  markdown: MarkdownIt,
  text: string,
  environment: RenderEnvironment,
  checks: HtmlChecks | undefined,
  { unwrap = true }: { unwrap?: boolean } = {},
): string {
  if (text.trim() === '') return ''
  // A plain field holds no `\`: no math.
  const plain = plainFieldHtml(text)
  if (plain !== undefined) return unwrap ? plain : `<p>${plain}</p>`
  const html = renderHtml(markdown, text, environment, checks, unwrap)
  if (fieldMayHoldUnsafeMath(html, environment.cloze)) {
    if (checks === undefined) throw missingChecks()
    checks.checkMath(html, environment)
  }
  return html
}

/** The field's HTML: markdown-it's, through the HTML check when it can need it. */
function renderHtml(
  markdown: MarkdownIt,
  text: string,
  environment: RenderEnvironment,
  checks: HtmlChecks | undefined,
  unwrap: boolean,
): string {
  const tokens = markdown.parse(text, environment)
  let html = markdown.renderer.render(tokens, markdown.options, environment).trim()
  const single =
    unwrap &&
    tokens.length === 3 &&
    tokens[0]!.type === 'paragraph_open' &&
    tokens[2]!.type === 'paragraph_close'
  if (single && html.startsWith('<p>') && html.endsWith('</p>')) html = html.slice(3, -4)
  const { html: unmarked, rawHtml } = takeRawHtml(html)
  // Raw HTML can only come from a `<` in the Markdown; everything else is escaped by the parser.
  // Without it, only a cloze or sound marker in an attribute (an image's alt, a link's title), or
  // a link with a scheme the sanitizer refuses (markdown-it's own check allows `smb:`), or a link
  // to a document beside the card that runs script (`document-links.ts`), needs work.
  if (
    !text.includes('<') &&
    !hasMarkerInTag(unmarked) &&
    !hasOtherLinkScheme(unmarked) &&
    !hasScriptedDocumentLink(unmarked)
  ) {
    return unmarked
  }
  if (checks === undefined) throw missingChecks()
  return checks.checkHtml(unmarked, environment, rawHtml)
}

function missingChecks(): InternalError {
  return new InternalError(
    'expected the HTML check loaded: the scan passed a field that needs it (html-check-scan.ts)',
  )
}

/** A tag with a cloze or sound marker character inside (`>` in attribute values is always `&gt;` here). */
const markerInTag = /<[^<>]*(?:\{\{|\}\}|::|\[sound:)/

/** `markerInTag`, answered first by a plain search: most fields hold no marker at all. */
function hasMarkerInTag(html: string): boolean {
  const mayHold =
    html.includes('{{') || html.includes('}}') || html.includes('::') || html.includes('[sound:')
  return mayHold && markerInTag.test(html)
}

/**
 * The problems of one note placed at their needle; the rest are placed where
 * their field starts. Each search reads the field from its start, so a field
 * of 100,000 missing images (1.4 MB) took 67 s to place them all.
 */
const problemsSearched = 200

/**
 * Where in the file a problem is: at its needle when the field is the
 * file's text as written (and `search`), else where its field starts, else
 * (undefined) the whole note.
 */
function problemPlace(note: Note, problem: RenderProblem, search: boolean): Place | undefined {
  const field = problem.field
  const start = field === undefined ? undefined : note.source.fieldPlace?.(field)
  if (start === undefined) return undefined
  const found =
    search && start.verbatim && problem.needle
      ? placeInText(note.fields[field!] ?? '', problem.needle, start)
      : undefined
  return found ?? { line: start.line, column: start.column }
}

/**
 * The first `needle` in `text` (ignoring case) outside an Obsidian comment, as
 * a place in a file where `text` starts at `start`: the card never shows what
 * a comment holds, so a commented-out copy of the text is not what the problem is about.
 */
function placeInText(text: string, needle: string, start: PlacePoint): PlaceRange | undefined {
  const comments = text.includes('%%') ? obsidianComments(text) : []
  const pattern = new RegExp(escapeRegExp(needle), 'gi')
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    const at = match.index
    if (!comments.some(([from, to]) => at >= from && at < to)) {
      return placeInFieldText(text, at, match[0].length, start)
    }
    pattern.lastIndex = at + 1
  }
  return undefined
}

/**
 * The vault root relative to where decklab runs (`source.file` is relative
 * to there), so a message names the folder as the user would type it.
 */
function shownVaultRoot(source: Note['source']): string {
  const suffix = `/${source.file}`
  if (source.file.startsWith('../') || !source.absolutePath.endsWith(suffix))
    return source.vaultRoot
  const shown = relative(source.absolutePath.slice(0, -suffix.length), source.vaultRoot)
  return shown === '' ? '.' : shown
}

/** The warning for sound tags that name no media file (`sound-tags.ts`). */
/**
 * A first field with Markdown that renders to nothing (only a comment, a
 * link definition, HTML the check removed): Anki would make an empty card
 * of it, as it asks only that the HTML is more than white space.
 */
function emptiedFirstField(
  note: Note,
  first: string | undefined,
  fields: Readonly<Record<string, string>>,
): RenderProblem | undefined {
  if (first === undefined || (note.fields[first] ?? '').trim() === '') return undefined
  if ((fields[first] ?? '').trim() !== '') return undefined
  return {
    severity: 'error',
    code: 'missing-first-field',
    field: first,
    message: `Unexpected \`${writtenFieldName(note, first)}\` that renders to nothing (a comment, a link definition or removed HTML only), expected text for the first field: Anki would show an empty card`,
    hint: 'write the question as text; an HTML comment is not shown on the card',
  }
}

/** `problems` from `from` on without `cloze-in-math` (`math.ts`). */
function dropClozeInMath(problems: RenderProblem[], from: number): void {
  for (let at = problems.length - 1; at >= from; at--) {
    if (problems[at]!.code === 'cloze-in-math') problems.splice(at, 1)
  }
}

function isClozeJoin(problem: RenderProblem): boolean {
  return problem.code === 'unsafe-cloze-join'
}

/**
 * A Cloze note whose Markdown has deletions, all in code, math or a comment,
 * where rendering disarms them: Anki finds none in the HTML and shows its
 * card as "Please edit this note and add some cloze deletions". (A note
 * without any in its Markdown is told so when it is read.)
 */
function clozesHidden(note: Note, html: string): RenderProblem | undefined {
  if (clozeNumbers(fieldWithAdditions(note, clozeFieldName)).length === 0) return undefined
  if (clozeNumbers(html).length > 0) return undefined
  return {
    severity: 'warning',
    code: 'cloze-without-deletion',
    field: clozeFieldName,
    message: `Unexpected \`${writtenTypeName(note)}\` note whose every cloze deletion is in code, math or an HTML comment, expected \`{{c1::…}}\` in its text: decklab writes a deletion in code or math as text, so that its \`}}\` and \`::\` do not break the code or formula, and leaves a comment out, so the card has no deletion and Anki shows "Please edit this note and add some cloze deletions"`,
    hint: 'put at least one deletion in the text itself, outside code, math and comments',
  }
}

/**
 * The cards of a Cloze field's HTML that Anki 2.1.15 imports empty
 * (`clozeOrdsEmptyInAnki2115`): the package holds them, its Empty Cards
 * deletes them, and the deletions they ask are shown wrong (a nested one's
 * text as the outer one's hint). Said at the first card's deletion, with
 * what made Anki read past it.
 */
function cardsEmptyInAnki2115(html: string): RenderProblem | undefined {
  const numbers = clozeOrdsEmptyInAnki2115(html).map((ord) => ord + 1)
  if (numbers.length === 0) return undefined
  const cards = numbers.length === 1 ? `card ${numbers[0]}` : `cards ${numbers.join(', ')}`
  const empty = /\{\{c\d+::\}\}/.exec(html)?.[0]
  const unclosed = empty === undefined ? unclosedClozeOpener(html) : undefined
  return {
    severity: 'warning',
    code: 'cloze-empty-in-old-anki',
    field: clozeFieldName,
    message: `Unexpected ${cards} of this note that Anki 2.1.15 imports empty, expected a deletion it reads for each card: it ends a deletion at the first \`}}\` after its \`{{cN::\` and finds no \`{{c${numbers[0]}::…}}\` here (Tools → Empty Cards deletes such a card)`,
    hint:
      empty !== undefined
        ? `\`${empty}\` hides nothing, and Anki 2.1.15 reads at least one character into a deletion, so it reads on to the next \`}}\`: write the text it hides`
        : unclosed !== undefined
          ? `\`${unclosed}\` has no \`}}\` of its own in the field (one in code or math is text there, one in a wikilink's target is left out), so Anki 2.1.15 reads on to the next deletion's \`}}\`: close it in the text, or put the whole opener in backticks`
          : 'Anki 2.1.56 and later read a deletion nested in another, Anki 2.1.15 ends the outer one at the inner one’s `}}`: write the deletions side by side for it',
    needle: `{{c${numbers[0]}::`,
  }
}

function unsafeClozeJoinProblem(joined: ClozeJoin): RenderProblem {
  const hint =
    'Keep `{` and `[sound:` whole and outside the cloze markers (a `{` that ends a deletion meets a `{` right after it on the other cards), and start no hint with `sound:`'
  if (joined.kind === 'unchecked') {
    return {
      severity: 'error',
      code: 'unsafe-cloze-join',
      message: `Unexpected Cloze field of ${joined.length} characters with ${joined.numbers} cloze numbers, expected few enough to check what each card shows after Anki's cloze expansion; clozes written as text`,
      hint,
    }
  }
  return {
    severity: 'error',
    code: 'unsafe-cloze-join',
    message: `Unexpected ${joined.what} after Anki's cloze expansion, expected clozes that only hide text: text on either side of a cloze marker meets on that card; clozes written as text`,
    hint,
  }
}

/**
 * The warning `sound-not-packaged` for the first `[sound:NAME]` of a field's
 * HTML written as text (not by an embed) whose NAME is a sound or video file
 * of the vault: Anki plays NAME from its own media folder and the package
 * brings only embedded files, so it plays where that folder has it (the
 * author's Anki) and nowhere else. A NAME the vault lacks may be in the
 * collection's media already, as for a note Anki wrote: no problem.
 */
function soundNotPackaged(html: string, environment: RenderEnvironment): RenderProblem | undefined {
  for (const { tag, name } of soundTagsIn(html)) {
    if (environment.media.has(name) || mediaKind(name) !== 'audio') continue
    if (resolveMedia(name, environment.origin, 'audio').status !== 'ok') continue
    return {
      severity: 'warning',
      code: 'sound-not-packaged',
      needle: tag,
      message: `Unexpected \`${tag}\` written as text, expected an embed: the vault has \`${pathInMessage(name)}\`, but the package brings only embedded files, so Anki plays it only where its media folder has it already`,
      hint: `write \`![[${name}]]\`: decklab packages the file and writes its sound tag`,
    }
  }
  return undefined
}

function unsafeSoundProblem(names: readonly string[]): RenderEnvironment['problems'][number] {
  return {
    severity: 'warning',
    code: 'unsafe-sound-tag',
    needle: `[sound:${names[0]}]`,
    message: `Unexpected ${names.map((name) => `\`[sound:${name}]\``).join(', ')}, expected a media file name (no path, URL or leading \`-\`); written as text, so Anki's player never opens it`,
    hint: 'Embed the file with `![[name.mp3]]`: decklab packages it and writes the tag itself',
  }
}
