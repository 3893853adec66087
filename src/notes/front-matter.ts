import { createRequire } from 'node:module'
import type { PlaceRange } from '../diagnostics/diagnostic.js'
import type { Reporter } from '../diagnostics/reporter.js'
import type { LabLink, MalformedLabLink } from '../model/note.js'
import { parseLabLinks, parseNoLab } from './lab-links.js'
import { readSimpleYaml } from './simple-yaml.js'
import { linePlace, type SourceLine } from './text-lines.js'

const require = createRequire(import.meta.url)
let matter: typeof import('gray-matter') | undefined

/** What decklab reads from a file's YAML front matter. */
export interface FrontMatter {
  deck?: string | undefined
  /** Where `deck` is set. */
  deckPlace?: PlaceRange | undefined
  tags: string[]
  labs: LabLink[]
  /** `labs` entries that could not be read. */
  malformedLabLinks: MalformedLabLink[]
  /** `TARGET DECK:` / `FILE TAGS:` written as YAML keys (they work in Obsidian_to_Anki by accident). */
  targetDeck?: string | undefined
  /** Where `TARGET DECK` is set. */
  targetDeckPlace?: PlaceRange | undefined
  fileTags: string[]
}

/**
 * The line range of a front matter block: the file starts with a `---` line
 * and a later `---` or `...` line closes it. Returns the index of the closing
 * line, or -1 when the file has none.
 */
export function frontMatterEnd(lines: readonly SourceLine[]): number {
  if (lines.length < 2 || lines[0]!.text.trimEnd() !== '---') return -1
  for (let index = 1; index < lines.length; index++) {
    const text = lines[index]!.text.trimEnd()
    if (text === '---' || text === '...') return index
  }
  return -1
}

/**
 * Parse the YAML between line 1 and `end` (exclusive). The YAML is handed to
 * gray-matter as plain `---` YAML, so its JavaScript engine can never run.
 */
export function parseFrontMatter(
  lines: readonly SourceLine[],
  end: number,
  report: Reporter,
): FrontMatter {
  const frontMatter: FrontMatter = { tags: [], labs: [], malformedLabLinks: [], fileTags: [] }
  const yamlLines = lines.slice(1, end).map((line) => line.text)
  let data: Record<string, unknown> | undefined = readSimpleYaml(yamlLines)
  if (data === undefined) {
    data = parseYaml(lines, end, report)
    if (data === undefined) return frontMatter
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return frontMatter
  /** The 0-based index of the line that sets `key` (the opening `---` when none does). */
  const lineOf = (key: string) => {
    for (let index = 1; index < end; index++) {
      if (lines[index]!.text.startsWith(`${key}:`)) return index
    }
    return 0
  }
  const wrongType = (key: string, expected: string) =>
    report.error(
      'malformed-front-matter',
      `Unexpected value for \`${key}\`, expected ${expected}`,
      {
        place: linePlace(lines, lineOf(key)),
      },
    )
  keysInOtherCase(data, lineOf, lines, report)
  if (data.deck !== undefined && data.deck !== null) {
    if (typeof data.deck === 'string' && data.deck.trim() !== '') {
      frontMatter.deck = data.deck.trim()
      frontMatter.deckPlace = linePlace(lines, lineOf('deck'))
    } else wrongType('deck', 'a deck name')
  }
  const targetDeck = data['TARGET DECK']
  if (typeof targetDeck === 'string' && targetDeck.trim() !== '') {
    frontMatter.targetDeck = targetDeck.trim()
    frontMatter.targetDeckPlace = linePlace(lines, lineOf('TARGET DECK'))
  }
  // Obsidian reads a file's tags from the first key `tags` or `tag`, in any case (parseFrontMatterTags).
  const tagsKey = Object.keys(data).find((key) => /^tags?$/i.test(key)) ?? 'tags'
  const tagsValue = data[tagsKey]
  // A string is a list, at commas and spaces (`tags: a, b`, as Obsidian reads it); a list's item
  // is one tag, split only at spaces, where Anki splits tags: `["a,b"]` is `a,b`, as `Tags: a,b` is.
  const tags = stringList(tagsValue, tagSeparators)
  if (tags) frontMatter.tags = tags
  else if (tagsValue !== undefined && tagsValue !== null) wrongType(tagsKey, 'a string or a list')
  const nested = nonTextItem(tagsValue)
  if (nested !== undefined) wrongType(tagsKey, `a list of words, not ${nested} in it`)
  const spaced = Array.isArray(tagsValue)
    ? tagsValue.find((item) => typeof item === 'string' && tagSeparators.test(item.trim()))
    : undefined
  if (typeof spaced === 'string') {
    const words = addListItems([], spaced, tagSeparators)
    report.warning(
      'tag-with-space',
      `Unexpected tag \`${spaced.trim()}\` in the list \`${tagsKey}\`, expected one word: Anki tags hold no spaces, so it becomes the tags ${words.map((word) => `\`${word}\``).join(', ')}`,
      {
        place: linePlace(lines, itemLine(lines, lineOf(tagsKey), end, spaced.trim())),
        hint: `write it as one word (\`${words.join('-')}\`, or \`${words.join('/')}\` for a nested tag), or as separate items if several tags are meant`,
      },
    )
  }
  // The plugin reads this line in the front matter as it reads it anywhere: split at spaces only.
  const fileTags = stringList(data['FILE TAGS'], tagSeparators, tagSeparators)
  if (fileTags) frontMatter.fileTags = fileTags
  const labs = stringList(data.labs)
  const nestedLab = nonTextItem(data.labs)
  if (nestedLab !== undefined) wrongType('labs', `a list of lab links, not ${nestedLab} in it`)
  if (labs) {
    // Each entry is placed where it is written, so each error points at its own link.
    const locate = entryLocator(lines, lineOf('labs'), end, 'labs:')
    const noneAt = (text: string) => {
      const at = locate(text)
      return linePlace(lines, at.index, at.column)
    }
    for (const entry of labsWithoutNone(data.labs, labs, noneAt, report)) {
      const at = locate(entry)
      const { links, problems } = parseLabLinks(entry, at.index + 1, at.column)
      frontMatter.labs.push(...links)
      for (const problem of problems) {
        frontMatter.malformedLabLinks.push({ text: problem.text, line: at.index + 1 })
        report.error(
          'malformed-lab-link',
          `Unexpected lab link \`${problem.text}\`, expected \`lab-id\` or \`lab-id#check\``,
          { place: linePlace(lines, at.index, problem.column) },
        )
      }
    }
  } else if (data.labs !== undefined && data.labs !== null) {
    wrongType('labs', 'a string or a list')
  }
  return frontMatter
}

