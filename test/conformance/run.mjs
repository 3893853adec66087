// `npm run conformance -- <dir>`: runs decklab's loader on the Obsidian_to_Anki
// plugin's own test vaults (<dir>/suites/<suite>, with their settings) and
// compares note and card counts, note types, decks and tags with
// <dir>/expected/<suite>.json. One line per suite: PASS, DIFF (deliberate: …)
// or FAIL with details; exit 1 on any FAIL. Runs the built code in lib/.
//
// As upstream, the suite folder is the vault's top folder: the vault root is
// the parent of the suite folder, so settings paths such as
// `folder_scan/scan_dir` resolve. Suites without a data.json run with the
// plugin's generated defaults.
//
// Field HTML: when test/conformance/html.mjs exists, its
// `compareHtml(suiteName, notes, expected)` is called for every suite with
// decklab's resolved `Note[]` (fields in Markdown, `source.file` relative to the
// suite folder) and the parsed expected JSON; it returns
// `{status: 'pass' | 'diff' | 'fail', details: string[]}`, where `diff` means a
// documented deliberate difference (its details are printed as the reasons).

import { existsSync } from 'node:fs'
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const root = fileURLToPath(new URL('../..', import.meta.url))
const { loadVault } = await import(pathToFileURL(join(root, 'lib/src/notes/load-vault.js')).href)
const { cardOrds } = await import(pathToFileURL(join(root, 'lib/src/model/cards.js')).href)

/**
 * Where decklab differs from the plugin on purpose. `present` says whether the
 * difference shows in this run's notes (so a DIFF is printed only when it is
 * real); every other comparison must still pass.
 */
