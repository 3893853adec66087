/**
 * Ctrl-D while the labs the quiz's `l` key started run. No prompt read the
 * terminal then, so the key waited in its buffer and was lost: the lab ran
 * on to its deadline (and once more with three times as long), and the
 * session went on, where Ctrl-D at any prompt ends it (exit 130, every
 * answer saved, quiz-ctrl-d.test.ts). It ends it there too, and the lab's
 * peer, socket and directory go with it, as on Ctrl-C. So at the line
 * prompts (TERM=dumb, or output piped), where the line reader saw the end of
 * the input but the lab ran on to its deadline first.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { installedCopy } from '../support/installed-copy.js'
import { peeredLab } from '../support/peered-lab.js'
import { isAlive } from '../support/proc-processes.js'
import { tempProject } from '../support/project.js'
import { startInTmux, stopTmuxServers, tmux } from '../support/quiz-in-tmux.js'

afterEach(() => stopTmuxServers())

const notes = `START
Basic
Peered?
Back: yes
Lab: peered#ran
END
`

/**
 * Start the quiz in tmux (`env` for its terminal), reveal the card, run its lab
 * with `l` (and `withL`, sent in the same call: one read), wait for the peer,
 * then send `after` (Ctrl-D); the quiz must end at once with nothing of the lab left.
 */
async function ctrlDDuringLab(setup: {
  /** A command the quiz runs under (`env TERM=dumb`: tmux sets the pane's own TERM over `-e`). */
  prefix?: string[]
  reveal: string
  withL: string[]
  after: string[]
}) {
  const install = await installedCopy()
  writeFileSync(join(install, 'lib/labs/peered.js'), peeredLab)
  const root = await tempProject({ '.obsidian/': '', 'cards.md': notes })
  // The lab directory goes here, where the test can see what is left of it.
  const tmp = join(root, 't')
  mkdirSync(tmp)
  const { waitFor, keys, exitStatus } = startInTmux(root, join(root, 'state'), {
    bin: join(install, 'lib/src/main.js'),
    env: { TMPDIR: tmp },
    ...(setup.prefix ? { prefix: setup.prefix } : {}),
  })
  await waitFor(/Peered\?[\s\S]*Enter(\/Space)? reveal/)
  keys(setup.reveal)
  await waitFor(/Peered\?[\s\S]*l labs/)
  keys('l', ...setup.withL)
  const noted = join(root, 'peer.json')
  if (setup.after.length > 0) {
    await waitFor(/running lab peered…/)
    const deadline = Date.now() + 20_000
    while (!existsSync(noted) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    const peer = JSON.parse(readFileSync(noted, 'utf8'))
    expect(isAlive(peer.pid)).toBe(true)
    expect(existsSync(peer.socket)).toBe(true)
    keys(...setup.after)
  }
  // Before the lab's own deadline (10 s), which would end the lab but not the quiz.
  expect(await exitStatus()).toBe('130')
  const screen = await waitFor(/Interrupted; every answer above is saved\./)
  expect(screen).toMatch(/lab peered: ERROR/)
  // Stopped by Ctrl-D, not by its deadline (after which the session ended at the next prompt).
  expect(screen).toMatch(/(interrupted|not started): received Ctrl-D/)
  expect(screen).not.toMatch(/deadline exceeded/)
  // Its check, never recorded, is said to be skipped, with no empty `expected:` line above it.
  expect(screen).toMatch(
    /▸ skip ran\n {8}observed: skipped: (not recorded by the lab|the lab did not run)\n/,
  )
  expect(screen).not.toMatch(/expected:/)
  expect(existsSync(join(root, 'peered-ended'))).toBe(false)
  // Ctrl-D read with `l` may stop the lab before its peer starts.
  if (existsSync(noted)) {
    const peer = JSON.parse(readFileSync(noted, 'utf8'))
    expect(isAlive(peer.pid)).toBe(false)
    expect(existsSync(peer.socket)).toBe(false)
    // The socket file the killed peer left went with the lab directory, and the panel says
    // so: it said only 'left in the lab directory', read as a file left on the disk.
    expect(screen.match(/left behind: .*/g)).toEqual([
      'left behind: socket file peer.sock left in the lab directory (removed by the runner)',
    ])
  }
  expect(readdirSync(tmp)).toEqual([])
}

describe('Ctrl-D while the quiz’s l key runs a lab', () => {
  it.skipIf(!tmux)(
    'ends the session with exit 130, and no peer, socket or lab directory is left',
    { timeout: 60_000 },
    () => ctrlDDuringLab({ reveal: 'Space', withL: [], after: ['C-d'] }),
  )

  // One read holds both keys (tmux sends them at once, as a paste does): the
  // prompt, done at `l`, must not let the Ctrl-D go, as it must not Ctrl-C.
  it.skipIf(!tmux)('ends it too when Ctrl-D comes in one read with l', { timeout: 60_000 }, () =>
    ctrlDDuringLab({ reveal: 'Space', withL: ['C-d'], after: [] }),
  )

  // Line prompts (TERM=dumb; a pipe or file gets them too): the line reader saw
  // the end of the input, but the lab ran on to its deadline and only then did
  // the session end.
  it.skipIf(!tmux)('ends it at TERM=dumb’s line prompts too', { timeout: 60_000 }, () =>
    ctrlDDuringLab({
      prefix: ['env', 'TERM=dumb'],
      reveal: 'Enter',
      withL: ['Enter'],
      after: ['C-d'],
    }),
  )
})