/** decklab's own keys, read in lower case only (`tags` is read in any case, as Obsidian reads it). */
const ownKeys = ['deck', 'labs']

/**
 * The warning `front-matter-key-case` for each of decklab's keys written in
 * another case (`Deck:`), which is ignored: without it, the file's cards
 * went to another deck without a word.
 */
function keysInOtherCase(
  data: Record<string, unknown>,
  lineOf: (key: string) => number,
  lines: readonly SourceLine[],
  report: Reporter,
): void {
  for (const key of Object.keys(data)) {
    const own = ownKeys.find((name) => name !== key && name === key.toLowerCase())
    if (own === undefined) continue
    report.warning(
      'front-matter-key-case',
      `Unexpected front matter key \`${key}\`, expected \`${own}\`: decklab reads its keys in lower case, so this one is ignored`,
      { place: linePlace(lines, lineOf(key)), hint: `rename it \`${own}\`` },
    )
  }
}

/**
 * The front matter's lab links, less those of an entry that is `none: <reason>`:
 * a `Lab:` line's word, which here is one error, not each word of the reason
 * read as a lab id that does not exist.
 */
function labsWithoutNone(
  value: unknown,
  links: string[],
  place: (text: string) => PlaceRange,
  report: Reporter,
): string[] {
  const items: unknown[] = Array.isArray(value) ? value : [value]
  const none = items.filter(
    (item): item is string => typeof item === 'string' && parseNoLab(item) !== undefined,
  )
  if (none.length === 0) return links
  report.error(
    'malformed-lab-link',
    `Unexpected \`${none[0]!.trim()}\` in \`labs\`, expected \`lab-id\` or \`lab-id#check\`: \`none: <reason>\` is written in a card, as its \`Lab:\` line`,
    {
      place: place(none[0]!.trim()),
      hint: 'write `Lab: none: <why no lab can test this here>` in each card block no lab can test, before its `Tags:` line',
    },
  )
  return stringList(items.filter((item) => !none.includes(item as string))) ?? []
}

