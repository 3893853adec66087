/**
 * The rule by which a note that lost its ID line (deleted by hand, by an
 * editor saving over the file, by a merge) takes back the ID it had: `sync`
 * pairs it with a note Anki has and the sync record knows, `build` with a
 * note its build record knows. One rule, so both give the same note back.
 */

/** How the caller reads its notes and the gone notes it pairs them with. */
export interface LostIdRule<N, G> {
  /**
   * What a note and a gone note must share to pair, as one key: the file
   * they are in, and whatever else of the pairing the caller can key (only
   * notes and gone notes of one key are compared with each other).
   */
  noteKey(note: N): string
  goneKey(gone: G): string
  /** Whether the note has the gone note's note type and first field. */
  sameTypeAndFirstField(note: N, gone: G): boolean
  /** Whether the note may take an ID back (it has none); the others only count as rivals. */
  mayTake(note: N): boolean
}

/**
 * The notes that take back a gone note's ID: a note that may take one is
 * paired with a gone note of its file with its note type and first field,
 * when that pair is the only one of both: the note matches no other gone
 * note, and the gone note no other of `notes` (the notes without their ID;
 * two such notes with the first field of one gone note are two new notes as
 * far as anyone can tell). `gone` holds the notes no other note holds and
 * none of the vault's `DELETE` blocks names (the caller leaves those out).
 */
export function pairLostIds<N, G>(
  notes: readonly N[],
  gone: readonly G[],
  rule: LostIdRule<N, G>,
): Array<{ note: N; gone: G }> {
  // Grouped by key first: comparing every note with every gone note took
  // seconds once a vault's IDs were all lost (10,000 notes: 10^8 pairs).
  const goneByKey = groupBy(gone, (entry) => rule.goneKey(entry))
  const notesByKey = groupBy(notes, (note) => rule.noteKey(note))
  const matches: Array<{ note: N; gone: G }> = []
  for (const note of notes) {
    if (!rule.mayTake(note)) continue
    const key = rule.noteKey(note)
    const found = (goneByKey.get(key) ?? []).filter((candidate) =>
      rule.sameTypeAndFirstField(note, candidate),
    )
    if (found.length !== 1) continue
    const only = found[0] as G
    const rivals = (notesByKey.get(key) ?? []).filter((other) =>
      rule.sameTypeAndFirstField(other, only),
    )
    if (rivals.length !== 1) continue
    matches.push({ note, gone: only })
  }
  return matches
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>()
  for (const item of items) {
    const key = keyOf(item)
    const group = groups.get(key)
    if (group === undefined) groups.set(key, [item])
    else group.push(item)
  }
  return groups
}
