/**
 * Ctrl-C as a command ends, once its result is printed: the process ends with
 * the command's own code, never killed by the signal. Ending by itself, Node
 * closed its signal watchers while it tore the process down, and a SIGINT that
 * landed then killed it (a try in 20 or so): its document was printed, but a
 * script saw a process killed by SIGINT.
 */
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { decklabBin } from '../support/decklab.js'
import { tempProject } from '../support/project.js'

const hook = fileURLToPath(new URL('../support/signals-while-ending.mjs', import.meta.url))
const note = 'START\nBasic\nQ?\nBack: A\nEND\n'

describe('SIGINT while decklab ends', () => {
  it.each([
    { command: 'check --json', code: 0 },
    { command: 'build --json', code: 0 },
    { command: 'check --no-such-option --json', code: 2 },
  ])(
    '`decklab $command` ends with its own code ($code) and document',
    async ({ command, code }) => {
      const cwd = await tempProject({ '.obsidian/': '', 'a.md': note }, 'decklab-end-signal-')
      for (let run = 0; run < 3; run++) {
        const ended = spawnSync(
          process.execPath,
          ['--import', hook, decklabBin, ...command.split(' ')],
          {
            cwd,
            encoding: 'utf8',
            env: { ...process.env, NO_COLOR: '1' },
            timeout: 30_000,
          },
        )
        expect([ended.signal, ended.status], ended.stderr).toEqual([null, code])
        expect(JSON.parse(ended.stdout)).toBeTypeOf('object')
      }
    },
  )
})
