/**
 * The quiz's lab panel (`l`) on a card linking a lab whose source is gone
 * from the checkout (removed or renamed, `npm run build` not run since): its
 * old compiled module ran and the panel said the card was CONFIRMED, though
 * `check` calls the link unknown and the author removed the lab (perhaps for
 * checking the wrong thing). The lab is not run: the panel says why and what
 * to run, and the card is unverified. `verify` runs it for no card either.
 */
import { mkdirSync, utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { runDecklabAsync } from '../support/decklab.js'
import { installedCopy } from '../support/installed-copy.js'
import { tempProject } from '../support/project.js'
import { startInTmux, stopTmuxServers, tmux } from '../support/quiz-in-tmux.js'

afterEach(() => stopTmuxServers())

const notes = `START
Basic
What does connect() to a missing path give?
Back: ENOENT
Lab: missing-socket#connect-enoent
<!--ID: 1763799000051-->
END
`

/** A checkout whose labs/ has stream-echo's source (compiled since) and not missing-socket's. */
async function checkoutWithoutTheLab(): Promise<string> {
  const install = await installedCopy()
  mkdirSync(join(install, 'labs'))
  writeFileSync(join(install, 'labs/stream-echo.ts'), 'export default {}\n')
  const earlier = new Date(Date.now() - 3_600_000)
  utimesSync(join(install, 'labs/stream-echo.ts'), earlier, earlier)
  return install
}

const goneWords =
  'not run: labs/missing-socket.ts is gone (removed or renamed), and its old compiled lib/labs/missing-socket.js is run for no card: `npm run build` removes it'

describe('a card linking a lab whose source is gone', () => {
  it.skipIf(!tmux)(
    "is not confirmed by the lab's old module in the quiz's lab panel",
    { timeout: 60_000 },
    async () => {
      const install = await checkoutWithoutTheLab()
      const root = await tempProject({ '.obsidian/': '', 'cards.md': notes })
      const { waitFor, keys } = startInTmux(root, join(root, 'state'), {
        bin: join(install, 'lib/src/main.js'),
        width: 400,
      })
      await waitFor(/missing path give\?[\s\S]*Enter\/Space reveal/)
      keys('Space')
      await waitFor(/ENOENT[\s\S]*l labs/)
      keys('l')
      const screen = await waitFor(/this card: \w+/)
      expect(screen).toContain('this card: UNVERIFIED')
      expect(screen).toContain(goneWords)
      keys('q')
    },
  )

  it('is not run by verify, whose reason says why', async () => {
    const install = await checkoutWithoutTheLab()
    const cwd = await tempProject({ 'notes/cards.md': notes })
    const result = await runDecklabAsync(['verify', '--json'], {
      cwd,
      bin: join(install, 'lib/src/main.js'),
    })
    expect(result.code, result.stderr).toBe(1)
    const { labs, notes: judged } = JSON.parse(result.stdout) as {
      labs: { lab: string; status: string; reason?: string }[]
      notes: { status: string }[]
    }
    expect(labs).toMatchObject([{ lab: 'missing-socket', status: 'error', reason: goneWords }])
    expect(judged.map((note) => note.status)).toEqual(['unverified'])
  })
})
