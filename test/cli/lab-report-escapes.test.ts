// What a lab recorded reaches the terminal escaped, as note text does: a
// TMPDIR (or a peer's output, a file left behind) holding ESC sequences or a
// bidi override was written raw into `lab run`'s transcript, evidence and
// reasons, so `ESC [2J` cleared the screen. `--json` keeps the text as it is.
import { writeFileSync } from 'node:fs'
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { runDecklabAsync } from '../support/decklab.js'
import { installedCopy } from '../support/installed-copy.js'

let base: string | undefined
afterEach(async () => {
  if (base) await rm(base, { recursive: true, force: true })
  base = undefined
})

describe('a lab report with control characters in what the lab recorded', () => {
  it('shows them escaped, and plain in --json', async () => {
    base = await mkdtemp(join(tmpdir(), 'decklab-escapes-'))
    const dir = join(base, 'a\u001b[7m\u202eb')
    await mkdir(dir)
    const env = { TMPDIR: dir }
    const human = await runDecklabAsync(['lab', 'run', 'missing-socket'], { env })
    expect(human.code).toBe(0)
    expect(human.stdout).not.toMatch(/[\u001b\u202e]/)
    expect(human.stdout).toContain('a\\x1b[7m\\u202eb/dl-')
    const json = await runDecklabAsync(['lab', 'run', 'missing-socket', '--json'], { env })
    expect(json.code).toBe(0)
    expect(JSON.parse(json.stdout).transcript.join('\n')).toContain(`${dir}/dl-`)
  })

  it('shows the reason of a broken lab escaped in lab list', async () => {
    const install = await installedCopy()
    writeFileSync(
      join(install, 'lib/labs/throws-escapes.js'),
      "throw new Error('top level \\u001b[2J\\u202e cleared')\n",
    )
    const result = await runDecklabAsync(['lab', 'list'], { bin: join(install, 'lib/src/main.js') })
    expect(result.code).toBe(1)
    expect(result.stderr).not.toMatch(/[\u001b\u202e]/)
    expect(result.stderr).toContain(
      'error labs/throws-escapes.ts: cannot import: top level \\x1b[2J\\u202e cleared',
    )
  })
})
