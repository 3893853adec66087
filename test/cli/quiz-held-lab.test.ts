/**
 * A lab run from the quiz (the `l` key) that holds decklab's thread is
 * stopped by the lab watchdog, which ends the process: the quiz's own
 * ending never runs. It ended on the watchdog's error alone, without the
 * quiz's word that the answers before it are saved, though they were.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { installedCopy } from '../support/installed-copy.js'
import { tempProject } from '../support/project.js'
import { startInTmux, stopTmuxServers, tmux } from '../support/quiz-in-tmux.js'

afterEach(() => stopTmuxServers())

/**
 * Marks its start in the folder it runs in, then never gives back control.
 * It starts holding only once the watchdog's shell catches SIGINT (a child
 * of decklab with SIGINT in its caught signals): a Ctrl-C before that, in
 * the moment the shell takes to set its traps, would go unheard.
 */
const heldLab = `import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
function signalsHeard() {
  for (const pid of readdirSync('/proc').filter((name) => /^\\d+$/.test(name))) {
    try {
      const status = readFileSync('/proc/' + pid + '/status', 'utf8')
      if (!status.includes('\\nPPid:\\t' + process.pid + '\\n')) continue
      const caught = /\\nSigCgt:\\t([0-9a-f]+)/.exec(status)
      if (caught && (BigInt('0x' + caught[1]) & 2n) !== 0n) return true
    } catch {}
  }
  return false
}
export default {
  id: 'held',
  title: 'A lab that holds the thread',
  summary: 'It never gives back control.',
  requires: [],
  checks: ['ran'],
  serve: null,
  async run() {
    while (!signalsHeard()) await new Promise((resolve) => setTimeout(resolve, 20))
    writeFileSync('held-started', '')
    const end = Date.now() + 60_000
    while (Date.now() < end) {}
  },
}
`

const notes = `START
Basic
One?
Back: 1
END

START
Basic
Held?
Back: yes
Lab: held#ran
END
`

describe('a quiz whose lab holds the thread', () => {
  it.skipIf(!tmux)(
    'says, after the watchdog’s error, that every answer above is saved',
    { timeout: 60_000 },
    async () => {
      const install = await installedCopy()
      writeFileSync(join(install, 'lib/labs/held.js'), heldLab)
      const root = await tempProject({ '.obsidian/': '', 'cards.md': notes })
      const state = join(root, 'state')
      const { waitFor, keys, exitStatus } = startInTmux(root, state, {
        bin: join(install, 'lib/src/main.js'),
      })
      await waitFor(/One\?[\s\S]*Enter\/Space reveal/)
      keys('Space')
      await waitFor(/1–4 grade · Enter Good/)
      keys('3')
      await waitFor(/→ Good · next in 10m[\s\S]*Held\?[\s\S]*Enter\/Space reveal/)
      keys('Space')
      await waitFor(/Held\?[\s\S]*l labs/)
      keys('l')
      const started = join(root, 'held-started')
      const deadline = Date.now() + 20_000
      while (!existsSync(started)) {
        if (Date.now() > deadline) throw new Error('the held lab never started')
        await new Promise((resolve) => setTimeout(resolve, 50))
      }
      keys('C-c')
      const screen = await waitFor(/every answer above is saved/)
      expect(screen).toMatch(
        /error lab held held decklab's thread when SIGINT came[^\n]*\n(?:[^\n]*\n)*?The quiz ends here; every answer above is saved\./,
      )
      expect(await exitStatus()).toBe('130')
      const log = readFileSync(join(state, 'reviews.jsonl'), 'utf8').trim().split('\n')
      expect(log.map((line) => JSON.parse(line).type)).toEqual(['review'])
    },
  )
})