export const deliberateDifferences = {
  cloze_highlight: {
    reason:
      '`==c1::test==` becomes `{{c1::test}}`; the plugin (and its test) pin its triple-colon bug `{{c1:::test}}`',
    present: (notes) => notes.some((note) => /\{\{c\d+::[^:]/.test(note.fields.Text ?? '')),
  },
  context_test: {
    reason:
      'the "Add Context" breadcrumb goes in its own paragraph; the plugin glues it to the field text (`Test successful!context_test/…`)',
    present: (notes) => notes.some((note) => /\n\ncontext_test\//.test(note.fields.Back ?? '')),
  },
}

const settingsPath = '.obsidian/plugins/obsidian-to-anki-plugin/data.json'

const dir = process.argv[2]
if (!dir) {
  process.stderr.write('usage: npm run conformance -- <dir with suites/ and expected/>\n')
  process.exit(2)
}
const suitesDir = resolve(dir, 'suites')
const expectedDir = resolve(dir, 'expected')
if (!existsSync(suitesDir) || !existsSync(expectedDir)) {
  process.stderr.write(`error: expected ${suitesDir} and ${expectedDir}\n`)
  process.exit(2)
}

const htmlComparatorPath = join(root, 'test/conformance/html.mjs')
const htmlComparator = existsSync(htmlComparatorPath)
  ? await import(pathToFileURL(htmlComparatorPath).href)
  : undefined

const suites = (await readdir(suitesDir, { withFileTypes: true }))
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort()
let failures = 0
for (const suite of suites) {
  let result
  try {
    result = await runSuite(suite)
  } catch (error) {
    result = { status: 'FAIL', details: [`crashed: ${error?.stack ?? error}`] }
  }
  if (result.status === 'FAIL') failures++
  const label =
    result.status === 'DIFF' ? `DIFF (deliberate: ${result.reasons.join('; ')})` : result.status
  process.stdout.write(`${suite.padEnd(18)} ${label}\n`)
  for (const detail of result.details) process.stdout.write(`    ${detail}\n`)
}
process.stdout.write(
  `\n${suites.length} suites, ${failures} failing${htmlComparator ? '' : ' (field HTML not compared: test/conformance/html.mjs is absent)'}\n`,
)
process.exitCode = failures === 0 ? 0 : 1

async function runSuite(suite) {
  const expectedFile = join(expectedDir, `${suite}.json`)
  if (!existsSync(expectedFile)) return { status: 'FAIL', details: [`missing ${expectedFile}`] }
  const expected = JSON.parse(await readFile(expectedFile, 'utf8'))
  const details = []
  let notes
  let diagnostics
  if (suite === 'ng_basic_update' || suite === 'ng_delete_sync') {
    ;({ notes, diagnostics } = await runTwoPhase(suite, details))
  } else {
    ;({ notes, diagnostics } = await load(suitesDir, suite))
  }
  const errors = diagnostics.filter((diagnostic) => diagnostic.severity === 'error')
  for (const error of errors) {
    details.push(
      `error ${error.code} at ${error.file}:${error.line}:${error.column}: ${error.message}`,
    )
  }
  compareStructure(suite, notes, expected, details)
  const reasons = []
  const deliberate = deliberateDifferences[suite]
  if (deliberate?.present(notes)) reasons.push(deliberate.reason)
  if (htmlComparator) {
    const html = await htmlComparator.compareHtml(suite, notes, expected)
    const status = String(html?.status ?? 'pass').toUpperCase()
    if (status === 'FAIL') details.push(...(html.details ?? ['field HTML differs']))
    else if (status === 'DIFF') reasons.push(...(html.details ?? ['field HTML differs']))
  }
  if (details.length > 0) return { status: 'FAIL', details }
  if (reasons.length > 0) return { status: 'DIFF', reasons, details: [] }
  return { status: 'PASS', details: [] }
}

/** Load one suite as the plugin sees it: the vault root is the suite's parent. */
async function load(vaultRoot, suite) {
  const settingsFile = join(vaultRoot, suite, settingsPath)
  const vault = await loadVault({
    cwd: join(vaultRoot, suite),
    paths: ['.'],
    vaultRoot,
    settingsFile: existsSync(settingsFile) ? settingsFile : undefined,
    obsidianToAnkiDefaults: true,
  })
  // Files relative to the suite folder, as the expectations name them.
  return { ...vault, notes: vault.notes }
}

/**
 * The ng_* suites sync twice with an edit in between. Emulated in a temporary
 * copy: load, write IDs back at each note's insert offset (as the plugin
 * would), make the documented edit, load again.
 */
async function runTwoPhase(suite, details) {
  const vaultRoot = await mkdtemp(join(tmpdir(), 'decklab-conformance-'))
  try {
    await cp(join(suitesDir, suite), join(vaultRoot, suite), { recursive: true })
    const first = await load(vaultRoot, suite)
    let nextId = 1_700_000_000_000
    const ids = []
    for (const source of first.files) {
      const inserts = first.notes
        .filter((note) => note.source.absolutePath === source.absolutePath && note.id === null)
        .map((note) => ({ note, id: nextId++ }))
        .sort((a, b) => b.note.source.idInsertOffset - a.note.source.idInsertOffset)
      let text = source.text
      for (const { note, id } of inserts) {
        ids.push(id)
        const offset = note.source.idInsertOffset
        const line =
          note.kind === 'inline'
            ? `<!--ID: ${id}--> `
            : note.kind === 'regex'
              ? `${source.eol}<!--ID: ${id}-->`
              : `<!--ID: ${id}-->${source.eol}`
        text = text.slice(0, offset) + line + text.slice(offset)
      }
      await writeFile(source.absolutePath, (source.bom ? '\uFEFF' : '') + text)
    }
    const file = join(vaultRoot, suite, `${suite}.md`)
    const text = await readFile(file, 'utf8')
    const edited =
      suite === 'ng_basic_update'
        ? text.replace('<!-- EDIT ABOVE THIS LINE FOR TEST -->', 'This is updated content meow.')
        : text.replace('<!-- REPLACE ME FOR TEST -->', 'DELETE')
    if (edited === text) details.push('the documented edit marker was not found')
    await writeFile(file, edited)
    const second = await load(vaultRoot, suite)
    if (suite === 'ng_basic_update') {
      const [note] = second.notes
      if (second.notes.length !== 1 || note.id !== ids[0]) {
        details.push(
          `phase 2: expected the same single note (id ${ids[0]}), got ${second.notes.map((n) => n.id).join(', ') || 'none'}`,
        )
      }
    } else if (!second.diagnostics.some((diagnostic) => diagnostic.code === 'delete-ignored')) {
      details.push('phase 2: expected a `delete-ignored` warning for the DELETE line')
    }
    return second
  } finally {
    await rm(vaultRoot, { recursive: true, force: true })
  }
}

function compareStructure(suite, notes, expected, details) {
  const cards = (note) => cardOrds(note).length
  const deleted = suite === 'ng_delete_sync'
  // Notes per file: the e2e oracle counts one written ID per `<!-- CARD -->` marker.
  const files = new Set([
    ...Object.keys(expected.card_markers ?? {}),
    ...notes.map((note) => note.source.file),
  ])
  for (const file of [...files].sort()) {
    const want = deleted ? 0 : (expected.card_markers?.[file] ?? 0)
    const got = notes.filter((note) => note.source.file === file).length
    if (want !== got) details.push(`${file}: expected ${want} notes (card markers), got ${got}`)
  }
  if (expected.total_notes !== null && expected.total_notes !== notes.length) {
    details.push(`expected ${expected.total_notes} notes, got ${notes.length}`)
  }
  const totalCards = notes.reduce((sum, note) => sum + cards(note), 0)
  if (expected.total_cards !== null && expected.total_cards !== totalCards) {
    details.push(`expected ${expected.total_cards} cards, got ${totalCards}`)
  }
  for (const [deck, want] of Object.entries(expected.cards_per_deck ?? {})) {
    // Anki's `deck:X` search counts subdecks too.
    const got = notes
      .filter((note) => note.deck === deck || note.deck.startsWith(`${deck}::`))
      .reduce((sum, note) => sum + cards(note), 0)
    if (got !== want) details.push(`deck ${deck}: expected ${want} cards, got ${got}`)
  }
  // Expected notes are matched to decklab's per file, in order.
  const byFile = new Map()
  for (const note of notes) {
    if (!byFile.has(note.source.file)) byFile.set(note.source.file, [])
    byFile.get(note.source.file).push(note)
  }
  const used = new Map()
  for (const [position, want] of (expected.notes ?? []).entries()) {
    const index = used.get(want.file) ?? 0
    used.set(want.file, index + 1)
    const note = byFile.get(want.file)?.[index]
    const label = `note ${position + 1} (${want.file})`
    if (!note) {
      details.push(`${label}: missing`)
      continue
    }
    if (want.note_type && want.note_type !== note.noteType) {
      details.push(`${label}: expected note type ${want.note_type}, got ${note.noteType}`)
    }
    if (want.deck && want.deck !== note.deck)
      details.push(`${label}: expected deck ${want.deck}, got ${note.deck}`)
    const tags = note.tags.map((tag) => tag.toLowerCase())
    for (const tag of want.tags ?? []) {
      if (!tags.includes(tag.toLowerCase()))
        details.push(`${label}: expected tag ${tag}, got [${note.tags.join(' ')}]`)
    }
    if (want.tag_count !== undefined && want.tag_count !== note.tags.length) {
      details.push(
        `${label}: expected ${want.tag_count} tags, got ${note.tags.length} [${note.tags.join(' ')}]`,
      )
    }
  }
}
