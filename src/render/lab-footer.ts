/**
 * The lab footer: which labs confirm a card, the command that runs each, and
 * where that command runs. A student may have only the package: outside a
 * clone of decklab's repository `npx decklab` looks the name up on the npm
 * registry, where decklab is not published (npm answers 404, and would run
 * whatever a stranger published there under that name), so the footer says so.
 */
import { labRepository, labsWithChecks } from '../model/lab-link.js'
import type { LabLink } from '../model/note.js'
import { packageRepositoryUrl } from '../package-info.js'
import { escapeHtml } from '../text/escape-html.js'

/**
 * Where the footer's commands run: decklab's labs come with its repository, not
 * with the deck. The repository's address when package.json declares one.
 */
function whereLabsRun(repository: string | undefined): string {
  const clone =
    repository === undefined
      ? labRepository
      : `<a href="${escapeHtml(repository)}">${escapeHtml(repository)}</a>, ${labRepository}`
  return ` (run in a clone of ${clone}, after <code>npm install</code> there)`
}

/**
 * The footer HTML for a note's lab links (empty when there are none): one item
 * per lab. `repository`: the address of decklab's repository, if it declares one.
 */
export function labFooterHtml(
  labs: readonly LabLink[],
  repository: string | undefined = packageRepositoryUrl(),
): string {
  const items: string[] = []
  for (const [name, checks] of labsWithChecks(labs)) {
    const lab = escapeHtml(name)
    const named = checks.map((check) => `<code>${escapeHtml(check)}</code>`).join(', ')
    const check =
      checks.length === 0
        ? ''
        : ` <span class="decklab-lab-check">${checks.length === 1 ? 'check' : 'checks'} ${named}</span>`
    items.push(
      `<li><span class="decklab-lab-name">${lab}</span>${check}: <code class="decklab-lab-command">npx decklab lab run ${lab}</code></li>`,
    )
  }
  if (items.length === 0) return ''
  return `<div class="decklab-lab"><span class="decklab-lab-title">Lab</span>${whereLabsRun(repository)}<ul>${items.join('')}</ul></div>`
}
