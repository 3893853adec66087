/**
 * The `DELETE` markers of a vault: the parser reports each one as the
 * warning `delete-ignored` (a package cannot delete) at the marker line,
 * with the ID on the next line. Sync deletes those notes; a build names
 * them removed rather than "still written".
 */
import type { Diagnostic } from '../../diagnostics/diagnostic.js'
import { idCoreSource } from '../../model/id-syntax.js'

const deleteIgnored = 'delete-ignored'
/** The ID on the line after a `DELETE` marker, in the spellings the parser takes. */
const idCore = new RegExp(idCoreSource)

/** A `DELETE` marker: the note it deletes, and the marker's file and 1-based line. */
export interface DeleteMarkerPlace {
  id: number
  file: string
  line: number
  /**
   * The marker and its ID line stand on their own (the plugin's documented
   * form, in place of the block), not inside a block: a sync takes these two
   * lines out once it deleted the note, as the plugin does. In a block they
   * stay: without them the block would be a new note, added again.
   */
  standalone: boolean
}

/** The markers among `diagnostics`, and the other diagnostics. */
export function deleteMarkers(
  diagnostics: readonly Diagnostic[],
  files: ReadonlyArray<{ file: string; text: string }>,
): { markers: DeleteMarkerPlace[]; rest: Diagnostic[] } {
  const byFile = new Map(files.map((source) => [source.file, source]))
  const markers: DeleteMarkerPlace[] = []
  const rest: Diagnostic[] = []
  for (const diagnostic of diagnostics) {
    const source = diagnostic.code === deleteIgnored ? byFile.get(diagnostic.file) : undefined
    const next = source?.text.split('\n')[diagnostic.line]
    const match = next === undefined ? null : idCore.exec(next)
    if (source && match) {
      // The parser's warning spans both lines for a marker of its own, the marker line in a block.
      const standalone = diagnostic.endLine > diagnostic.line
      markers.push({ id: Number(match[1]), file: source.file, line: diagnostic.line, standalone })
    } else rest.push(diagnostic)
  }
  return { markers, rest }
}
