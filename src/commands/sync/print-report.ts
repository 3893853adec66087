/** The human report of a sync on stderr: diagnostics, the plan of a dry run, and the counts. */

import { hasErrors } from '../../diagnostics/diagnostic.js'
import { formatDiagnostics, formatSummary } from '../../diagnostics/format.js'
import { type Io, stderrColors } from '../../terminal/io.js'
import { terminalLine, terminalPath } from '../../terminal/safe-text.js'
import { count } from '../../text/count.js'
import { programName } from '../../text/program-name.js'
import { relativeTo } from '../../text/relative-path.js'
import { ankiEditsPath } from './anki-edits.js'
import type { SyncResult, UpdatedRef } from './sync-result.js'

/**
 * A note's `file:line`. File names, decks, media and note type names are the
 * user's text: a newline or `ESC [` in one would forge a report line or colour
 * the terminal, so each is shown through `terminal/safe-text.ts`, as every
 * other command shows them.
 */
function place(note: { file: string; line: number }): string {
  return `${terminalPath(note.file)}:${note.line}`
}

/** Names shown of a note's changed fields or tags; the rest are counted (a type may have dozens). */
const namesShown = 3

/** `items`, the first few of them, and how many more. */
function firstFew(items: readonly string[]): string {
  // Anki's field names and tags are its user's text: a control character is shown, not sent.
  const shown = items.slice(0, namesShown).map(terminalLine).join(', ')
  return items.length > namesShown ? `${shown} and ${items.length - namesShown} more` : shown
}

/**
 * What an update changes, as `: fields Front, Back; tags +a, -b`: on a
 * plugin vault's first sync, it tells a note rewritten for its text from
 * one whose tags alone change (`--json` lists them all).
 */
function whatChanges(note: UpdatedRef): string {
  const parts: string[] = []
  if (note.fields.length > 0) parts.push(`fields ${firstFew(note.fields)}`)
  const tags = [...note.addTags.map((tag) => `+${tag}`), ...note.removeTags.map((tag) => `-${tag}`)]
  if (tags.length > 0) parts.push(`tags ${firstFew(tags)}`)
  return parts.length > 0 ? `: ${parts.join('; ')}` : ''
}

/** A line per note deleted (`verb`: `delete ` in a dry run's plan, `deleted` after a sync). */
function printDeleted(io: Io, result: SyncResult, verb: string): void {
  for (const note of result.deleted) {
    const why =
      note.reason === 'delete-marker'
        ? 'DELETE in'
        : note.reason === 'interrupted'
          ? 'added by an interrupted sync, in no note of'
          : 'removed from'
    io.stderr.write(`${verb} note ${note.id} (${why} ${terminalPath(note.file)})\n`)
  }
}

export function printSyncReport(io: Io, result: SyncResult): void {
  const colors = stderrColors(io)
  io.stderr.write(formatDiagnostics(result.diagnostics, colors))
  if (result.diagnostics.length > 0) io.stderr.write(`${formatSummary(result.diagnostics)}\n`)
  if (result.record === '') {
    io.stderr.write(`${colors.red('sync failed')}: nothing was sent to Anki\n`)
    return
  }
  const verb = result.dryRun ? 'would ' : ''
  if (result.dryRun) {
    for (const note of result.added) {
      const again = note.previousId === null ? '' : ` (Anki has no note ${note.previousId})`
      io.stderr.write(`add     ${place(note)} to ${terminalLine(note.deck)}${again}\n`)
    }
    for (const note of result.updated)
      io.stderr.write(`update  ${place(note)} (note ${note.id})${whatChanges(note)}\n`)
    for (const note of result.moved) {
      io.stderr.write(
        `move    ${place(note)}: ${count(note.cards, 'card')} to ${terminalLine(note.deck)}\n`,
      )
    }
    printDeleted(io, result, 'delete ')
    for (const name of result.media) io.stderr.write(`media   ${terminalPath(name)}\n`)
    for (const name of result.createdNoteTypes)
      io.stderr.write(`create  note type ${terminalLine(name)}\n`)
  }
  // Deleted with their review history: each is named, not only counted.
  if (!result.dryRun) printDeleted(io, result, 'deleted')
  const counts = [
    `${result.added.length} added`,
    `${result.updated.length} updated`,
    `${result.moved.length} moved`,
    `${result.deleted.length} deleted`,
    `${result.media.length} media`,
    `${result.unchanged} unchanged`,
  ].join(', ')
  const recovered =
    (result.recovered > 0
      ? `; ${count(result.recovered, 'note')} of an interrupted sync found`
      : '') +
    (result.pending > 0
      ? `; ${result.pending} more in Anki whose IDs could not be written (the next sync finds them)`
      : '')
  const changed =
    result.added.length + result.updated.length + result.moved.length + result.deleted.length
  // Stopped by an error (an ID naming a note of another type) or every change refused: not "synced".
  // Notes added whose IDs could not be written, or note types made, are changes in Anki too.
  const touched =
    changed + result.media.length + result.pending + result.createdNoteTypes.length > 0
  if (!result.dryRun && !touched && hasErrors(result.diagnostics)) {
    io.stderr.write(`${colors.red('sync stopped')}: nothing in Anki was changed\n`)
    return
  }
  const head = result.dryRun ? 'dry run' : colors.green('synced')
  io.stderr.write(
    `${head} with ${result.url}: ${verb === '' ? '' : 'would be '}${counts}${recovered} (${result.requests} requests, ${result.writes} writing)\n`,
  )
  printFilteredDeckCards(io, result)
  printUnrecordedKept(io, result)
  printLeftAsAnkiHasThem(io, result)
  if (!result.dryRun) printAddedAgain(io, result)
}

