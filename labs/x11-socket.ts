/**
 * x11-socket: where an X server listens, run for real with Xvfb (Debian's
 * xvfb package; a virtual X server, no screen needed). Xvfb starts with TCP
 * off and `-displayfd`, so it takes the first free display itself and says
 * which; display :N listens on the pathname socket /tmp/.X11-unix/XN and, on
 * Linux, on the abstract name @/tmp/.X11-unix/XN. The lab reads the kernel's
 * table of Unix sockets (/proc/net/unix) for those listeners and counts only
 * those whose inode is a socket of the Xvfb it started (/proc/<pid>/fd): a
 * listener some other process put there proves nothing about X, and the lab
 * reports `error` then, as it does when its Xvfb exits. A client connects to
 * the path.
 */
import type { ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { readdir, readFile, readlink, rm, stat } from 'node:fs/promises'
import { createInterface } from 'node:readline'
import { waitForExit } from '../src/labs/kit/children.js'
import { procNetUnixRows, type UnixSocketRow } from '../src/labs/kit/evidence.js'
import { outcomeText } from '../src/labs/kit/outcome.js'
import { useSharedFolder } from '../src/labs/kit/shared-folder.js'
import { connect } from '../src/labs/kit/sockets.js'
import { findExecutable, toolMissing } from '../src/labs/requirements.js'
import type { LabDefinition } from '../src/labs/types.js'

const directory = '/tmp/.X11-unix'
const socketPath = (display: number) => `${directory}/X${display}`
const lockFile = (display: number) => `/tmp/.X${display}-lock`

/** The inodes of the sockets process `pid` has open, from the links in /proc/<pid>/fd. */
async function socketInodes(pid: number): Promise<Set<string>> {
  const inodes = new Set<string>()
  for (const fd of await readdir(`/proc/${pid}/fd`)) {
    const target = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => '')
    const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1]
    if (inode) inodes.add(inode)
  }
  return inodes
}

/** Listening Unix sockets whose name is `name` (a path, or `@` + an abstract name). */
function listenersNamed(rows: readonly UnixSocketRow[], name: string): UnixSocketRow[] {
  // Flag 00010000 is __SO_ACCEPTCON: the socket listens.
  return rows.filter((row) => row.address === name && row.flags === '00010000')
}

/**
 * The display number Xvfb writes on `-displayfd` once it listens; rejects,
 * with what it said, when it exits first.
 */
async function displayOf(server: ChildProcess, output: () => string): Promise<number> {
  const pipe = server.stdio[3]
  if (!pipe) throw new Error('Xvfb has no -displayfd pipe')
  const lines = createInterface({ input: pipe as NodeJS.ReadableStream })
  const exited = waitForExit(server).then((exit) => {
    throw new Error(
      `Xvfb exited (${exit.signal ?? `code ${exit.code}`}) before it listened: ${output().trim()}`,
    )
  })
  try {
    const [line] = (await Promise.race([once(lines, 'line'), exited])) as [string]
    const display = Number(line.trim())
    if (!Number.isInteger(display) || display < 0) {
      throw new Error(`Xvfb reported display ${JSON.stringify(line)}`)
    }
    return display
  } finally {
    lines.close()
    exited.catch(() => {})
  }
}

