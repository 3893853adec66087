import type { LabLink } from './note.js'

/** `id` or `id#check`: how a lab link is named in reports (`check --json`, verify). */
export function formatLabLink(link: LabLink): string {
  return link.check === undefined ? link.lab : `${link.lab}#${link.check}`
}

/**
 * A card's lab links by lab, in link order: each lab once, with the checks its
 * links name (each once). `Lab: a#x, a#y` is lab `a` with checks `x` and `y`,
 * one command to run, not two.
 */
export function labsWithChecks(links: readonly LabLink[]): Array<[string, string[]]> {
  const labs = new Map<string, string[]>()
  for (const link of links) {
    const checks = labs.get(link.lab) ?? []
    if (link.check !== undefined && !checks.includes(link.check)) checks.push(link.check)
    labs.set(link.lab, checks)
  }
  return [...labs]
}

/** The repository a lab command runs in, as the lab footer and the preview's lab chips name it. */
export const labRepository = 'the decklab repository this deck was built with'
