import { once } from 'node:events'
import { lstat, rm, unlink } from 'node:fs/promises'
import { join } from 'node:path'
import { waitForExit, waitForReady } from '../src/labs/kit/children.js'
import { procNetUnixEvidence } from '../src/labs/kit/evidence.js'
import { outcomeText, unwrap } from '../src/labs/kit/outcome.js'
import { closeServer, connect, listen } from '../src/labs/kit/sockets.js'
import type { LabContext, LabDefinition } from '../src/labs/types.js'

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
    'A Node server listens on a pathname socket in a child process and is killed with SIGKILL. Its socket file stays on disk (only unlink() removes it), but no socket is bound to it any more: /proc/net/unix no longer lists the path, and connecting gives ECONNREFUSED. The other side of unlinking at start-up: a live server whose path is unlinked keeps serving the client it has, but a new client gets ENOENT.',
  requires: ['linux'],
  checks: ['connect-refused', 'file-still-there', 'unlinked-live-server'],
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
    await unlinkLiveServer(context)
  },
}

/**
 * Why a start-up that unlinks the path unconditionally is risky: the running
 * server it removes the name of keeps its socket and its clients, but no new
 * client can find it.
 */
async function unlinkLiveServer(context: LabContext): Promise<void> {
  const path = join(context.dir, 'live.sock')
  const server = unwrap(
    await listen(path, { onConnection: (connection) => connection.pipe(connection) }),
  )
  context.defer(() => closeServer(server))
  const before = unwrap(await connect(path))
  // Also when the echo never comes (an interrupt): the lab's client goes with it.
  context.defer(() => before.destroy())
  await unlink(path)
  const after = await connect(path)
  if (after.ok) after.value.destroy()
  before.write('still there?')
  const [echo] = (await once(before, 'data', { signal: context.signal })) as [Buffer]
  before.destroy()
  const served = echo.toString() === 'still there?'
  const unreachable = !after.ok && after.errno === 'ENOENT'
  context.log(
    `unlink(${path}) under a live server: its client's echo ${JSON.stringify(echo.toString())}; a new connect → ${outcomeText(after)}`,
  )
  context.check({
    name: 'unlinked-live-server',
    pass: served && unreachable,
    expected:
      "after unlink() of a live server's path, its connected client is still served, and a new client gets ENOENT",
    observed: `connected client's echo: ${JSON.stringify(echo.toString())}; new client: ${outcomeText(after)}`,
    evidence: [
      `server still listening: ${server.listening}`,
      ...(await procNetUnixEvidence(path)).map((line) => `after unlink ${line}`),
    ],
    values: [
      {
        kind: 'bool',
        label: 'unreachable for new clients | unreachable',
        value: served && unreachable ? 'yes' : 'no',
      },
    ],
  })
}

export default lab
