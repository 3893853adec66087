// A typed card's answer is compared with the Back field's text as Anki
// compares it (HTML stripped, entities decoded), not with what the terminal
// draws around it (bullets, numbers, quote bars); and the screen shows the
// inline HTML the card keeps as text, never as tags.
import { afterEach, describe, expect, it } from 'vitest'
import { createVault, type Vault } from '../quiz/vault-fixture.js'
import { runDecklab } from '../support/decklab.js'

const vaults: Vault[] = []
afterEach(() => {
  for (const vault of vaults.splice(0)) vault.remove()
})

/** Back field → what a learner types for it. */
const typedCards: ReadonlyArray<readonly [string, string]> = [
  ['it&#39;s', "it's"],
  ['&quot;unix&quot;', '"unix"'],
  ['- EPIPE', 'EPIPE'],
  ['> EPIPE', 'EPIPE'],
  ['1. EPIPE', 'EPIPE'],
  ['EPIPE  <!-- comment -->', 'EPIPE'],
  ['&copy; <code>SOCK_STREAM</code>', '© SOCK_STREAM'],
  // A soft hyphen (where a long word may break) and a zero-width space show as nothing:
  // typing the word as it shows was "not quite: SO_PEER{+­+}CRED", a diff of nothing visible.
  ['SO_PEER&shy;CRED', 'SO_PEERCRED'],
  ['ENO&#8203;ENT', 'ENOENT'],
]

const notes = `---
deck: Test::Typed
---
${typedCards
  .map(
    ([back], index) => `
START
Basic (type in the answer)
Typed question ${index + 1}?
Back: ${back}
END
`,
  )
  .join('')}
START
Basic
Shown: H<sub>2</sub>O, <code>ls -l</code>, &copy; 2024<!-- hidden -->
Back: ok
END
`

describe('typed answers against a Back field with HTML and Markdown blocks', () => {
  it('marks the text as typed correct, and shows the HTML a card keeps as text', () => {
    const vault = createVault(notes)
    vaults.push(vault)
    const answers = `${typedCards.map(([, typed]) => typed).join('\n')}\ngood\n`
    const result = runDecklab(['quiz', '--answers', '-', '--state', vault.state, '--json'], {
      cwd: vault.root,
      input: answers,
    })
    expect(result.code, result.stderr).toBe(0)
    const reviews = JSON.parse(result.stdout).reviews as Array<{
      typed?: string
      correct?: boolean
    }>
    expect(reviews.slice(0, typedCards.length)).toEqual(
      typedCards.map(([, typed]) => expect.objectContaining({ typed, correct: true })),
    )
    // The transcript goes to stderr with --json.
    expect(result.stderr).not.toContain('not quite')
    expect(result.stderr).toContain('  Shown: H₂O, ls -l, © 2024\n')
    expect(result.stderr).not.toMatch(/<sub>|<code>|&copy;|<!--/)
    // The answer side keeps its decorations.
    expect(result.stderr).toContain('  • EPIPE')
    expect(result.stderr).toContain('│ EPIPE')
  })

  it('shows the expected answer as plain text when the answer is wrong', () => {
    const vault = createVault(notes)
    vaults.push(vault)
    const result = runDecklab(['quiz', '--answers', '-', '--state', vault.state, '--limit', '3'], {
      cwd: vault.root,
      // `unix` for `"unix"` is right (quotes around the whole answer count for nothing): `unx` is wrong.
      input: 'its\nunx\nEPIPES\n',
    })
    expect(result.stdout).toContain("expected: it's\n")
    expect(result.stdout).toContain('expected: "unix"\n')
    expect(result.stdout).toContain('expected: EPIPE\n')
    expect(result.stdout).not.toContain('expected: •')
  })
})
