/**
 * The `no-notes` warning: the paths read hold no card block. A mistyped
 * folder, or a vault whose blocks use another syntax than its settings say,
 * would otherwise give an empty deck or a report of nothing, without a word.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.js'
import { createReporter } from '../diagnostics/reporter.js'
import { notePaths } from './vault-root.js'

/** Add the `no-notes` warning to `diagnostics`, at the first path read. */
export function warnNoNotes(
  cwd: string,
  paths: readonly string[] | undefined,
  diagnostics: Diagnostic[],
): void {
  const read = notePaths(cwd, paths ?? [])
  createReporter(read[0] ?? '.', diagnostics).warning(
    'no-notes',
    `Unexpected empty deck: no card blocks found in \`${read.join(', ')}\`, expected at least one note`,
    {
      hint: "Card blocks start with `START` and end with `END` (or the vault's own Begin Note and End Note syntax); see the README for the note syntax.",
    },
  )
}
