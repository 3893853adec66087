import type { LabLink } from './note.js'

/** `id` or `id#check`: how a lab link is named in reports (`check --json`, verify). */
export function formatLabLink(link: LabLink): string {
  return link.check === undefined ? link.lab : `${link.lab}#${link.check}`
}
