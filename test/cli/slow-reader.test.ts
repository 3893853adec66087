// A script reads decklab's stdout through a pipe, and its reader may start late (a
// program slow to start, a busy CI runner). Node keeps what the pipe cannot take yet
// (64 KiB) in its own buffers, and decklab ended 1 s after the command by
// `process.exit`, which drops them: `decklab check --json | (sleep 2; jq …)` got a
// document cut at 64 KiB, with exit 0. decklab now ends once its output is written.
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { decklabBin } from '../support/decklab.js'

let root: string

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'decklab-slow-reader-'))
  mkdirSync(join(root, 'vault', '.obsidian'), { recursive: true })
  // 600 notes, each with a warning (the script element is removed): a `check --json`
  // document of some 600 KB and 300 KB of diagnostics on stderr, more than a pipe holds.
  const blocks = Array.from(
    { length: 600 },
    (_, index) =>
      `START\nBasic\nFront: question <script>x</script> number ${index} about sockets\nBack: answer number ${index}\n<!--ID: ${1700000000000 + index}-->\nEND\n`,
  )
  writeFileSync(join(root, 'vault', 'notes.md'), blocks.join('\n'))
})

afterEach(() => rmSync(root, { recursive: true, force: true }))

/** `decklab args` with `stream` (1 or 2) into a pipe whose reader starts reading after 2.5 s. */
function slowlyRead(args: string[], stream: 1 | 2) {
  const out = join(root, 'read.txt')
  const redirect = stream === 1 ? '2>/dev/null' : '2>&1 >/dev/null'
  const result = spawnSync(
    '/bin/sh',
    [
      '-c',
      `"$@" ${redirect} | (sleep 2.5; cat > '${out}'); echo "$?"`,
      'sh',
      process.execPath,
      decklabBin,
      ...args,
    ],
    { cwd: join(root, 'vault'), encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } },
  )
  return { text: readFileSync(out, 'utf8'), shell: result }
}

describe('a reader that starts late', () => {
  it('gets the whole --json document', () => {
    const { text } = slowlyRead(['check', '--json'], 1)
    expect(text.length).toBeGreaterThan(3 * 65_536)
    expect(JSON.parse(text).notes).toHaveLength(600)
  })

  it('gets all of stderr', () => {
    const { text } = slowlyRead(['check', '--json'], 2)
    expect(text.length).toBeGreaterThan(3 * 65_536)
    // The diagnostics end with the summary line.
    expect(text).toMatch(/600 notes, 600 cards in 1 file; 0 errors, 600 warnings\n$/)
  })
})
