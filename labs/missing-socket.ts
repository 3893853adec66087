import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { outcomeText } from '../src/labs/kit/outcome.js'
import { connect } from '../src/labs/kit/sockets.js'
import type { LabDefinition } from '../src/labs/types.js'

const lab: LabDefinition = {
  id: 'missing-socket',
  title: 'Connecting to a path that does not exist gives ENOENT',
  summary:
    'A Node stream client connects to a socket path where no file exists. The kernel looks the path up like any file name and fails with ENOENT, not ECONNREFUSED: nothing is there to refuse.',
  requires: ['linux'],
  checks: ['connect-enoent'],
  serve: null,
  async run(context) {
    const path = join(context.dir, 'nobody-home.sock')
    const fileExisted = existsSync(path)
    context.log(`connect(${path}) where no file exists`)
    const result = await connect(path)
    if (result.ok) result.value.destroy()
    context.log(`connect → ${outcomeText(result)}`)
    context.check({
      name: 'connect-enoent',
      pass: !fileExisted && !result.ok && result.errno === 'ENOENT',
      expected: 'ENOENT: no such file or directory',
      observed: outcomeText(result),
      evidence: [
        `existsSync(${path}) before connect: ${fileExisted}`,
        !result.ok ? `error: ${result.error.message}` : 'connected',
      ],
      value: outcomeText(result),
      values: [
        {
          kind: 'errno',
          value: outcomeText(result),
          about: 'missing | does not exist | no such file | nonexistent | free',
        },
      ],
    })
  },
}

export default lab
