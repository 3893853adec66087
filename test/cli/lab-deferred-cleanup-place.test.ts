// A deferred cleanup that throws is a leftover that says where in the lab it
// threw, as a throw from run does: 'deferred cleanup failed: cleanup boom'
// alone left the author to search every defer of the lab.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runDecklabAsync } from '../support/decklab.js'
import { installedCopy } from '../support/installed-copy.js'

const lab = `export default {
  id: 'defer-throws', title: 'A lab whose cleanup throws', summary: 'Made up for a test.',
  requires: [], checks: ['works'], serve: null,
  async run(context) {
    context.defer(() => {
      throw new Error('cleanup boom')
    })
    context.check({ name: 'works', pass: true, expected: 'x', observed: 'x', evidence: ['x'] })
  },
}
`

describe('a deferred cleanup that throws', () => {
  it('is a leftover naming where in the lab it threw', async () => {
    const install = await installedCopy()
    writeFileSync(join(install, 'lib/labs/defer-throws.js'), lab)
    const result = await runDecklabAsync(['lab', 'run', 'defer-throws', '--json'], {
      bin: join(install, 'lib/src/main.js'),
    })
    expect(result.code).toBe(1)
    const report = JSON.parse(result.stdout) as { status: string; leftovers: string[] }
    expect(report.status).toBe('fail')
    // An installed copy has no source map: the compiled module's place.
    expect(report.leftovers).toEqual([
      'deferred cleanup failed: cleanup boom (at lib/labs/defer-throws.js:6:13)',
    ])
  })
})