/**
 * Anki's text of notes the record had no copy of, replaced: said once, with
 * the three ways a note comes to lack one (a record an older decklab wrote lists
 * the note, but without its fields' hash: an earlier sync did record it), and
 * where it is kept (a plugin vault's first sync replaces nearly every note's
 * HTML, so a warning at each would bury the rest).
 */
function printUnrecordedKept(io: Io, result: SyncResult): void {
  const kept = result.unrecordedKept
  if (kept === null) return
  const notes = count(kept.notes, 'note')
  const where = terminalPath(relativeTo(io.cwd, kept.file))
  const which = unrecordedPlaces(result, kept.ids)
  io.stderr.write(
    result.dryRun
      ? `${notes} in Anki whose fields no earlier sync kept a copy of (a first sync, a sync by an older decklab, an interrupted one, one that left Anki's text as it was because the file was unchanged since Obsidian_to_Anki's last sync, or one stopped at a \`note-type-mismatch\`) would have ${kept.notes === 1 ? 'its' : 'their'} fields, tags or decks replaced by the Markdown's (${which}); a sync keeps Anki's copy in ${where} first\n`
      : `${notes} in Anki whose fields no earlier sync kept a copy of (a first sync, a sync by an older decklab, an interrupted one, one that left Anki's text as it was because the file was unchanged since Obsidian_to_Anki's last sync, or one stopped at a \`note-type-mismatch\`) had ${kept.notes === 1 ? 'its' : 'their'} fields, tags or decks replaced by the Markdown's (${which}); Anki's copy is kept in ${where}\n`,
  )
  // An edit made in Anki before decklab synced (a typo fixed there) is among them: say how to have it back.
  io.stderr.write(
    result.dryRun
      ? "  to keep an edit made in Anki, put it in the note's block before you sync\n"
      : "  to keep an edit made in Anki, copy its text from that file into the note's block and sync again (one JSON line per note: id, file, fields as Anki had them, in HTML)\n",
  )
}

/**
 * Notes left as Anki has them, as the plugin would (plugin-unchanged.ts):
 * said once, the first five at their `file:line`, with what makes the sync
 * replace them later and where Anki's text then goes.
 */
function printLeftAsAnkiHasThem(io: Io, result: SyncResult): void {
  const left = result.leftAsAnkiHasThem
  if (left.length === 0) return
  const one = left.length === 1
  const shown = left.slice(0, 5).map(place)
  const more = left.length > shown.length ? ` and ${left.length - shown.length} more` : ''
  const where = terminalPath(relativeTo(io.cwd, ankiEditsPath(result.record)))
  io.stderr.write(
    `${count(left.length, 'note')} ${result.dryRun ? 'would be' : one ? 'was' : 'were'} left as Anki has ${one ? 'it' : 'them'}, as Obsidian_to_Anki would: ${one ? 'its file is' : 'their files are'} unchanged since the plugin's last sync (${shown.join(', ')}${more}); once a note's block changes, a sync replaces its fields, tags and decks in Anki with the Markdown's, keeping Anki's copy in ${where} first\n`,
  )
}

/** The first five of notes `ids` at their \`file:line\` (from the plan's updates and moves), and how many more. */
function unrecordedPlaces(result: SyncResult, ids: readonly number[]): string {
  const places = new Map<number, string>()
  for (const note of [...result.moved, ...result.updated]) {
    if (note.id !== null) places.set(note.id, place(note))
  }
  const shown = ids.slice(0, 5).map((id) => places.get(id) ?? `note ${id}`)
  return ids.length > shown.length
    ? `${shown.join(', ')} and ${ids.length - shown.length} more`
    : shown.join(', ')
}

/**
 * Notes added again because Anki had no note under their ID (deleted in
 * Anki, or another collection): said, as their ID lines changed and a note
 * deleted in Anki on purpose came back (a dry run lists each as `add`).
 */
function printAddedAgain(io: Io, result: SyncResult): void {
  const again = result.added.filter((note) => note.previousId !== null)
  if (again.length === 0) return
  const shown = again
    .slice(0, 5)
    .map((note) => `${place(note)} (was ${note.previousId}, now ${note.id})`)
  const more = again.length > shown.length ? ` and ${again.length - shown.length} more` : ''
  io.stderr.write(
    `${count(again.length, 'note')} added again under a new ID, as Anki had no note under ${again.length === 1 ? 'its' : 'their'} ID (deleted in Anki, a collection restored from a backup, or an ID from \`${programName()} build\`): ${shown.join(', ')}${more}\n`,
  )
}

/** Cards a move would take out of a custom study session: said, as they wait for the next sync. */
function printFilteredDeckCards(io: Io, result: SyncResult): void {
  const cards = result.inFilteredDecks.reduce((sum, note) => sum + note.cards, 0)
  if (cards === 0) return
  const are = cards === 1 ? 'is' : 'are'
  io.stderr.write(
    `${count(cards, 'card')} ${are} in a filtered deck (a custom study session) and left there: once ${cards === 1 ? 'it is' : 'they are'} back in ${cards === 1 ? 'its' : 'their'} home deck, a sync moves ${cards === 1 ? 'it' : 'any'} whose deck changed\n`,
  )
}
