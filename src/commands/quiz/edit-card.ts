/**
 * The quiz's `e` key: open the card's source file at its line in the user's
 * editor (`$VISUAL`, else `$EDITOR`, given `+LINE FILE` as vi, vim, nano,
 * emacs and most others read it), then reload the card from the file.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { formatDiagnostic } from '../../diagnostics/format.js'
import type { Note } from '../../model/note.js'
import { haveSameContent } from '../../model/note-key.js'
import { findNoteType } from '../../model/note-types.js'
import type { LoadedNotes, VaultLoader } from '../../quiz/open-vault.js'
import type { QuizCard } from '../../quiz/quiz-card.js'
import { collectCards, type EditedLostIdFinder, type LostIdFinder } from '../../quiz/session.js'
import type { LastSeenNote } from '../../quiz/shared-id.js'
import { terminalPath } from '../../terminal/safe-text.js'

export interface EditOptions {
  cwd: string
  env: Record<string, string | undefined>
  loadVault: VaultLoader
  /** The store's `lostId`: a note that lost its ID line keeps the key of the ID it had. */
  lostId?: LostIdFinder | undefined
  /**
   * The IDs written in the quiz's other files, as the session read them: a
   * note that lost its ID line takes none of them back, as at the quiz's
   * start (an ID after a `DELETE` marker is a note deleted on purpose, and
   * one another file holds is that note's). Rejected: they cannot be known,
   * and the note is quizzed by its content.
   */
  writtenElsewhere?: ((file: string) => Promise<ReadonlySet<number>>) | undefined
  /** The store's `editedLostIds`: a note that lost its ID line, edited, keeps that ID's key too. */
  editedLostIds?: EditedLostIdFinder | undefined
  /** The store's `location`: of two notes with one ID, the one answered under it is kept. */
  lastSeen?: LastSeenNote | undefined
}

/** Edit, then reload: the card as the file now has it, undefined when it is gone, or a message. */
export async function editCard(
  card: QuizCard,
  options: EditOptions,
): Promise<QuizCard | undefined | string> {
  const editor = nonEmpty(options.env.VISUAL) ?? nonEmpty(options.env.EDITOR)
  if (editor === undefined) return 'set $EDITOR (or $VISUAL) to edit cards from the quiz'
  const { absolutePath, line } = card.note.source
  // Moved, renamed or deleted since the session read it (in Obsidian, say): the editor
  // would open an empty file of that name, which saving would add to the vault, and
  // reading it back ended the session.
  if (!existsSync(absolutePath)) return fileGone(card)
  // The file as it was: a note without an ID is found again by what the edit changed.
  const before = readText(absolutePath)
  // The editor command may carry its own arguments (`code -w`): the shell splits it,
  // and the line and file go in as positional parameters, never through the shell's parser.
  const result = spawnSync(
    '/bin/sh',
    ['-c', `${editor} "$@"`, 'editor', `+${line}`, absolutePath],
    {
      cwd: options.cwd,
      stdio: 'inherit',
    },
  )
  if (result.error) return `cannot start the editor (${result.error.message})`
  if (result.status !== 0) {
    return `the editor exited with ${result.status ?? result.signal}; the card is as it was`
  }
  if (!existsSync(absolutePath)) return fileGone(card)
  const vault = await options.loadVault({ cwd: options.cwd, paths: [absolutePath] })
  const id = card.note.id
  // A note with an ID is found by it; one without, by its content (see `noteAfterEdit`).
  const after = readText(absolutePath)
  const found =
    id !== null
      ? vault.notes.find((candidate) => candidate.id === id)
      : before === undefined || after === undefined
        ? vault.notes.find((candidate) => candidate.source.line === line)
        : noteAfterEdit(vault.notes, card.note, before, after)
  if (found === 'unsure') {
    return 'the edit changed the lines around this card and those of another note: the card is as it was; quiz again to see it as the file has it'
  }
  const note = found
  if (note === undefined && id !== null) {
    // Its ID line taken out: the note is still the card when the quiz's start would
    // quiz it under that ID (its content, or file, type and first field, as last answered).
    const lacking = vault.notes.filter((other) => other.id === null)
    const again = await cardsAgain(lacking, absolutePath, vault, options)
    const same = again.find((candidate) => candidate.key === card.key)
    if (same !== undefined) return same
  }
  if (note === undefined) {
    // A note the edit left unreadable (its `END` deleted, a field mistyped) is not gone:
    // say what is wrong and keep the card as it was, so `e` can put it right.
    const error = vault.diagnostics.find((diagnostic) => diagnostic.severity === 'error')
    if (error === undefined) return undefined
    return `the file has an error now, so the card is as it was (e to fix it): ${formatDiagnostic({ ...error, hint: undefined })}`
  }
  // The file alone does not know the copies of a note in other files: a copy left
  // unchanged keeps its number, so its key (and progress) stay its own.
  if (haveSameContent(note, card.note)) note.contentCopy = card.note.contentCopy
  const again = await cardsAgain([note], absolutePath, vault, options)
  return again.find((candidate) => candidate.ord === card.ord)
}