/**
 * A YAML string (split at `separators`, by default spaces and commas) or a
 * list of scalars, each split at `itemSeparators` (by default the same), as strings.
 */
function stringList(
  value: unknown,
  itemSeparators: RegExp = listSeparators,
  separators: RegExp = listSeparators,
): string[] | undefined {
  if (typeof value === 'string') return addListItems([], value, separators)
  if (!Array.isArray(value)) return undefined
  const items: string[] = []
  for (const item of value) {
    if (typeof item === 'string' || typeof item === 'number')
      addListItems(items, String(item), itemSeparators)
  }
  return items
}

/**
 * What a list's first item that `stringList` leaves out is (`a list`, `a mapping`,
 * `true`), or undefined: such an item (`tags: [a, [b]]`, `- {x: y}`) was dropped without a word.
 * An empty item (null) is nothing to drop.
 */
function nonTextItem(value: unknown): string | undefined {
  if (!Array.isArray(value)) return undefined
  for (const item of value) {
    if (item === null || typeof item === 'string' || typeof item === 'number') continue
    if (Array.isArray(item)) return 'a list'
    return typeof item === 'object' ? 'a mapping' : `\`${String(item)}\``
  }
  return undefined
}

const listSeparators = /[\s,]+/
/** Where Anki splits tags: at spaces, not commas. */
const tagSeparators = /\s+/

/** Push the non-empty items of a string split at `separators`. */
function addListItems(items: string[], text: string, separators: RegExp): string[] {
  for (const item of text.split(separators)) if (item !== '') items.push(item)
  return items
}

/**
 * The line of a list's item: the first from the key's line (`tags: [a, "b c"]`)
 * to the front matter's end that holds its text (`  - b c`), else the key's line.
 */
function itemLine(
  lines: readonly SourceLine[],
  keyLine: number,
  end: number,
  item: string,
): number {
  for (let index = keyLine; index < end; index++) {
    if (lines[index]!.text.includes(item)) return index
  }
  return keyLine
}

/**
 * Where each entry of a key's value is written, asked in the order they are
 * read: the 0-based line and 1-based column of its text, searched from the
 * key's line (after `key`) onwards, past the entries placed before it. An entry
 * not found as written (a quoted escape, a folded string) is placed at the key.
 */
function entryLocator(
  lines: readonly SourceLine[],
  keyLine: number,
  end: number,
  key: string,
): (entry: string) => { index: number; column: number } {
  let index = keyLine
  let from = lines[keyLine]?.text.startsWith(key) ? key.length : 0
  return (entry) => {
    for (let line = index; line < end && line > 0; line++) {
      const found = lines[line]!.text.indexOf(entry, line === index ? from : 0)
      if (found === -1) continue
      index = line
      from = found + entry.length
      return { index: line, column: found + 1 }
    }
    return { index: keyLine, column: 1 }
  }
}

/** The full YAML parse (gray-matter, loaded on first use), for front matter the simple reader declines. */
function parseYaml(
  lines: readonly SourceLine[],
  end: number,
  report: Reporter,
): Record<string, unknown> | undefined {
  matter ??= require('gray-matter') as typeof import('gray-matter')
  const yaml = lines
    .slice(1, end)
    .map((line) => line.text)
    .join('\n')
  try {
    // Passing options turns off gray-matter's cache, which would otherwise
    // remember a failed parse as an empty success.
    return matter(`---\n${yaml}\n---\n`, { language: 'yaml' }).data as Record<string, unknown>
  } catch (error) {
    const mark = (error as { mark?: { line?: number; column?: number } }).mark
    // gray-matter hands js-yaml the text from the end of the opening `---`, so
    // js-yaml's line 0 is that line and its line 1 the first YAML line: the index
    // in `lines`. Past the end means the closing `---`.
    const index = Math.max(1, mark?.line ?? 1)
    const line = Math.min(index, end) + 1
    const column =
      index < end ? Math.min((mark?.column ?? 0) + 1, lines[index]!.text.length + 1) : 1
    const reason = ((error as { reason?: string }).reason ?? (error as Error).message).split(
      '\n',
    )[0]
    report.error(
      'malformed-front-matter',
      `Unexpected invalid YAML in the front matter (${reason}), expected YAML between the \`---\` lines`,
      { place: { line, column } },
    )
    return undefined
  }
}
