/**
 * dbus-external: how the D-Bus system bus authenticates a client, run for
 * real with `dbus-daemon` (Debian's dbus-daemon package). The installed
 * system bus configuration is read for its auth mechanisms and socket; then
 * a private bus is started with exactly those mechanisms on a socket in the
 * lab's directory, and a client speaks the D-Bus auth protocol to it: a claim
 * of its own uid is accepted, a claim of any other uid is rejected, and no
 * password mechanism is offered. The bus takes the uid from the kernel
 * (SO_PEERCRED), so the client's word counts for nothing.
 */
import { readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { waitForReady } from '../src/labs/kit/children.js'
import { unwrap } from '../src/labs/kit/outcome.js'
import { connect } from '../src/labs/kit/sockets.js'
import { findExecutable, toolMissing } from '../src/labs/requirements.js'
import type { LabContext, LabDefinition } from '../src/labs/types.js'

/** Where Debian (and upstream's default datadir) keeps the system bus configuration. */
const systemConfigs = ['/usr/share/dbus-1/system.conf', '/etc/dbus-1/system.conf']

interface SystemBus {
  file: string
  mechanisms: string[]
  listen: string[]
}

async function readSystemBus(): Promise<SystemBus | undefined> {
  for (const file of systemConfigs) {
    let text: string
    try {
      text = await readFile(file, 'utf8')
    } catch {
      continue
    }
    // Comments in the shipped file mention <auth> too; read only live elements.
    const live = text.replace(/<!--[\s\S]*?-->/g, '')
    const all = (tag: string) =>
      [...live.matchAll(new RegExp(`<${tag}>([^<]*)</${tag}>`, 'g'))].map((match) =>
        (match[1] ?? '').trim(),
      )
    return { file, mechanisms: all('auth'), listen: all('listen') }
  }
  return undefined
}

/**
 * A path as a D-Bus address value: every byte but `-0-9A-Za-z_/.\\` as `%XX`
 * (the address syntax, so a space or `é` in TMPDIR is no error); what is
 * left needs no XML escaping.
 */
export function dbusAddressValue(path: string): string {
  let value = ''
  for (const byte of Buffer.from(path, 'utf8')) {
    const char = String.fromCharCode(byte)
    value += /[-0-9A-Za-z_/.\\]/.test(char) ? char : `%${byte.toString(16).padStart(2, '0')}`
  }
  return value
}

/** A bus with the system bus's auth mechanisms, listening on a socket of our own. */
function busConfig(path: string, mechanisms: readonly string[]): string {
  return `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>custom</type>
  <listen>unix:path=${dbusAddressValue(path)}</listen>
${mechanisms.map((mechanism) => `  <auth>${mechanism}</auth>`).join('\n')}
  <policy context="default"><allow user="*"/></policy>
</busconfig>
`
}

/** One auth exchange on a fresh connection: the NUL credentials byte, one command, one reply line. */
async function authenticate(path: string, command: string): Promise<string> {
  const socket = unwrap(await connect(path))
  try {
    socket.write(`\0${command}\r\n`)
    let reply = ''
    for await (const chunk of socket) {
      reply += String(chunk)
      if (reply.includes('\r\n')) break
    }
    return reply.split('\r\n')[0] ?? ''
  } finally {
    socket.destroy()
  }
}

const hex = (text: string) => Buffer.from(text).toString('hex')

/** Start the private bus and wait for the address it prints once it listens. */
async function startBus(context: LabContext, daemon: string, configPath: string): Promise<string> {
  const child = context.spawn(daemon, [
    `--config-file=${configPath}`,
    '--nofork',
    '--print-address',
  ])
  context.defer(() => child.kill())
  const line = await waitForReady(child, { isReady: (text) => /^unix:\S+/.test(text) })
  return /^unix:\S+/.exec(line)?.[0] ?? line
}

const lab: LabDefinition = {
  id: 'dbus-external',
  title: 'D-Bus system bus: EXTERNAL authentication trusts the kernel, not the client',
  summary:
    "Reads the installed system bus configuration for its socket and auth mechanisms, starts a private dbus-daemon with the same mechanisms on a socket in the lab's directory, and speaks the D-Bus auth protocol to it: AUTH with no mechanism lists what the bus offers; AUTH EXTERNAL with the client's own uid is accepted; AUTH EXTERNAL claiming another uid is rejected, because the bus compares the claim with the uid the kernel recorded for the connection (SO_PEERCRED).",
  requires: ['linux', 'dbus-daemon'],
  checks: ['system-bus-external', 'trusts-kernel-credentials'],
  serve: null,
  async run(context) {
    const daemon = await findExecutable('dbus-daemon')
    if (!daemon) return context.skip(toolMissing('dbus-daemon'))
    const system = await readSystemBus()
    if (!system) {
      return context.skip(`no system bus configuration found (${systemConfigs.join(', ')})`)
    }
    context.log(
      `${system.file}: listen ${system.listen.join(', ')}; auth ${system.mechanisms.join(', ')}`,
    )
    const externalOnly = system.mechanisms.length === 1 && system.mechanisms[0] === 'EXTERNAL'
    context.check({
      name: 'system-bus-external',
      pass: externalOnly,
      expected: 'the installed system bus allows the EXTERNAL mechanism and no other',
      observed: `auth mechanisms: ${system.mechanisms.join(', ') || 'none listed'}`,
      evidence: [
        `${system.file}: <auth> ${system.mechanisms.join(', ')}`,
        `${system.file}: <listen> ${system.listen.join(', ')}`,
      ],
      values: [{ kind: 'name', value: externalOnly ? 'EXTERNAL' : system.mechanisms.join(' ') }],
    })

    const path = join(context.dir, 'bus.sock')
    const configPath = join(context.dir, 'bus.conf')
    context.defer(() => rm(path, { force: true }))
    context.defer(() => rm(configPath, { force: true }))
    await writeFile(configPath, busConfig(path, system.mechanisms))
    const address = await startBus(context, daemon, configPath)
    context.log(`private bus with the same mechanisms: ${address}`)

    const uid = process.getuid?.() ?? 0
    const other = uid === 0 ? 65534 : 0
    const offered = await authenticate(path, 'AUTH')
    const own = await authenticate(path, `AUTH EXTERNAL ${hex(String(uid))}`)
    const claimed = await authenticate(path, `AUTH EXTERNAL ${hex(String(other))}`)
    context.log(`AUTH → ${offered}`)
    context.log(`AUTH EXTERNAL as uid ${uid} (this process) → ${own}`)
    context.log(`AUTH EXTERNAL claiming uid ${other} → ${claimed}`)

    const acceptsOwn = own.startsWith('OK ')
    const rejectsClaim = claimed.startsWith('REJECTED')
    // What AUTH without a mechanism lists is everything the bus would take.
    const mechanisms = offered.startsWith('REJECTED') ? offered.split(' ').slice(1) : []
    const noPassword = mechanisms.length > 0 && mechanisms.every((name) => name === 'EXTERNAL')
    context.check({
      name: 'trusts-kernel-credentials',
      pass: acceptsOwn && rejectsClaim && noPassword,
      expected: `AUTH EXTERNAL is accepted for the uid the kernel recorded (${uid}) and rejected for a claimed uid ${other}; the bus offers no password mechanism`,
      observed: `own uid: ${own}; claimed uid ${other}: ${claimed}; offered: ${mechanisms.join(', ') || offered}`,
      evidence: [
        `AUTH → ${offered}`,
        `AUTH EXTERNAL ${hex(String(uid))} (uid ${uid}) → ${own}`,
        `AUTH EXTERNAL ${hex(String(other))} (uid ${other}) → ${claimed}`,
      ],
      values: [
        {
          kind: 'bool',
          label: "kernel's credentials",
          value: acceptsOwn && rejectsClaim ? 'yes' : 'no',
        },
        { kind: 'bool', label: 'password', value: noPassword ? 'no' : 'yes' },
      ],
    })
  },
}

export default lab
