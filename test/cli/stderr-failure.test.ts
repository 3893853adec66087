// stderr is where decklab's human output goes, and a script often sends it to a log it
// does not own: a pipe to a reader that may stop (`2> >(head -3 >&2)`, `2>&1 | head`)
// or a file on a full disk. A failed write to it was an unhandled stream error: Node
// ended at once with exit 1, which reads as "findings", before `--json` printed its
// document, and `check` of a vault with only a warning exited 1 instead of 0.
import { spawn } from 'node:child_process'
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { decklabBin } from '../support/decklab.js'

let vault: string

beforeEach(() => {
  vault = mkdtempSync(join(tmpdir(), 'decklab-stderr-'))
  mkdirSync(join(vault, '.obsidian'))
  // A warning (the script element is removed), no error: exit 0, and something on stderr.
  writeFileSync(
    join(vault, 'a.md'),
    'START\nBasic\nFront: <script>x</script>hi\nBack: there\n<!--ID: 1700000000000-->\nEND\n',
  )
})

afterEach(() => rmSync(vault, { recursive: true, force: true }))

/** Run decklab with stderr going to `stderr` ('gone': a pipe whose reader closed at once). */
function run(
  args: string[],
  stderr: number | 'gone',
): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [decklabBin, ...args], {
      cwd: vault,
      stdio: ['ignore', 'pipe', stderr === 'gone' ? 'pipe' : stderr],
      env: { ...process.env, NO_COLOR: '1' },
    })
    if (stderr === 'gone') child.stderr?.destroy()
    let stdout = ''
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk
    })
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout }))
  })
}

describe('a stderr that cannot be written', () => {
  for (const how of ['closed pipe', '/dev/full'] as const) {
    it(`${how}: the command runs to its end, with its own exit code and --json document`, async () => {
      const full = how === '/dev/full' ? openSync('/dev/full', 'w') : undefined
      try {
        const stderr = full ?? 'gone'
        const check = await run(['check', '--json'], stderr)
        expect(check.code).toBe(0)
        expect(JSON.parse(check.stdout).diagnostics[0].code).toBe('unsafe-html-removed')
        const build = await run(['build', '--json', '-o', 'out/'], stderr)
        expect(build.code).toBe(0)
        expect(JSON.parse(build.stdout)).toMatchObject({ written: true, notes: 1 })
        const stats = await run(['stats', '--json', '--state', 'state'], stderr)
        expect(stats.code).toBe(0)
        expect(JSON.parse(stats.stdout).cards).toBe(1)
        // A usage error keeps its code: 2, and its JSON document.
        const usage = await run(['check', '--frob', '--json'], stderr)
        expect(usage.code).toBe(2)
        expect(JSON.parse(usage.stdout).error.code).toBe('usage')
      } finally {
        if (full !== undefined) closeSync(full)
      }
    })
  }
})
