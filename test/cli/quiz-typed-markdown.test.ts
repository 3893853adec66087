// A typed card's answer is the Back field's text as the package holds it
// (markdown-it's reading of the Markdown): `\_\_init\_\_` is `__init__`, so
// typing `__init__` is right, and the answer side shows it so.
import { afterEach, describe, expect, it } from 'vitest'
import { createVault, type Vault } from '../quiz/vault-fixture.js'
import { runDecklab } from '../support/decklab.js'

const vaults: Vault[] = []
afterEach(() => {
  for (const vault of vaults.splice(0)) vault.remove()
})

/** Back field → what a learner types for it. */
const typedCards: ReadonlyArray<readonly [string, string]> = [
  ['\\_\\_init\\_\\_', '__init__'],
  ['\\*not italic\\*', '*not italic*'],
  ['\\`x\\`', '`x`'],
  ['~~gone~~', 'gone'],
  ['0<n && n>9', '0<n && n>9'],
  ['if (a<b && c>d)', 'if (a<b && c>d)'],
  ['x*y*z', 'xyz'],
  ['foo__bar__', 'foo__bar__'],
]

const notes = typedCards
  .map(
    ([back], index) => `
START
Basic (type in the answer)
Typed question ${index + 1}?
Back: ${back}
END
`,
  )
  .join('')

describe('typed answers against a Back field with Markdown escapes and spans', () => {
  it('marks the text the package holds as typed correct, and shows it', () => {
    const vault = createVault(notes)
    vaults.push(vault)
    const result = runDecklab(['quiz', '--answers', '-', '--state', vault.state, '--json'], {
      cwd: vault.root,
      input: `${typedCards.map(([, typed]) => typed).join('\n')}\n`,
    })
    expect(result.code, result.stderr).toBe(0)
    const reviews = JSON.parse(result.stdout).reviews as Array<{
      typed?: string
      correct?: boolean
    }>
    expect(reviews).toEqual(
      typedCards.map(([, typed]) => expect.objectContaining({ typed, correct: true })),
    )
    // The transcript goes to stderr with --json; the answer side shows the same text.
    expect(result.stderr).not.toContain('not quite')
    for (const [, typed] of typedCards) expect(result.stderr).toContain(`\n  ${typed}\n`)
  })
})
