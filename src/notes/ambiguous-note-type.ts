/**
 * A block naming a type that Anki's translations give different fields
 * (`Básico`: Spanish `Anverso`, `Reverso`, Portuguese `Frente`, `Verso`),
 * in a vault whose plugin settings do not list it: decklab cannot tell
 * which fields the block's lines fill, so it says why instead of the usual
 * unknown-type message (whose nearest name, `Basic`, would mislead).
 */
import type { Place } from '../diagnostics/diagnostic.js'
import type { Reporter } from '../diagnostics/reporter.js'
import { unreadableByNameReason } from '../model/localized-note-types.js'

/** Reports the name as an `unknown-note-type` with the reason, when it is such a name (true). */
export function reportedAmbiguousName(name: string, place: Place, report: Reporter): boolean {
  const reason = unreadableByNameReason(name)
  if (reason === undefined) return false
  report.error(
    'unknown-note-type',
    `Unexpected note type \`${name}\` (${reason}), expected a note type whose fields decklab knows`,
    {
      place,
      hint: `the plugin lists your Anki's note types and their fields under \`fields_dict\` in its \`data.json\`: with \`${name}\` there, its blocks are read with those fields`,
    },
  )
  return true
}
