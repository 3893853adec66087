/**
 * A course's lab that throws ends in error with the place in its own source
 * (`labs/<id>.ts:line:column`, read back through the compiled module's source
 * map), not only the message: "Unexpected token" alone says nothing of where.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'
import { runDecklabAsync } from '../support/decklab.js'
import { installedCopy } from '../support/installed-copy.js'

const source = [
  "import { once } from 'node:events'",
  "import { createConnection, createServer } from 'node:net'",
  "import { unwrap } from '../src/labs/kit/outcome.js'",
  "import { connect } from '../src/labs/kit/sockets.js'",
  'export default {',
  "  id: 'throws',",
  "  title: 'A lab that throws',",
  "  summary: 'It throws.',",
  '  requires: [],',
  "  checks: ['never'],",
  '  serve: null,',
  '  async run(context: { dir: string }) {',
  "    if (process.env.LAB_UNWRAP) unwrap(await connect(context.dir + '/none.sock'))",
  "    JSON.parse(process.env.LAB_CRASH ? '{}' : '{not json')",
  '    const server = createServer(() => {',
  "      throw new Error('callback blew up')",
  '    })',
  "    server.listen(context.dir + '/c.sock')",
  "    await once(server, 'listening')",
  "    createConnection(context.dir + '/c.sock')",
  '    await new Promise((resolve) => setTimeout(resolve, 5000))',
  '  },',
  '}',
  '',
].join('\n')

/** The lab compiled into the copy's lib/labs/ as tsc does it: the module and its source map. */
async function installWithThrowingLab(): Promise<string> {
  const install = await installedCopy()
  const output = ts.transpileModule(source, {
    fileName: 'throws.ts',
    compilerOptions: {
      module: ts.ModuleKind.ESNext,
      target: ts.ScriptTarget.ES2022,
      sourceMap: true,
    },
  })
  const map = JSON.parse(output.sourceMapText ?? '{}')
  map.sources = ['../../labs/throws.ts']
  writeFileSync(join(install, 'lib/labs/throws.js'), output.outputText)
  writeFileSync(join(install, 'lib/labs/throws.js.map'), JSON.stringify(map))
  return install
}

describe('a lab that throws', () => {
  it('names the line of its source that threw', async () => {
    const install = await installWithThrowingLab()
    const bin = join(install, 'lib/src/main.js')
    const human = await runDecklabAsync(['lab', 'run', 'throws'], { bin })
    expect(human.code).toBe(1)
    expect(human.stdout).toContain('ERROR throws: 0/1 checks passed, 1 skipped in')
    expect(human.stdout).toMatch(/in JSON at position 1 \(at labs\/throws\.ts:14:10\)\n/)
    const json = await runDecklabAsync(['lab', 'run', 'throws', '--json'], { bin })
    expect(JSON.parse(json.stdout).reason).toMatch(/ \(at labs\/throws\.ts:14:10\)$/)
  })

  it('names the line that unwrapped a refusal', async () => {
    const install = await installWithThrowingLab()
    const result = await runDecklabAsync(['lab', 'run', 'throws', '--json'], {
      bin: join(install, 'lib/src/main.js'),
      env: { LAB_UNWRAP: '1' },
    })
    expect(result.code).toBe(1)
    expect(JSON.parse(result.stdout).reason).toMatch(
      /^connect ENOENT .*none\.sock \(at labs\/throws\.ts:13:\d+\)$/,
    )
  })

  it('names the line of a socket callback that threw', async () => {
    const install = await installWithThrowingLab()
    const result = await runDecklabAsync(['lab', 'run', 'throws', '--json'], {
      bin: join(install, 'lib/src/main.js'),
      env: { LAB_CRASH: '1' },
    })
    expect(result.code).toBe(1)
    expect(JSON.parse(result.stdout).reason).toBe(
      'the lab crashed: callback blew up (at labs/throws.ts:16:13)',
    )
  })
})
