import net from 'node:net'
import { join } from 'node:path'
import { exitText, waitForExit } from '../src/labs/kit/children.js'
import { unwrap } from '../src/labs/kit/outcome.js'
import { peerArgs, peerEnvironment } from '../src/labs/kit/peers.js'
import { closeServer, listen } from '../src/labs/kit/sockets.js'
import { python3Path } from '../src/labs/requirements.js'
import type { LabDefinition } from '../src/labs/types.js'

interface SurvivorReport {
  mode: string
  survived: boolean
  writeError: string | null
}

/** Write once on a socket whose peer is gone and report the errno name (Node ignores SIGPIPE). */
function writeAndReport(socket: net.Socket): Promise<string> {
  return new Promise((resolve) => {
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'unknown'))
    socket.write('anyone there?', (error) => {
      if (!error) resolve('written')
    })
  })
}

const lab: LabDefinition = {
  id: 'epipe',
  title: 'Writing to a stream whose peer closed: EPIPE, and SIGPIPE by default',
  summary:
    'A Node server closes each connection as soon as it is accepted. A Node client waits for that EOF and then writes: the write fails with EPIPE (Node ignores SIGPIPE). A python3 client that restores the default SIGPIPE action does the same and is killed by SIGPIPE; with SIGPIPE ignored it gets EPIPE like Node.',
  requires: ['linux', 'python3'],
  checks: ['write-after-peer-close', 'sigpipe-default'],
  serve: null,
  async run(context) {
    const path = join(context.dir, 'closer.sock')
    const server = unwrap(
      await listen(path, { onConnection: (connection) => connection.destroy() }),
    )
    context.defer(() => closeServer(server))
    context.log(`Node server on ${path} closes every connection at once`)

    // allowHalfOpen keeps our writable side open after the peer's EOF, so the
    // write reaches the kernel instead of Node's write-after-end guard.
    const client = net.connect({ path, allowHalfOpen: true })
    context.defer(() => client.destroy())
    client.resume()
    await new Promise<void>((resolve) => client.once('end', () => resolve()))
    const nodeWrite = await writeAndReport(client)
    context.log(`Node client: EOF from the server, then write → ${nodeWrite}`)

    const ignoring = (await context.runPeer('epipe.py', [path, 'ignore'])) as SurvivorReport
    context.log(`python3, SIGPIPE ignored: write → ${ignoring.writeError}`)
    context.check({
      name: 'write-after-peer-close',
      pass: nodeWrite === 'EPIPE' && ignoring.writeError === 'EPIPE',
      expected: 'EPIPE from write() once the peer has closed (Node, and python3 ignoring SIGPIPE)',
      observed: `Node: ${nodeWrite}; python3: ${ignoring.writeError ?? 'written'}`,
      evidence: [
        `Node write error code: ${nodeWrite}`,
        `python3 report: ${JSON.stringify(ignoring)}`,
      ],
      value: nodeWrite,
    })

    // Spawned directly rather than through runPeer: success here is the peer dying.
    const defaultAction = context.spawn(python3Path, [...peerArgs('epipe.py'), path, 'default'], {
      env: peerEnvironment(),
    })
    let output = ''
    defaultAction.stdout?.on('data', (chunk) => {
      output += chunk
    })
    const exit = await waitForExit(defaultAction)
    context.log(`python3, SIGPIPE default: ended by ${exitText(exit)}`)
    context.check({
      name: 'sigpipe-default',
      pass: exit.signal === 'SIGPIPE' && output === '',
      expected: 'a process with the default SIGPIPE action is killed by SIGPIPE on that write',
      observed: exit.signal ? `killed by ${exit.signal}` : `exited with code ${exit.code}`,
      evidence: [
        `exit signal: ${exit.signal}, exit code: ${exit.code}`,
        `stdout: ${JSON.stringify(output.trim())}`,
      ],
      value: exit.signal ?? `exit ${exit.code}`,
    })
  },
}

export default lab
