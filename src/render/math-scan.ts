/**
 * The macros math may not use on a card, and which fields can hold one,
 * found from the field's HTML without parsing it. Anki typesets the card
 * with MathJax (2.7 in Anki 2.1.15, 3.x since), which runs every macro it
 * knows: `\href{javascript:…}` is a link that runs script, `\style` and the
 * style part of `\bbox` and `\fcolorbox` are CSS (`url(…)` loads from the
 * web), `\cssId` and `\class` name elements (an id can take over Anki's
 * `typeans` box), `\require` loads code. KaTeX's trusted commands do the
 * same. A macro definition can assemble any of them from harmless pieces,
 * so every definition command is refused too; `math-check.ts` finds them
 * where MathJax would read them and says why (docs/sanitizer.md).
 */

/** What MathJax (or KaTeX) would do with a refused macro, for the message. */
export type MathHarm = 'link' | 'css' | 'attribute' | 'font' | 'image' | 'load' | 'definition'

/** Refused macros by name (a control word is `\` and ASCII letters, case-sensitive). */
const refusedNames: ReadonlyMap<string, MathHarm> = new Map<string, MathHarm>([
  ['href', 'link'],
  ['url', 'link'],
  ['style', 'css'],
  ['bbox', 'css'],
  ['fcolorbox', 'css'],
  ['class', 'attribute'],
  ['cssId', 'attribute'],
  ['data', 'attribute'],
  ['mmlToken', 'attribute'],
  ['unicode', 'font'],
  ['includegraphics', 'image'],
  ['require', 'load'],
  ['setOptions', 'load'],
  ['mathtoolsset', 'load'],
  ['def', 'definition'],
  ['gdef', 'definition'],
  ['edef', 'definition'],
  ['xdef', 'definition'],
  ['let', 'definition'],
  ['futurelet', 'definition'],
  ['global', 'definition'],
  ['csname', 'definition'],
])

/**
 * Refused families: KaTeX's `\htmlClass`, `\htmlId`, `\htmlStyle`,
 * `\htmlData`; every `\new…` and `\renew…` but `\newline` (`\newcommand`,
 * `\newenvironment`, mathtools' `\newtagform`, `\newcolumntype`,
 * extpfeil's `\Newextarrow`), `\provide…` and `\Declare…`
 * (`\DeclareMathOperator`, `\DeclarePairedDelimiter`).
 */
const refusedFamilies: ReadonlyArray<readonly [RegExp, MathHarm]> = [
  [/^html/, 'attribute'],
  [/^(?:re)?new(?!line$)/i, 'definition'],
  [/^provide/, 'definition'],
  [/^Declare/, 'definition'],
]

/** The longest refused name: a longer one is refused only through its family. */
export const longestRefusedName = Math.max(...[...refusedNames.keys()].map((name) => name.length))

/** Why the macro `\name` is refused, or undefined when math may use it. */
export function refusedMacro(name: string): MathHarm | undefined {
  const harm = refusedNames.get(name)
  if (harm !== undefined) return harm
  for (const [family, familyHarm] of refusedFamilies) if (family.test(name)) return familyHarm
  return undefined
}

/**
 * mhchem's `\ce` and `\pu` (Anki loads mhchem) rewrite their argument into
 * new TeX, and can join a `\` to letters that follow it only after the
 * rewrite (`\ce{x\$href$}` writes `\href`).
 */
export const chemistryMacros: ReadonlySet<string> = new Set(['ce', 'cee', 'cf', 'pu'])

/** `\` then a refused name, a refused family's start or a chemistry macro, as a prefix in any case (a superset). */
const mayNameRefused = new RegExp(
  `\\\\(?:${[...refusedNames.keys(), 'html', 'new', 'renew', 'provide', 'Declare', ...chemistryMacros].join('|')})`,
  'i',
)

/**
 * Where a `\` and letters can join what comes after a tag: MathJax 3 reads
 * `<wbr>` as nothing, a browser drops a stray end tag, and Anki's cloze
 * filter removes every tag inside math.
 */
const mayJoinAcrossTag = /\\[A-Za-z]*</

/** In a Cloze note, also across a cloze marker or hint separator (removed as cards are made). */
const mayJoinAcrossCloze = /\\[A-Za-z]*(?:\{\{c\d+::|\}\}|::)/

/**
 * False only when no card made from this field HTML can show MathJax a
 * refused macro (see `math-check.ts`). The HTML is decklab's own output:
 * no character reference in it stands for a letter or a `\`, so a control
 * word MathJax reads is written out in the HTML, or is a `\` and letters
 * followed by a tag or, in a Cloze note, by a cloze marker.
 */
export function fieldMayHoldUnsafeMath(html: string, cloze: boolean): boolean {
  if (!html.includes('\\')) return false
  return (
    mayNameRefused.test(html) ||
    mayJoinAcrossTag.test(html) ||
    (cloze && mayJoinAcrossCloze.test(html))
  )
}
