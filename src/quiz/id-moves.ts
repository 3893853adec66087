/**
 * `id-moves.jsonl`: the notes that `decklab sync` gave a new ID (Anki did
 * not have the old one, so it added the note again), one line per move,
 * appended before the new ID is written into the note. Quiz progress is
 * keyed by ID, so the store moves each moved note's progress to its new ID
 * when it opens; without this, a first sync into a new Anki profile would
 * leave every card of a shipped deck new again.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { isJsonObject } from '../text/json-object.js'
import { DamagedStateError, readStateFile, StateNotWritableError } from './state-errors.js'

/** The file's name in the state directory. */
export const idMovesFileName = 'id-moves.jsonl'

/** A note's ID before and after sync re-keyed it. */
export interface IdMove {
  from: number
  to: number
}

/** Every move, oldest first (none without a file); throws `DamagedStateError`. */
export function readIdMoves(path: string): IdMove[] {
  const text = readStateFile(path)
  if (text === undefined) return []
  const moves: IdMove[] = []
  for (const [index, line] of text.split('\n').entries()) {
    if (line.trim() === '') continue
    let value: unknown
    try {
      value = JSON.parse(line)
    } catch (error) {
      throw new DamagedStateError(path, `line ${index + 1} is not valid JSON`, { cause: error })
    }
    if (!isJsonObject(value) || !isNoteId(value.from) || !isNoteId(value.to)) {
      throw new DamagedStateError(path, `line ${index + 1} is not an ID move ({"from","to"})`)
    }
    moves.push({ from: value.from, to: value.to })
  }
  return moves
}

/** Append these moves (one write, fsync'd) to the file in `directory`, made when missing. */
export function appendIdMoves(directory: string, moves: readonly IdMove[], time: Date): void {
  if (moves.length === 0) return
  const path = join(directory, idMovesFileName)
  const at = time.toISOString()
  const lines = moves.map((move) => `${JSON.stringify({ from: move.from, to: move.to, at })}\n`)
  try {
    mkdirSync(directory, { recursive: true, mode: 0o700 })
    const descriptor = openSync(path, 'a', 0o600)
    try {
      // One write call: a kill cannot leave half a line behind.
      writeSync(descriptor, lines.join(''))
      fsyncSync(descriptor)
    } finally {
      closeSync(descriptor)
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error)
    throw new StateNotWritableError(
      path,
      `the new IDs of notes Anki did not have could not be recorded for the quiz (${code}), so none was written`,
      { cause: error },
    )
  }
}

/**
 * Where each moved ID's progress is after the moves, in order: old ID →
 * the ID that holds it now (left out when that is the old ID itself). A
 * move takes along everything its old ID holds, so a chain (A→B, B→C) and
 * a move whose first new ID never reached the note (A→B, then A→C) both
 * end at C.
 */
export function progressHolders(moves: readonly IdMove[]): Map<number, number> {
  const holderOf = new Map<number, number>()
  const heldBy = new Map<number, Set<number>>()
  for (const { from, to } of moves) {
    const holder = holderOf.get(from) ?? from
    if (holder === to) continue
    const origins = heldBy.get(holder) ?? new Set<number>()
    origins.add(holder)
    heldBy.delete(holder)
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

function isNoteId(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0
}
