// A lab for the tests of stopping a lab: its peer listens on a socket in the lab directory.

/**
 * Starts a peer listening on a socket in its directory, notes the peer's
 * pid, socket and directory in the folder it runs in, then waits a minute.
 */
export const peeredLab = `import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
export default {
  id: 'peered',
  title: 'A lab whose peer waits',
  summary: 'Its peer listens; it waits a minute.',
  requires: [],
  checks: ['ran'],
  serve: null,
  async run(context) {
    const socket = join(context.dir, 'peer.sock')
    const listen = "require('node:net').createServer().listen(process.argv[1], () => console.log('READY'))"
    const peer = context.spawn(process.execPath, ['-e', listen, socket])
    await new Promise((resolve) => peer.stdout.once('data', resolve))
    writeFileSync('peer.json', JSON.stringify({ pid: peer.pid, socket, dir: context.dir }))
    await new Promise((resolve) => setTimeout(resolve, 60_000))
    writeFileSync('peered-ended', '')
  },
}
`
