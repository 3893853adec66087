/**
 * The `l` key: run a card's linked labs live and show what the kernel said
 * (each check's expected and observed values and its evidence). The lab
 * modules are imported only when the key is pressed, so the quiz starts fast.
 */

import type { Check, LabResult } from '../labs/types.js'
import type { LabLink } from '../model/note.js'

export interface LabPanelOptions {
  color: boolean
  signal?: AbortSignal | undefined
}

/** Run every lab a card links (each once) and return the text to print. */
export async function runLinkedLabs(
  links: readonly LabLink[],
  options: LabPanelOptions,
): Promise<string> {
  const [{ findLab }, { runLab }] = await Promise.all([
    import('../labs/registry.js'),
    import('../labs/runner.js'),
  ])
  const lines: string[] = []
  const labIds = [...new Set(links.map((link) => link.lab))]
  for (const id of labIds) {
    const lab = await findLab(id)
    if (!lab) {
      lines.push(`  lab ${id}: not found (see \`decklab lab list\`)`)
      continue
    }
    const result = await runLab(lab, { signal: options.signal })
    const linkedChecks = new Set(
      links.flatMap((link) => (link.lab === id && link.check ? [link.check] : [])),
    )
    lines.push(...formatLabResult(result, linkedChecks, options.color))
  }
  return lines.join('\n')
}

/** A lab result as indented lines; the checks the card links are marked with `▸`. */
export function formatLabResult(
  result: LabResult,
  linkedChecks: ReadonlySet<string>,
  color: boolean,
): string[] {
  const paint = (code: number, text: string) => (color ? `\u001b[${code}m${text}\u001b[39m` : text)
  const statusColor = { pass: 32, fail: 31, skip: 33, error: 31 } as const
  const lines = [
    `  lab ${result.lab}: ${paint(statusColor[result.status], result.status.toUpperCase())} — ${result.title} (${result.durationMs} ms)`,
  ]
  if (result.reason) lines.push(`    ${result.reason}`)
  for (const check of result.checks) lines.push(...formatCheck(check, linkedChecks, paint))
  for (const leftover of result.leftovers ?? []) lines.push(`    left behind: ${leftover}`)
  return lines
}

function formatCheck(
  check: Check,
  linkedChecks: ReadonlySet<string>,
  paint: (code: number, text: string) => string,
): string[] {
  const mark = linkedChecks.has(check.name) ? '▸' : ' '
  const status = { pass: paint(32, 'pass'), fail: paint(31, 'FAIL'), skip: paint(33, 'skip') }[
    check.status
  ]
  const lines = [
    `   ${mark} ${status} ${check.name}`,
    `        expected: ${check.expected}`,
    `        observed: ${check.observed}`,
  ]
  for (const evidence of check.evidence ?? []) lines.push(`        evidence: ${evidence}`)
  return lines
}
