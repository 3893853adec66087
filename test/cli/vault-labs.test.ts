/**
 * A vault with a `labs/` folder of its own: decklab runs only the labs of
 * its own clone, as docs/writing-labs.md says, so a link to such a lab is
 * unknown. The error says why, and guesses at no other lab's id.
 */
import { describe, expect, it } from 'vitest'
import { runDecklabAsync } from '../support/decklab.js'
import { tempProject } from '../support/project.js'

const why =
  "The vault's `labs/stream-echos.ts` is not read: decklab runs only the labs of its own clone"

describe("a link to a lab in the vault's own labs folder", () => {
  it("check and lab run say the vault's labs are not read", async () => {
    const cwd = await tempProject({
      '.obsidian/app.json': '{}\n',
      'labs/stream-echos.ts': 'export default {}\n',
      'cards.md':
        'START\nBasic\nFront\nBack: back\nLab: stream-echos#x\n<!--ID: 1763799000053-->\nEND\n',
    })
    const check = await runDecklabAsync(['check'], { cwd })
    expect(check.code).toBe(1)
    expect(check.stderr).toContain(
      'cards.md:5:6 error unknown-lab Unexpected lab `stream-echos`, expected a lab id from `decklab lab list`\n',
    )
    expect(check.stderr).toContain(why)
    const run = await runDecklabAsync(['lab', 'run', 'stream-echos'], { cwd })
    expect(run.code).toBe(2)
    expect(run.stderr).toContain(why)
    for (const said of [check.stderr, run.stderr]) expect(said).not.toContain('did you mean')
  })
})
