import { lstat, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { waitForExit, waitForReady } from '../src/labs/kit/children.js'
import { procNetUnixEvidence } from '../src/labs/kit/evidence.js'
import { outcomeText } from '../src/labs/kit/outcome.js'
import { connect } from '../src/labs/kit/sockets.js'
import type { LabDefinition } from '../src/labs/types.js'

// The server is a separate Node process so that SIGKILL really kills a
// listener: no `close()`, no exit handlers, nothing gets to unlink the file.
const serverSource = `
const net = require('node:net')
const server = net.createServer(() => {})
server.listen(process.argv[1], () => process.stdout.write('READY ' + process.argv[1] + '\\n'))
`

const lab: LabDefinition = {
  id: 'stale-socket',
  title: 'A killed server leaves a stale socket file that refuses connections',
  summary:
    'A Node server listens on a pathname socket in a child process and is killed with SIGKILL. Its socket file stays on disk (only unlink() removes it), but no socket is bound to it any more: /proc/net/unix no longer lists the path, and connecting gives ECONNREFUSED.',
  requires: ['linux'],
  checks: ['connect-refused', 'file-still-there'],
  serve: null,
  async run(context) {
    const path = join(context.dir, 'stale.sock')
    // The whole point is that nobody unlinks this file, so the lab does it.
    context.defer(() => rm(path, { force: true }))
    const server = context.spawn(process.execPath, ['-e', serverSource, path])
    await waitForReady(server)
    const whileAlive = await procNetUnixEvidence(path)
    const aliveConnect = await connect(path)
    if (aliveConnect.ok) aliveConnect.value.destroy()
    context.log(
      `server pid ${server.pid} listening; a probe connect → ${outcomeText(aliveConnect)}`,
    )

    server.kill('SIGKILL')
    const exit = await waitForExit(server)
    context.log(`server ended by ${exit.signal ?? `exit code ${exit.code}`}`)

    const stats = await lstat(path).catch(() => null)
    const afterKill = await procNetUnixEvidence(path)
    context.check({
      name: 'file-still-there',
      values: [
        {
          kind: 'bool',
          label: 'stays | left behind',
          value: exit.signal === 'SIGKILL' && stats?.isSocket() === true ? 'yes' : 'no',
        },
      ],
      pass: exit.signal === 'SIGKILL' && stats?.isSocket() === true,
      expected: 'the socket file is still on disk after the server was killed',
      observed: stats
        ? `${stats.isSocket() ? 'socket file' : 'non-socket file'} still present (mode ${(stats.mode & 0o777).toString(8)})`
        : 'no file',
      evidence: [
        `server exit signal: ${exit.signal}`,
        ...whileAlive.map((line) => `while alive ${line}`),
        `after kill, /proc/net/unix lines for the path: ${afterKill.length}`,
      ],
    })

    const result = await connect(path)
    if (result.ok) result.value.destroy()
    context.log(`connect to the stale file → ${outcomeText(result)}`)
    context.check({
      name: 'connect-refused',
      pass: aliveConnect.ok && !result.ok && result.errno === 'ECONNREFUSED',
      expected: 'ECONNREFUSED (the file exists, nothing listens behind it)',
      observed: outcomeText(result),
      evidence: [
        `connect while the server was alive: ${outcomeText(aliveConnect)}`,
        !result.ok ? `error: ${result.error.message}` : 'connected',
        `stale file present during connect: ${stats !== null}`,
      ],
      value: outcomeText(result),
      values: [
        {
          kind: 'errno',
          value: outcomeText(result),
          about: 'stale | server is gone | left behind | died | killed | nothing listens',
        },
      ],
    })
  },
}

export default lab
