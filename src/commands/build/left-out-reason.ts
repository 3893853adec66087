/**
 * Why a build wrote no package for want of notes, when it is not the
 * `no-notes` warning's (no card block where decklab looked): every note read is
 * of a type packages do not hold (the user's own, or a localized Anki's
 * `Einfach` with fields that are not its translation's), which the
 * `custom-note-type` warnings above name.
 */
import type { Diagnostic } from '../../diagnostics/diagnostic.js'

export function leftOutReason(diagnostics: readonly Diagnostic[]): string | undefined {
  if (!diagnostics.some((diagnostic) => diagnostic.code === 'custom-note-type')) return undefined
  return 'every note read is of a note type packages do not hold (the warning above says which)'
}
