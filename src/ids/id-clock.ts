/**
 * The clock new note IDs are taken from (`allocateIds` steps up from it).
 * Pure: the same files give the same clock, so `--dry-run` shows the IDs a
 * build then writes.
 */
import { createHash } from 'node:crypto'
import type { Note } from '../model/note.js'

/** How far before the files' time the clock may go: 2^18 ms, about 4.4 minutes. */
const spreadMs = 2 ** 18

/**
 * The newest modification time of the files whose notes need an ID (when
 * the notes were written), never later than `now`, less an offset below
 * `spreadMs` taken from those files' text. Files given one time by a tool
 * (unpacked from one archive, copied with `cp -p`, set by `touch -d`) would
 * otherwise give two vaults the same IDs, so the same GUIDs, and Anki's
 * importer would take one course's note for the other's. Without a usable
 * time (none, before 2001, in the future) the clock is `now`.
 */
export function idClock(
  notes: readonly Note[],
  files: ReadonlyArray<{ absolutePath: string; text: string; mtimeMs?: number | undefined }>,
  now: Date,
): Date {
  const needing = new Set(
    notes.filter((note) => note.id === null).map((note) => note.source.absolutePath),
  )
  const needed = files.filter((file) => needing.has(file.absolutePath))
  const newest = needed.reduce((max, file) => Math.max(max, Math.floor(file.mtimeMs ?? 0)), 0)
  // 10^12 ms (2001) keeps IDs at the 13 digits the plugin and Anki use.
  if (newest < 1e12 + spreadMs || newest >= now.getTime()) return now
  const digest = createHash('sha256')
  for (const file of needed) digest.update(`${file.text.length}\0`).update(file.text)
  return new Date(newest - (digest.digest().readUInt32BE(0) % spreadMs))
}
