/**
 * x11-socket: where an X server for display :0 listens, run for real with
 * Xvfb (Debian's xvfb package; a virtual X server, no screen needed). It is
 * started as display :0 with TCP off, and the lab reads the kernel's table
 * of Unix sockets (/proc/net/unix) for its listeners: the pathname socket
 * /tmp/.X11-unix/X0 and, on Linux, the abstract name @/tmp/.X11-unix/X0. A
 * client connects to the path. When display :0 is taken (a desktop, or
 * another run of this lab) the lab is skipped, never judged.
 */
import { once } from 'node:events'
import { readFile, rm, rmdir, stat } from 'node:fs/promises'
import { procNetUnixRows } from '../src/labs/kit/evidence.js'
import { outcomeText } from '../src/labs/kit/outcome.js'
import { connect } from '../src/labs/kit/sockets.js'
import { findExecutable } from '../src/labs/requirements.js'
import type { LabDefinition } from '../src/labs/types.js'

const display = 0
const directory = '/tmp/.X11-unix'
const path = `${directory}/X${display}`
const lockFile = `/tmp/.X${display}-lock`

/**
 * The pid in display :0's lock file, if that process runs. A lock whose
 * process is gone (a killed server) is stale: Xvfb replaces it, and the
 * socket file beside it, when it starts.
 */
async function lockHolder(): Promise<number | undefined> {
  const pid = Number((await readFile(lockFile, 'utf8').catch(() => '')).trim())
  if (!Number.isInteger(pid) || pid <= 0) return undefined
  try {
    process.kill(pid, 0)
    return pid
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM' ? pid : undefined
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file)
    return true
  } catch {
    return false
  }
}

/** Listening Unix sockets whose name is `name` (a path, or `@` + an abstract name). */
async function listenersNamed(name: string): Promise<string[]> {
  // Flag 00010000 is __SO_ACCEPTCON: the socket listens.
  return (await procNetUnixRows())
    .filter((row) => row.address === name && row.flags === '00010000')
    .map((row) => row.line)
}

const lab: LabDefinition = {
  id: 'x11-socket',
  title:
    'The X server of display :0 listens on /tmp/.X11-unix/X0 and on the abstract @/tmp/.X11-unix/X0',
  summary:
    "Starts Xvfb, a virtual X server, as display :0 with TCP off, and reads the kernel's table of Unix sockets (/proc/net/unix) for listeners named /tmp/.X11-unix/X0 (a socket file) and @/tmp/.X11-unix/X0 (an abstract name); a client connects to the path. Skipped when display :0 is already taken.",
  requires: ['linux'],
  checks: ['display-socket-path', 'display-abstract-name'],
  serve: null,
  async run(context) {
    const xvfb = await findExecutable('Xvfb')
    if (!xvfb) return context.skip('needs Xvfb on PATH (apt-get install xvfb)')
    const holder = await lockHolder()
    if (holder !== undefined) {
      return context.skip(`display :${display} is in use (${lockFile} names running pid ${holder})`)
    }
    const createdDirectory = !(await exists(directory))
    const server = context.spawn(xvfb, [`:${display}`, '-nolisten', 'tcp'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    server.stderr?.setEncoding('utf8')
    server.stderr?.on('data', (chunk: string) => {
      output += chunk
    })
    // Xvfb removes its socket and lock when SIGTERM stops it (see the end of
    // the run). Killed harder (a deadline), it leaves both: they are removed
    // here, but only while the lock still names our server.
    context.defer(async () => {
      const holder = await readFile(lockFile, 'utf8').catch(() => '')
      if (server.pid !== undefined && Number(holder.trim()) === server.pid) {
        await rm(path, { force: true })
        await rm(lockFile, { force: true })
      }
      if (createdDirectory) await rmdir(directory).catch(() => {})
    })
    const exited = once(server, 'exit').then(([code]) => {
      throw new Error(`Xvfb exited (${code}): ${output.trim()}`)
    })
    // Ready once the kernel lists the pathname listener.
    for (let attempt = 0; (await listenersNamed(path)).length === 0; attempt++) {
      if (attempt > 200) throw new Error(`Xvfb did not listen on ${path}: ${output.trim()}`)
      await Promise.race([new Promise((resolve) => setTimeout(resolve, 25)), exited])
    }
    exited.catch(() => {})

    const pathListeners = await listenersNamed(path)
    const abstractListeners = await listenersNamed(`@${path}`)
    const isSocket = (await stat(path)).isSocket()
    const connected = await connect(path)
    if (connected.ok) connected.value.destroy()
    const client = outcomeText(connected)
    context.log(`/proc/net/unix listeners for ${path}: ${pathListeners.length}`)
    context.log(`/proc/net/unix listeners for @${path}: ${abstractListeners.length}`)
    context.log(`client connect to ${path}: ${client}`)

    const onPath = pathListeners.length > 0 && isSocket && client === 'connected'
    context.check({
      name: 'display-socket-path',
      pass: onPath,
      expected: `the X server of display :${display} listens on the socket file ${path}, and a client connects to it`,
      observed: `${path}: ${isSocket ? 'a socket file' : 'not a socket'}, ${pathListeners.length} listener(s), client ${client}`,
      evidence: pathListeners.map((line) => `/proc/net/unix: ${line}`),
      values: [{ kind: 'name', value: onPath ? path : 'none' }],
    })
    const abstract = abstractListeners.length > 0
    context.check({
      name: 'display-abstract-name',
      pass: abstract,
      expected: `on Linux the same server also listens on the abstract name @${path}`,
      observed: `${abstractListeners.length} listener(s) named @${path}`,
      evidence: abstractListeners.map((line) => `/proc/net/unix: ${line}`),
      values: [{ kind: 'name', value: abstract ? `@${path}` : 'none', about: 'abstract' }],
    })
    // Stopped here, with time to tidy up: the runner's own stop is quicker to SIGKILL.
    const stopped = once(server, 'exit')
    server.kill('SIGTERM')
    await stopped
  },
}

export default lab
