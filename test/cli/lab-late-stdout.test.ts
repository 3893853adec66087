/**
 * A timer a lab left running that prints after the lab's run ended: while
 * `verify` ran the next lab, its line landed in that lab's transcript; after
 * the last lab, it came on decklab's stdout after `verify --json`'s
 * document, which a CI script then could not parse. The line is the ended
 * lab's: it is told on stderr with that lab's id, and stdout stays the one
 * JSON document.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runDecklabAsync } from '../support/decklab.js'
import { installedCopy } from '../support/installed-copy.js'
import { tempProject } from '../support/project.js'

/**
 * A lab whose timer prints `text` (with console.log and fs.writeSync(1, …)) once `when`
 * holds, after its run: the next lab started, or the report is out.
 */
const printsLater = (id: string, when: string, text: string) => `import { writeSync } from 'node:fs'
export default {
  id: '${id}', title: 'Prints later', summary: 'A timer that prints after the run.',
  requires: [], checks: ['ran'], serve: null,
  async run(context) {
    const timer = setInterval(() => {
      if (!(${when})) return
      clearInterval(timer)
      console.log('${text}')
      writeSync(1, '${text} again\\n')
    }, 5)
    context.check({ name: 'ran', pass: true, expected: 'ran', observed: 'ran', evidence: ['ran'] })
  },
}
`
const slow = `export default {
  id: 'bb-slow', title: 'Slow', summary: 'Runs while the other prints.',
  requires: [], checks: ['ran'], serve: null,
  async run(context) {
    globalThis.slowStarted = true
    await new Promise((resolve) => setTimeout(resolve, 1000))
    context.check({ name: 'ran', pass: true, expected: 'ran', observed: 'ran', evidence: ['ran'] })
  },
}
`

async function verifyJson(labs: Record<string, string>, links: string) {
  const install = await installedCopy()
  for (const [id, source] of Object.entries(labs)) {
    writeFileSync(join(install, `lib/labs/${id}.js`), source)
  }
  const cwd = await tempProject({
    'notes/cards.md': ['START', 'Basic', 'Front', 'Back: back', `Lab: ${links}`, 'END', ''].join(
      '\n',
    ),
  })
  return runDecklabAsync(['verify', '--json'], { cwd, bin: join(install, 'lib/src/main.js') })
}

describe("a lab's timer that prints after its run ended", () => {
  it("is told as that lab's on stderr, not in the next lab's transcript", async () => {
    const result = await verifyJson(
      {
        'aa-printer': printsLater('aa-printer', 'globalThis.slowStarted', 'late line'),
        'bb-slow': slow,
      },
      'aa-printer#ran, bb-slow#ran',
    )
    const { labs } = JSON.parse(result.stdout) as { labs: { lab: string; transcript: string[] }[] }
    const slowRun = labs.find(({ lab }) => lab === 'bb-slow')
    expect(slowRun?.transcript.join('\n')).not.toContain('late line')
    expect(result.stderr).toContain(
      'warning lab aa-printer: wrote to stdout after its run ended: late line\n',
    )
    expect(result.stderr).toContain(
      'warning lab aa-printer: wrote to stdout after its run ended: late line again\n',
    )
  })

  it('after the last lab, leaves verify --json one JSON document on stdout', async () => {
    const result = await verifyJson(
      {
        'zz-printer': printsLater(
          'zz-printer',
          'process.stdout.bytesWritten > 0',
          'after the report',
        ),
      },
      'zz-printer#ran',
    )
    expect(result.stdout).not.toContain('after the report')
    expect(() => JSON.parse(result.stdout)).not.toThrow()
    expect(result.stderr).toContain(
      'warning lab zz-printer: wrote to stdout after its run ended: after the report\n',
    )
  })
})