/**
 * The cards of `notes` (found again in `vault`, the edited `file` read again)
 * by the rules of the quiz's start: a note without an ID that lost its ID
 * line keeps the ID it had, found by its content (`lostId`) or, edited, by
 * its file, note type and first field among the file's notes without an ID
 * (`editedLostIds`), unless an ID written in the file as it is now or in the
 * quiz's other files is that ID.
 */
async function cardsAgain(
  notes: readonly Note[],
  file: string,
  vault: LoadedNotes,
  options: EditOptions,
): Promise<QuizCard[]> {
  let { lostId, editedLostIds } = options
  let elsewhere: ReadonlySet<number> = new Set()
  const finds = lostId !== undefined || editedLostIds !== undefined
  const lack = notes.some((note) => note.id === null)
  if (lack && finds && options.writtenElsewhere !== undefined) {
    elsewhere = await options.writtenElsewhere(file).catch(() => {
      lostId = editedLostIds = undefined
      return new Set<number>()
    })
  }
  const written = () => new Set([...elsewhere, ...(vault.writtenIds?.() ?? [])])
  const lacking = vault.notes.filter(
    (other) => other.id === null && findNoteType(other.noteType) !== undefined,
  )
  // The rule weighs the file's other notes without an ID too, as at the start.
  const finder = editedLostIds
  const edited: EditedLostIdFinder | undefined = finder && ((_, taken) => finder(lacking, taken))
  return collectCards(notes, vault.cards, lostId, undefined, edited, written, options.lastSeen)
    .cards
}

/**
 * The note a card without an ID became, by content rather than by line, since
 * notes put in or taken out above it move it: the note with its content
 * (nearest its old line, for copies), else, edited, the one note whose lines
 * the file did not hold before (by its first field when the edit changed or
 * added several; `unsure` when that does not tell either). When the edit
 * changed no note, the file changed before (in another window): by its line.
 */
function noteAfterEdit(
  notes: readonly Note[],
  old: Note,
  before: string,
  after: string,
): Note | 'unsure' | undefined {
  const distance = (note: Note) => Math.abs(note.source.line - old.source.line)
  const same = notes.filter((candidate) => haveSameContent(candidate, old))
  if (same.length > 0)
    return same.reduce((best, note) => (distance(note) < distance(best) ? note : best))
  const wasThere = heldBefore(before, after)
  const edited = notes.filter(
    (note) => !wasThere(note.source.line, note.source.end?.line ?? note.source.line),
  )
  // None: the file changed before the editor opened it (in another window); by its line, then.
  if (edited.length === 0) return notes.find((note) => note.source.line === old.source.line)
  if (edited.length === 1) return edited[0]
  const [firstField] = Object.values(old.fields)
  const sameFront = edited.filter(
    (note) => note.noteType === old.noteType && Object.values(note.fields)[0] === firstField,
  )
  return sameFront.length === 1 ? sameFront[0] : 'unsure'
}

/**
 * Whether the file held lines `first`..`last` of `after` before, anywhere in
 * `before`. Looked for first where they were before an edit above or below
 * them (same line from the start, or from the end): a search of the whole
 * file for each note of a file of 10,000 notes took a second per edit.
 */
function heldBefore(before: string, after: string): (first: number, last: number) => boolean {
  const oldText = before.replace(/\r\n/g, '\n')
  const oldLines = oldText.split('\n')
  const lines = after.split(/\r?\n/)
  const shift = lines.length - oldLines.length
  return (first, last) => {
    const text = lines.slice(first - 1, last).join('\n')
    const at = (start: number) =>
      start >= 0 && oldLines.slice(start, start + last - first + 1).join('\n') === text
    return at(first - 1) || at(first - 1 - shift) || oldText.includes(text)
  }
}

/** What `e` says of a card whose file is no longer where the session read it. */
function fileGone(card: QuizCard): string {
  return `${terminalPath(card.note.source.file)} is no longer there (moved, renamed or deleted since this session read it), so the card is as it was; quiz again to see it where it is now`
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8').replace(/^\uFEFF/, '')
  } catch {
    return undefined
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value
}
