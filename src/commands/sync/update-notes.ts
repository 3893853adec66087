/**
 * Bringing the notes Anki has in step: fields, tags and card decks, in
 * batches of actions. A refused field update is reported at its note; a
 * refused grouped action (tags, deck) stops the sync.
 */
import { deckNameKey } from '../../model/deck-name.js'
import { updateActions } from '../../sync/anki-actions.js'
import { type AnkiConnect, AnkiError } from '../../sync/anki-connect.js'
import { chunks } from '../../sync/chunks.js'
import type { NoteChange } from '../../sync/plan.js'
import type { SyncSession } from './sync-session.js'

/** Actions per `multi` request when updating. */
const actionBatch = 500

export async function updateNotes(
  session: SyncSession,
  changes: readonly NoteChange[],
): Promise<void> {
  if (changes.length === 0) return
  await vouchForNone(session, changes)
  const actions = updateActions(changes)
  const progress = session.options.onProgress
  let sent = 0
  for (const batch of chunks(actions, actionBatch)) {
    progress?.(`updating notes: ${sent}/${actions.length} changes sent…`)
    const replies = await session.anki.multi(batch.map((entry) => entry.action))
    sent += batch.length
    replies.forEach((reply, index) => {
      if (reply.ok) return
      const { action, change } = batch[index] as (typeof batch)[number]
      if (change) session.reject(change.desired, reply.error)
      else throw new AnkiError(action.action, reply.error, session.anki.url)
    })
  }
}

/**
 * Until the updates are answered, the record vouches for none of these
 * notes, saved before the first is sent: a sync stopped between batches
 * leaves them to be compared with Anki next time, instead of the record
 * saying they are as last synced (the Markdown put back as it was would
 * then never reach Anki). The caller records them again once done.
 */
async function vouchForNone(session: SyncSession, changes: readonly NoteChange[]): Promise<void> {
  for (const change of changes) {
    const synced = session.record.notes[String(change.desired.id)]
    if (synced === undefined) continue
    synced.hash = ''
    synced.source = undefined
    // Nor for the fields Anki has: stopped midway, Anki may have this sync's text, no edit of its own.
    if (change.fields !== null) synced.fields = undefined
  }
  await session.save()
}

/**
 * Create the decks Anki lacks, in name order, and give each deck's name as
 * Anki spells it. Anki finds a deck case-blind when it makes one (a parent
 * too: `Science::Physics` below Anki's `science` is `science::Physics`),
 * but Anki 2.1.15's AnkiConnect adds a note only to a deck of exactly its
 * name. A deck Anki would not create stops the sync (an `AnkiError`)
 * before any note is added to it.
 */
export async function ensureDecks(
  anki: AnkiConnect,
  decks: readonly string[],
): Promise<Map<string, string>> {
  const wanted = [...new Set(decks)]
  const spelled = new Map<string, string>()
  if (wanted.length === 0) return spelled
  let existing = await anki.call<string[]>('deckNames')
  const have = new Set(existing.map(deckNameKey))
  const missing = wanted.filter((deck) => !have.has(deckNameKey(deck))).sort()
  const replies = await anki.multi(
    missing.map((deck) => ({ action: 'createDeck', params: { deck } })),
  )
  replies.forEach((reply, index) => {
    if (!reply.ok) {
      throw new AnkiError('createDeck', reply.error, anki.url, `for deck \`${missing[index]}\``)
    }
  })
  if (missing.length > 0) existing = await anki.call<string[]>('deckNames')
  const byKey = new Map(existing.map((name) => [deckNameKey(name), name]))
  for (const deck of wanted) spelled.set(deck, byKey.get(deckNameKey(deck)) ?? deck)
  return spelled
}
