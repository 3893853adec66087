/**
 * Storing the notes' media in Anki, in batches of bounded size; the record
 * is saved after each batch, so an interruption never stores a file twice.
 */

import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import type { Diagnostic } from '../../diagnostics/diagnostic.js'
import { createReporter } from '../../diagnostics/reporter.js'
import { mediaBatches, storeMediaAction } from '../../sync/anki-actions.js'
import { AnkiError } from '../../sync/anki-connect.js'
import { programName } from '../../text/program-name.js'
import { relativeTo } from '../../text/relative-path.js'
import type { SyncMedia } from './prepare.js'
import type { SyncSession } from './sync-session.js'

/** Media bytes per `multi` request (base64 grows them by a third). */
const mediaBatchBytes = 4 * 1024 * 1024

/** Store these media files (by name, among the session's media). */
export async function storeMedia(session: SyncSession, names: readonly string[]): Promise<void> {
  const byName = new Map(session.media.map((entry) => [entry.name, entry]))
  const entries = names.flatMap((name) => byName.get(name) ?? [])
  for (const batch of mediaBatches(entries, mediaBatchBytes)) {
    // Read as they are stored: one batch's bytes are held at a time, however large the media.
    const read = await readMediaBatch(batch, session.options.cwd, session.diagnostics)
    if (read.length === 0) continue
    const replies = await session.anki.multi(
      read.map((entry) => storeMediaAction(entry.name, entry.data)),
    )
    replies.forEach((reply, index) => {
      const { name, hash } = read[index] as SyncMedia
      if (reply.ok) session.record.media[name] = hash
      else {
        createReporter(name, session.diagnostics).error(
          'anki-rejected',
          `Unexpected refusal to store media \`${name}\`: ${reply.error}, expected Anki to store it`,
        )
      }
    })
    await session.save()
  }
}

/**
 * The batch's files with their bytes, read now. A file that can no longer
 * be read, or holds other bytes than its name was made from (it changed
 * since the notes were rendered), is reported and left out: it is not
 * stored nor recorded, so the next sync stores it under its new name.
 */
export async function readMediaBatch(
  batch: readonly SyncMedia[],
  cwd: string,
  diagnostics: Diagnostic[],
): Promise<Array<SyncMedia & { data: Buffer }>> {
  const read: Array<SyncMedia & { data: Buffer }> = []
  for (const entry of batch) {
    const file = relativeTo(cwd, entry.sourcePath)
    const report = createReporter(file, diagnostics)
    let data: Buffer
    try {
      data = await readFile(entry.sourcePath)
    } catch (error) {
      report.error(
        'media-unreadable',
        `Unexpected error reading media \`${file}\`: ${(error as NodeJS.ErrnoException).code ?? String(error)}, expected the file the notes were rendered with: \`${entry.name}\` was not stored`,
      )
      continue
    }
    if (sha256(data) !== entry.hash) {
      report.error(
        'media-changed',
        `Unexpected change to media \`${file}\` during the sync, expected the bytes \`${entry.name}\` was named by: it was not stored, so its cards show no picture until the next sync`,
        {
          hint: `Run \`${programName()} sync\` again: it names the file by its new bytes and stores it.`,
        },
      )
      continue
    }
    read.push({ ...entry, data })
  }
  return read
}

function sha256(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex')
}

/**
 * Of the media to store, those Anki may take. A media name holds a hash of
 * the file's bytes, so Anki's file of that name is almost always this very
 * content (another vault's copy of the same picture, or a sync whose record
 * was lost); still, a file of that name may have been put there by hand, so
 * Anki is asked for each file before it is stored: when Anki has no such
 * file, or the copy this vault's record says it stored, it is stored; when
 * Anki's is the same it is only recorded; otherwise it is left alone and
 * reported (`media-name-taken`), never overwritten. Only files to store are
 * asked for: an unchanged vault costs nothing more.
 */
export async function mediaAnkiMayTake(
  session: SyncSession,
  names: readonly string[],
): Promise<string[]> {
  const { record } = session
  const byName = new Map(session.media.map((entry) => [entry.name, entry]))
  const entries = names.flatMap((name) => byName.get(name) ?? [])
  const skip = new Set<string>()
  for (const batch of mediaBatches(entries, mediaBatchBytes)) {
    const replies = await session.anki.multi(
      batch.map((entry) => ({ action: 'retrieveMediaFile', params: { filename: entry.name } })),
    )
    replies.forEach((reply, index) => {
      const entry = batch[index] as SyncMedia
      if (!reply.ok) throw new AnkiError('retrieveMediaFile', reply.error, session.anki.url)
      if (typeof reply.result !== 'string') return
      const held = sha256(Buffer.from(reply.result, 'base64'))
      // This vault's own earlier copy: replaced, as a changed file should be.
      if (record.media[entry.name] === held) return
      skip.add(entry.name)
      if (held === entry.hash) record.media[entry.name] = entry.hash
      else reportTaken(session, entry)
    })
  }
  return names.filter((name) => !skip.has(name))
}

function reportTaken(session: SyncSession, entry: SyncMedia): void {
  const file = relativeTo(session.options.cwd, entry.sourcePath)
  createReporter(file, session.diagnostics).error(
    'media-name-taken',
    `Unexpected \`${entry.name}\` in Anki's media with other content than ${file}, expected no file of that name or this one: it was put there by hand or by another program, so it is left as it is and this file is not stored (its cards show Anki's file)`,
    {
      hint: `Rename the file in the vault: its name in Anki changes with it. If Anki's \`${entry.name}\` should not be there, delete it from Anki's media folder and sync again.`,
    },
  )
}

/**
 * Record the media files whose content Anki has, with their metadata as it
 * was when their bytes were read (to skip them next time). Not as it is now:
 * a picture saved while the sync ran (storing a large file takes a while)
 * was stamped after the edit, so the next sync took the stamp for the bytes
 * Anki got and never stored the new picture.
 */
export function rememberMediaFiles(session: SyncSession): void {
  const { record } = session
  const files = { ...record.mediaFiles }
  for (const entry of session.media) {
    if (record.media[entry.name] === entry.hash) {
      files[entry.name] = { path: entry.sourcePath, stat: entry.stat }
    }
  }
  record.mediaFiles = files
}