const lab: LabDefinition = {
  id: 'x11-socket',
  title:
    'The X server of display :0 listens on /tmp/.X11-unix/X0 and on the abstract @/tmp/.X11-unix/X0',
  summary:
    "Starts Xvfb, a virtual X server, with TCP off on the first free display N (its -displayfd says which), and reads the kernel's table of Unix sockets (/proc/net/unix) for listeners named /tmp/.X11-unix/XN (a socket file) and @/tmp/.X11-unix/XN (an abstract name) whose inode is a socket of that Xvfb; a client connects to the path. For display :0 these are /tmp/.X11-unix/X0 and @/tmp/.X11-unix/X0.",
  requires: ['linux', 'Xvfb'],
  checks: ['display-socket-path', 'display-abstract-name'],
  serve: null,
  async run(context) {
    const xvfb = await findExecutable('Xvfb')
    if (!xvfb) return context.skip(toolMissing('Xvfb'))
    // Xvfb makes /tmp/.X11-unix and never removes it: the run makes it first when it is absent,
    // and the last run using one a run made removes it (kit/shared-folder.ts), also when that
    // is another user's run or decklab is killed with SIGKILL (then the janitor removes it).
    // One that was there already, whoever made it, is left alone.
    const folder = await useSharedFolder(directory, 0o1777)
    if (folder.made) context.removeWhenEmpty(directory, { onlyIfKilled: true })
    context.defer(async () => {
      try {
        await folder.leave()
      } catch (error) {
        throw new Error(
          `could not remove ${directory}, made by a decklab run and left empty by this one: ${(error as Error).message}`,
        )
      }
    })
    // Should decklab be killed, SIGTERM lets Xvfb remove its socket and lock in /tmp.
    const server = context.spawn(xvfb, ['-displayfd', '3', '-nolisten', 'tcp'], {
      stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
      deathSignal: 'SIGTERM',
    })
    const pid = server.pid
    if (pid === undefined) throw new Error('Xvfb did not start')
    let output = ''
    server.stderr?.setEncoding('utf8')
    server.stderr?.on('data', (chunk: string) => {
      output += chunk
    })
    server.stdout?.resume()
    let display: number | undefined
    // Xvfb removes its socket and lock when SIGTERM stops it (see the end of
    // the run). Killed harder (a deadline), it leaves both: they are removed
    // here, but only while the lock still names our server.
    context.defer(async () => {
      if (display === undefined) return
      const holder = await readFile(lockFile(display), 'utf8').catch(() => '')
      if (Number(holder.trim()) === pid) {
        await rm(socketPath(display), { force: true })
        await rm(lockFile(display), { force: true })
      }
    })
    display = await displayOf(server, () => output)
    const path = socketPath(display)
    context.log(`Xvfb (pid ${pid}) took display :${display}`)

    const ours = await socketInodes(pid)
    const rows = await procNetUnixRows()
    const pathListeners = listenersNamed(rows, path)
    const abstractListeners = listenersNamed(rows, `@${path}`)
    const evidence = (row: UnixSocketRow) =>
      `/proc/net/unix: ${row.line}${ours.has(row.inode) ? ` (inode ${row.inode}: Xvfb pid ${pid})` : ` (inode ${row.inode}: not Xvfb pid ${pid})`}`
    const foreign = [...pathListeners, ...abstractListeners].filter((row) => !ours.has(row.inode))
    if (foreign.length > 0) {
      // Another process listens under display :N's names: what a client reaches is not known.
      throw new Error(
        `another process listens as display :${display} beside this lab's Xvfb: ${foreign.map(evidence).join('; ')}`,
      )
    }
    const ownPath = pathListeners.filter((row) => ours.has(row.inode))
    const ownAbstract = abstractListeners.filter((row) => ours.has(row.inode))
    const isSocket = (await stat(path)).isSocket()
    const connected = await connect(path)
    if (connected.ok) connected.value.destroy()
    const client = outcomeText(connected)
    context.log(`/proc/net/unix listeners of Xvfb pid ${pid} on ${path}: ${ownPath.length}`)
    context.log(`/proc/net/unix listeners of Xvfb pid ${pid} on @${path}: ${ownAbstract.length}`)
    context.log(`client connect to ${path}: ${client}`)

    // Cards state display :0's names. Published only when this Xvfb is :0: another display
    // shows the rule, not those names, and a name the kernel did not show is no kernel value.
    const observedZero = display === 0
    const onPath = ownPath.length > 0 && isSocket && client === 'connected'
    context.check({
      name: 'display-socket-path',
      pass: onPath,
      expected: `the X server of display :${display} listens on the socket file ${path} (for display :0, ${socketPath(0)}), and a client connects to it`,
      observed: `${path}: ${isSocket ? 'a socket file' : 'not a socket'}, ${ownPath.length} listener(s) of Xvfb pid ${pid}, client ${client}`,
      evidence: ownPath.map(evidence),
      values: observedZero ? [{ kind: 'name', value: onPath ? socketPath(0) : 'none' }] : [],
    })
    const abstract = ownAbstract.length > 0
    context.check({
      name: 'display-abstract-name',
      pass: abstract,
      expected: `on Linux the same server also listens on the abstract name @${path} (for display :0, @${socketPath(0)})`,
      observed: `${ownAbstract.length} listener(s) of Xvfb pid ${pid} named @${path}`,
      evidence: ownAbstract.map(evidence),
      values: observedZero
        ? [{ kind: 'name', value: abstract ? `@${socketPath(0)}` : 'none', about: 'abstract' }]
        : [],
    })
    // Stopped here, with time to tidy up: the runner's own stop is quicker to SIGKILL.
    const stopped = waitForExit(server)
    server.kill('SIGTERM')
    await stopped
  },
}

export default lab
