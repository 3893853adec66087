/**
 * `id-moves.jsonl`: the notes that `decklab sync` gave a new ID (Anki did
 * not have the old one, so it added the note again), one line per move,
 * appended before the new ID is written into the note; and the notes that
 * lost their ID line and got a new one from `build` or `sync` while the quiz
 * answered them under the old one (appended once the new one is written,
 * see link-content-progress.ts). Quiz progress is
 * keyed by ID, so the store moves each moved note's progress to its new ID
 * when it opens; without this, a first sync into a new Anki profile would
 * leave every card of a shipped deck new again. A sync killed between the
 * two leaves a move to an ID no note got; the next sync, which deletes the
 * note it added in Anki, takes that move back (`movesTakenBack`).
 */
import { isJsonObject } from '../text/json-object.js'
import { appendStateLines, readJsonLines } from './json-lines.js'

/** The file's name in the state directory. */
export const idMovesFileName = 'id-moves.jsonl'

/** A note's ID before and after sync re-keyed it. */
export interface IdMove {
  from: number
  to: number
}

/** Every move, oldest first (none without a file); throws `DamagedStateError`. */
export function readIdMoves(path: string): IdMove[] {
  return readJsonLines(
    path,
    isIdMove,
    'an ID move ({"from","to"})',
    // Without the file, the notes sync gave new IDs look new to the quiz.
    'repair or delete that line (moving the whole file away would leave the quiz progress of the notes sync gave new IDs under their old IDs)',
  ).map(({ from, to }) => ({
    from,
    to,
  }))
}

/**
 * Append these moves (one write, fsync'd) to the file in `directory`, made
 * when missing; `what` says what failed (by default, sync's moves, noted
 * before their IDs are written).
 */
export function appendIdMoves(
  directory: string,
  moves: readonly IdMove[],
  time: Date,
  what = (code: string) =>
    `the new IDs of notes Anki did not have could not be recorded for the quiz (${code}), so none was written`,
): void {
  appendStateLines(
    directory,
    idMovesFileName,
    moves.map((move) => ({ from: move.from, to: move.to })),
    time,
    what,
  )
}

/**
 * Where each moved ID's progress is after the moves, in order: old ID →
 * the ID that holds it now (left out when that is the old ID itself). A
 * move takes what its old ID holds, its own progress and what earlier moves
 * brought there, so a chain (A→B, B→C) ends at C. A second move from an ID
 * whose progress already went (A→B, then A→C: two copies of a vault synced
 * into two Anki profiles, sharing one state folder) takes nothing: B keeps it.
 *
 * No holder is itself moved, for the moves decklab notes: each goes into a
 * new ID (Anki's, or one build made for a note that lost its ID line), or
 * back to where progress came from (`movesTakenBack`). That is what lets
 * the store apply the holders again at every open over a `cards.json` that
 * already holds their result. A move into an ID whose progress had moved on
 * to another (one ID handed out to two notes) would break it: what was
 * saved under that ID would follow the earlier move at the next open.
 */
export function progressHolders(moves: readonly IdMove[]): Map<number, number> {
  const holderOf = new Map<number, number>()
  const heldBy = new Map<number, Set<number>>()
  for (const { from, to } of moves) {
    const holder = holderOf.get(from)
    if ((holder !== undefined && holder !== from) || from === to) continue
    const origins = heldBy.get(from) ?? new Set<number>()
    origins.add(from)
    heldBy.delete(from)
    const into = heldBy.get(to) ?? new Set<number>()
    for (const origin of origins) {
      holderOf.set(origin, to)
      into.add(origin)
    }
    heldBy.set(to, into)
  }
  for (const [origin, holder] of holderOf) if (origin === holder) holderOf.delete(origin)
  return holderOf
}

/**
 * The moves that take back the moves into these IDs, for IDs that never
 * reached a note: a sync killed after it noted a move but before it wrote
 * the new ID leaves one, and the note it was for still has its old ID. Each
 * ID that holds progress moves it back to the ID the last move into it
 * came from, so the note's next new ID takes it from there (A→B, B→A, A→C
 * ends at C, where A→B, A→C would leave it at B).
 */
export function movesTakenBack(moves: readonly IdMove[], unwritten: Iterable<number>): IdMove[] {
  const holders = new Set(progressHolders(moves).values())
  const back: IdMove[] = []
  for (const id of new Set(unwritten)) {
    if (!holders.has(id)) continue
    const into = moves.findLast((move) => move.to === id && move.from !== id)
    if (into) back.push({ from: id, to: into.from })
  }
  return back
}

function isIdMove(value: unknown): value is IdMove {
  return isJsonObject(value) && isNoteId(value.from) && isNoteId(value.to)
}

function isNoteId(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0
}
