import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { LabDefinition } from '../src/labs/types.js'
import { describeOutcome, tryConnect } from './support/c-sockets.js'

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
    const result = await tryConnect({ path })
    if (result.outcome === 'connected') result.socket.destroy()
    context.log(`connect → ${describeOutcome(result)}`)
    context.check({
      name: 'connect-enoent',
      pass: !fileExisted && result.outcome === 'error' && result.code === 'ENOENT',
      expected: 'ENOENT: no such file or directory',
      observed: describeOutcome(result),
      evidence: [
        `existsSync(${path}) before connect: ${fileExisted}`,
        result.outcome === 'error' ? `error: ${result.message}` : 'connected',
      ],
      value: result.outcome === 'error' ? result.code : 'connected',
    })
  },
}

export default lab
