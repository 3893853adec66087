/**
 * Ctrl-C pressed as the quiz's `l` key starts a card's labs. Read in the
 * same read as `l` (typed at once, or on a busy machine), it came after the
 * answer: the key prompt, done, let it go, and the terminal was still raw,
 * so no SIGINT came either. The lab ran on to its deadline, and the quiz
 * went on as if Ctrl-C had never been pressed.
 */
import { existsSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { installedCopy } from '../support/installed-copy.js'
import { tempProject } from '../support/project.js'
import { startInTmux, stopTmuxServers, tmux } from '../support/quiz-in-tmux.js'

afterEach(() => stopTmuxServers())

/** Marks its start and its end in the folder it runs in; it waits a minute between. */
const slowLab = `import { writeFileSync } from 'node:fs'
export default {
  id: 'slow',
  title: 'A lab that waits',
  summary: 'It waits a minute.',
  requires: [],
  checks: ['ran'],
  serve: null,
  async run() {
    writeFileSync('slow-started', '')
    await new Promise((resolve) => setTimeout(resolve, 60_000))
    writeFileSync('slow-ended', '')
  },
}
`

const notes = `START
Basic
Slow?
Back: yes
Lab: slow#ran
END
`

describe('Ctrl-C typed with the quiz’s l key', () => {
  it.skipIf(!tmux)(
    'stops the lab it started and ends the quiz (exit 130)',
    { timeout: 60_000 },
    async () => {
      const install = await installedCopy()
      writeFileSync(join(install, 'lib/labs/slow.js'), slowLab)
      const root = await tempProject({ '.obsidian/': '', 'cards.md': notes })
      const state = join(root, 'state')
      const { waitFor, keys, exitStatus } = startInTmux(root, state, {
        bin: join(install, 'lib/src/main.js'),
      })
      await waitFor(/Slow\?[\s\S]*Enter\/Space reveal/)
      keys('Space')
      await waitFor(/Slow\?[\s\S]*l labs/)
      // One send-keys: tmux writes both keys to the terminal at once, and the quiz reads them together.
      keys('l', 'C-c')
      // Before the lab's own deadline (10 s), which would end the lab but not the quiz.
      expect(await exitStatus()).toBe('130')
      const screen = await waitFor(/Interrupted; every answer above is saved\./)
      expect(screen).toMatch(/lab slow: ERROR/)
      expect(existsSync(join(root, 'slow-ended'))).toBe(false)
    },
  )
})
