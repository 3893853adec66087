/**
 * On a terminal whose locale is not UTF-8 (LANG=C over ssh), the quiz shows
 * a typed card's answer in ASCII: `≤ 108` as `<= 108`, `bind → listen` as
 * `bind > listen`. A student who typed what the screen showed was told
 * `x not quite: {+<=+}[-<=-] 108`, `expected: <= 108`, and Again was
 * proposed: the two sides of the diff were the same text. What the screen
 * shows is now a right answer there too.
 */
import { afterEach, describe, expect, it } from 'vitest'
import {
  createVaultForTmux,
  startInTmux,
  stopTmuxServersThenRemoveVaults,
  tmux,
} from '../support/quiz-in-tmux.js'

afterEach(() => stopTmuxServersThenRemoveVaults())

const notes = `START
Basic (type in the answer)
How long may a sun_path be, in bytes?
Back: ≤ 108
<!--ID: 1763700000011-->
END

START
Basic (type in the answer)
What does a server call after bind?
Back: bind → listen
<!--ID: 1763700000012-->
END
`

describe('typed answers on a terminal whose locale is not UTF-8', () => {
  it.skipIf(!tmux)(
    'takes the answer as the screen shows it, and diffs against that',
    { timeout: 60_000 },
    async () => {
      const vault = createVaultForTmux(notes)
      const { waitFor, keys } = startInTmux(vault.root, vault.state, {
        env: { LANG: 'C', LC_ALL: '', LC_CTYPE: '' },
      })
      await waitFor(/sun_path[\s\S]*Your answer/)
      keys('-l', '<= 108')
      keys('Enter')
      await waitFor(/\+ correct: <= 108[\s\S]*1-4 grade \| Enter Good/)
      keys('3')
      await waitFor(/after bind\?[\s\S]*Your answer/)
      keys('-l', 'bind => listen')
      keys('Enter')
      // Wrong (`->` would be right: it is how `→` is typed): the diff is against the
      // answer as shown (`>`), so it names the extra `=`.
      const screen = await waitFor(/x not quite: [^\n]*\n[\s\S]*1-4 grade/)
      expect(screen).toContain('x not quite: bind [-=-]> listen')
      expect(screen).toContain('expected: bind > listen')
      keys('q')
      await waitFor(/Session: 1 reviewed/)
    },
  )

  // `≤` is `<=` there, two cells: a line wrapped to the terminal with it counted as one
  // was a cell too wide, and the terminal put its last word at the left edge, out of the indent.
  it.skipIf(!tmux)(
    'wraps a card with `≤` to the width its `<=` takes',
    { timeout: 60_000 },
    async () => {
      const vault = createVaultForTmux(
        `START\nBasic\n${'a'.repeat(34)} ≤ 9 next words\nBack: 9\n<!--ID: 1763700000013-->\nEND\n`,
      )
      const { waitFor, rows, keys } = startInTmux(vault.root, vault.state, {
        width: 40,
        env: { LANG: 'C', LC_ALL: '', LC_CTYPE: '' },
      })
      await waitFor(/next words[\s\S]*reveal/)
      const lines = rows().split('\n')
      expect(lines).toContain(`  ${'a'.repeat(34)} <=`)
      expect(lines).toContain('  9 next words')
      keys('q')
    },
  )
})
