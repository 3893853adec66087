/**
 * Storing the notes' media in Anki, in batches of bounded size; the record
 * is saved after each batch, so an interruption never stores a file twice.
 */

import { createReporter } from '../../diagnostics/reporter.js'
import { statKey } from '../../fs/stat-key.js'
import { mediaBatches, storeMediaAction } from '../../sync/anki-actions.js'
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
