/**
 * The rule by which a note that lost its ID line (deleted by hand, by an
 * editor saving over the file, by a merge) takes back the ID it had: `sync`
 * pairs it with a note Anki has and the sync record knows, `build` with a
 * note its build record knows. One rule, so both give the same note back.
 */

/** How the caller reads its notes and the gone notes it pairs them with. */
export interface LostIdRule<N, G> {
  /** The file a note is in, and the file a gone note was in, keyed alike. */
  noteFile(note: N): string
  goneFile(gone: G): string
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
  const pairs = (note: N, candidate: G) =>
    rule.goneFile(candidate) === rule.noteFile(note) && rule.sameTypeAndFirstField(note, candidate)
  const matches: Array<{ note: N; gone: G }> = []
  for (const note of notes) {
    if (!rule.mayTake(note)) continue
    const found = gone.filter((candidate) => pairs(note, candidate))
    if (found.length !== 1) continue
    const only = found[0] as G
    if (notes.filter((other) => pairs(other, only)).length !== 1) continue
    matches.push({ note, gone: only })
  }
  return matches
}
