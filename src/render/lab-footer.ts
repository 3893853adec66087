/** The lab footer: which labs confirm a card and the command that runs each. */
import type { LabLink } from '../model/note.js'
import { escapeHtml } from '../text/escape-html.js'

/** The footer HTML for a note's lab links (empty when there are none). */
export function labFooterHtml(labs: readonly LabLink[]): string {
  const seen = new Set<string>()
  const items: string[] = []
  for (const link of labs) {
    const key = `${link.lab}#${link.check ?? ''}`
    if (seen.has(key)) continue
    seen.add(key)
    const lab = escapeHtml(link.lab)
    const check =
      link.check === undefined
        ? ''
        : ` <span class="decklab-lab-check">check <code>${escapeHtml(link.check)}</code></span>`
    items.push(
      `<li><span class="decklab-lab-name">${lab}</span>${check}: <code class="decklab-lab-command">npx decklab lab run ${lab}</code></li>`,
    )
  }
  if (items.length === 0) return ''
  return `<div class="decklab-lab"><span class="decklab-lab-title">Lab</span><ul>${items.join('')}</ul></div>`
}
