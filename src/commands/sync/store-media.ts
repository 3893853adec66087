/**
 * Storing the notes' media in Anki, in batches of bounded size; the record
 * is saved after each batch, so an interruption never stores a file twice.
 */

import { createHash } from 'node:crypto'
import { createReporter } from '../../diagnostics/reporter.js'
import { statKey } from '../../fs/stat-key.js'
import { mediaBatches, storeMediaAction } from '../../sync/anki-actions.js'
import { AnkiError } from '../../sync/anki-connect.js'
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
    const replies = await session.anki.multi(
      batch.map((entry) => storeMediaAction(entry.name, entry.data)),
    )
    replies.forEach((reply, index) => {
      const { name, hash } = batch[index] as SyncMedia
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
      const held = Buffer.from(reply.result, 'base64')
      // This vault's own earlier copy: replaced, as a changed file should be.
      if (record.media[entry.name] === createHash('sha256').update(held).digest('hex')) return
      skip.add(entry.name)
      if (held.equals(entry.data)) record.media[entry.name] = entry.hash
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

/** Record the media files whose content Anki has, with their metadata now (to skip them next time). */
export function rememberMediaFiles(session: SyncSession): void {
  const { record } = session
  const files = { ...record.mediaFiles }
  for (const entry of session.media) {
    if (record.media[entry.name] === entry.hash) {
      files[entry.name] = { path: entry.sourcePath, stat: statKey(entry.sourcePath) }
    }
  }
  record.mediaFiles = files
}
