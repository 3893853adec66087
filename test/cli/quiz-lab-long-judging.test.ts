/**
 * The quiz's `l` key judges the card's note once its labs have run, as
 * `decklab verify` does. It judged it in the quiz's own thread, so a long
 * note held the terminal: a Cloze listing of 600 styled deletions took
 * some 12 s, a longer one minutes, and Ctrl-C did nothing until it was
 * judged. A big note is now judged on verify's judging thread
 * (`judging-thread.ts`), which Ctrl-C ends.
 */
import { existsSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { installedCopy } from '../support/installed-copy.js'
import { tempProject } from '../support/project.js'
import { startInTmux, stopTmuxServers, tmux } from '../support/quiz-in-tmux.js'

afterEach(() => stopTmuxServers())

/** Passes at once, and marks its end in the folder it runs in. */
const quickLab = `import { writeFileSync } from 'node:fs'
export default {
  id: 'quick',
  title: 'A lab that passes at once',
  summary: 'It passes.',
  requires: [],
  checks: ['ran'],
  serve: null,
  async run(context) {
    context.check({ name: 'ran', pass: true, expected: 'it runs', observed: 'it ran', evidence: [] })
    writeFileSync('quick-ended', '')
  },
}
`

/** A listing of 1,200 deletions, each in a styled span: judged card by card, a minute or more. */
const text = Array.from(
  { length: 1_200 },
  (_, at) => `word <span style="color: red">{{c${at + 1}::term${at}}}</span>`,
).join(' ')
const notes = `START
Cloze
${text}
Lab: quick#ran
END
`

describe('Ctrl-C while the quiz’s l key judges a long note', () => {
  it.skipIf(!tmux)(
    'ends the quiz (exit 130) without waiting for the judging',
    { timeout: 90_000 },
    async () => {
      const install = await installedCopy()
      writeFileSync(join(install, 'lib/labs/quick.js'), quickLab)
      const root = await tempProject({ '.obsidian/': '', 'cards.md': notes })
      const state = join(root, 'state')
      const { waitFor, keys, exitStatus, rows } = startInTmux(root, state, {
        bin: join(install, 'lib/src/main.js'),
      })
      await waitFor(/Your answer/)
      keys('Enter')
      await waitFor(/l labs/)
      keys('l')
      await waitFor(/running lab quick/)
      while (!existsSync(join(root, 'quick-ended'))) await new Promise((go) => setTimeout(go, 50))
      keys('C-c')
      // Within exitStatus's 20 s; the judging alone takes a minute or more.
      expect(await exitStatus()).toBe('130')
      // The quiz's own ending, not the bare one of a stop forced after the grace time.
      expect(rows()).toMatch(/Interrupted; every answer above is saved\./)
    },
  )
})
