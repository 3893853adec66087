import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import { procNetUnixEvidence } from '../src/labs/kit/evidence.js'
import { outcomeText } from '../src/labs/kit/outcome.js'
import { connect } from '../src/labs/kit/sockets.js'
import { loadUnixSocket } from '../src/labs/kit/unix-socket.js'
import type { LabDefinition } from '../src/labs/types.js'

const lab: LabDefinition = {
  id: 'wrong-socket-type',
  title: 'A stream client connecting to a datagram socket gets EPROTOTYPE',
  summary:
    'A SOCK_DGRAM socket is bound to a path with node-unix-socket; a Node stream (SOCK_STREAM) client connects to that path. The file is there and something is bound to it, but the socket types differ, so the kernel answers EPROTOTYPE rather than ECONNREFUSED or ENOENT.',
  requires: ['linux', 'node-unix-socket'],
  checks: ['stream-to-dgram'],
  serve: null,
  async run(context) {
    const path = join(context.dir, 'datagram.sock')
    const { DgramSocket } = await loadUnixSocket()
    const datagram = new DgramSocket()
    datagram.bind(path)
    // node-unix-socket does not unlink its file on close.
    context.defer(() => rm(path, { force: true }))
    context.defer(() => datagram.close())
    // /proc/net/unix column 5 is the type: 0002 = SOCK_DGRAM, 0001 = SOCK_STREAM.
    const table = await procNetUnixEvidence(path)
    context.log(`SOCK_DGRAM socket bound at ${path}`)

    const result = await connect(path)
    if (result.ok) result.value.destroy()
    context.log(`SOCK_STREAM connect → ${outcomeText(result)}`)
    context.check({
      name: 'stream-to-dgram',
      pass:
        table.some((line) => / 0002 /.test(line)) && !result.ok && result.errno === 'EPROTOTYPE',
      expected: 'EPROTOTYPE: protocol wrong type for socket',
      observed: outcomeText(result),
      evidence: [...table, !result.ok ? `error: ${result.error.message}` : 'connected'],
      value: outcomeText(result),
    })
  },
}

export default lab
