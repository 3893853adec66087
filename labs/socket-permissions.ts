/**
 * Lab: connecting to a pathname socket needs write permission on the socket
 * file and search permission on its directory. A Node server listens; an
 * independent python3 client connects as an unprivileged user (uid `nobody`
 * when the lab runs as root, because root bypasses both checks).
 */
import { chmod, chown, mkdir, rm, stat } from 'node:fs/promises'
import type { Socket } from 'node:net'
import { join } from 'node:path'
import { capabilityReason, missingCapabilities } from '../src/labs/capabilities.js'
import { fileModeString } from '../src/labs/kit/evidence.js'
import { unwrap } from '../src/labs/kit/outcome.js'
import { labDirectoryUnreachable } from '../src/labs/kit/reach.js'
import { closeServer, listen } from '../src/labs/kit/sockets.js'
import { dropToNobody, isRoot } from '../src/labs/requirements.js'
import type { LabDefinition } from '../src/labs/types.js'

/** What the python3 client reports. */
interface ConnectReport {
  uid: number
  gid: number
  connected: boolean
  errno?: string | undefined
}

function connectText(report: ConnectReport): string {
  const outcome = report.connected ? 'connected' : `connect failed with ${report.errno}`
  return `uid ${report.uid}: ${outcome}`
}

const lab: LabDefinition = {
  id: 'socket-permissions',
  title: 'Connecting needs write permission on the socket file',
  summary:
    'A Node server listens on a pathname socket; an independent python3 client connects as an unprivileged user (uid nobody via /usr/bin/python3 when running as root). Without write permission on the socket file connect() fails with EACCES (so a default 0755 socket lets only its owner in); with it (even write alone) it succeeds, for members of the file group too (group write, no bits for others); root connects to a mode 000 socket; without search permission on the directory connect() fails with EACCES too.',
  requires: ['linux', 'python3'],
  checks: [
    'no-write-eacces',
    'write-permission-allows',
    'root-bypasses',
    'directory-search-needed',
    'default-mode-umask',
    'default-mode-owner-only',
    'group-write-allows',
    'writable-all',
  ],
  serve: null,
  async run(context) {
    // The mode bind() gives a socket file: 0777 minus the umask, for two umasks.
    const modes: Record<string, string> = {}
    for (const mask of [0o022, 0o077]) {
      const path = join(context.dir, `umask-${mask.toString(8)}.sock`)
      const previous = process.umask(mask)
      const server = await listen(path).finally(() => process.umask(previous))
      if (!server.ok) throw new Error(`listen on ${path} failed: ${server.errno}`)
      try {
        modes[mask.toString(8).padStart(3, '0')] = ((await stat(path)).mode & 0o777)
          .toString(8)
          .padStart(4, '0')
      } finally {
        // Closed even when stat fails: a server left listening would keep decklab running.
        await closeServer(server.value)
      }
    }
    const minusUmask = modes['022'] === '0755' && modes['077'] === '0700'
    context.check({
      name: 'default-mode-umask',
      pass: minusUmask,
      expected: 'a socket file gets 0777 minus the umask: 0755 under umask 022, 0700 under 077',
      observed: Object.entries(modes)
        .map(([mask, mode]) => `umask ${mask} → ${mode}`)
        .join('; '),
      evidence: Object.entries(modes).map(([mask, mode]) => `umask ${mask}: stat mode ${mode}`),
      values: minusUmask
        ? [
            {
              kind: 'mode',
              label: 'before the umask',
              value: '0777',
              about: 'minus the umask | before the umask | requested',
            },
            { kind: 'mode', label: 'usual umask', value: '022', about: 'umask', input: true },
            {
              kind: 'mode',
              label: 'mode under umask 022',
              value: modes['022'] ?? '',
              about: 'under the usual umask | under umask | umask 022 | under',
            },
          ]
        : [],
    })
    // listen({ writableAll: true }) makes the file writable by everyone, whatever the umask.
    const allPath = join(context.dir, 'all.sock')
    const previous = process.umask(0o022)
    const everyone = unwrap(
      await listen({ path: allPath, writableAll: true }).finally(() => process.umask(previous)),
    )
    // Read before the server closes: Node removes its socket file then.
    const [allMode, allModeText] = await Promise.all([
      stat(allPath).then((stats) => stats.mode & 0o777),
      fileModeString(allPath),
    ]).finally(() => closeServer(everyone))
    const worldWritable = (allMode & 0o002) !== 0
    context.check({
      name: 'writable-all',
      pass: worldWritable,
      expected:
        'listen({ path, writableAll: true }) under umask 022 leaves the socket file world-writable',
      observed: `mode ${allMode.toString(8).padStart(4, '0')}`,
      evidence: [
        `stat ${allPath}: ${allModeText} (${allMode.toString(8).padStart(4, '0')})`,
        `stat ${context.dir}: ${await fileModeString(context.dir)} (the lab directory)`,
      ],
      values: [
        { kind: 'bool', label: 'world-writable', value: worldWritable ? 'yes' : 'no' },
        // The option the check listened with: a card must name it as it is.
        { kind: 'name', label: 'option', value: 'writableAll: true', input: true },
      ],
    })

    const root = isRoot()
    // Root without CAP_SETUID/CAP_SETGID (a container's --cap-drop) cannot run the peer as nobody.
    const drop = root ? await dropToNobody() : undefined
    const nobody = drop && 'user' in drop ? drop.user : undefined
    // The unprivileged side: `nobody` when we are root, else ourselves (we are not root).
    const unprivileged = root
      ? nobody && { uid: nobody.uid, gid: nobody.gid, label: `${nobody.name} (uid ${nobody.uid})` }
      : { uid: undefined, gid: undefined, label: `this user (uid ${process.getuid?.()})` }
    // As the file owner, only the owner bits count; for `nobody`, only the "other" bits.
    const bits = root ? { noWrite: 0o755, writeOnly: 0o002 } : { noWrite: 0o555, writeOnly: 0o200 }

    // Let the unprivileged peer reach a subdirectory whose modes the lab controls.
    await chmod(context.dir, 0o711)
    // A folder above the lab's (a private TMPDIR) may still shut nobody out: its EACCES would prove nothing.
    const unreachable = nobody ? await labDirectoryUnreachable(context.dir, nobody.uid) : undefined
    const directory = join(context.dir, 'p')
    await mkdir(directory)
    await chmod(directory, 0o711)
    // Restore search permission first: without it not even the owner could remove the socket.
    context.defer(async () => {
      await chmod(directory, 0o711)
      await rm(directory, { recursive: true, force: true })
    })
    const path = join(directory, 'perm.sock')

    const greetings: string[] = []
    const connections = new Set<Socket>()
    let greeted: (() => void) | undefined
    const listening = await listen(path, {
      onConnection: (socket) => {
        connections.add(socket)
        socket.setEncoding('utf8')
        socket.on('data', (text: string) => {
          greetings.push(text.trim())
          greeted?.()
        })
        socket.on('error', () => {})
      },
    })
    if (!listening.ok) throw new Error(`expected the node server to listen, got ${listening.errno}`)
    const server = listening.value
    context.defer(async () => {
      for (const socket of connections) socket.destroy()
      await closeServer(server)
    })
    context.log(`node server listening on ${path}`)

    /** Set modes, run the python3 client as `user`, and wait for its greeting when it connected. */
    const attempt = async (
      socketMode: number,
      directoryMode: number,
      user: { uid?: number | undefined; gid?: number | undefined },
    ) => {
      await chmod(directory, 0o711)
      await chmod(path, socketMode)
      // Read the socket's mode before the directory may lose its search permission.
      const socketModeText = await fileModeString(path)
      await chmod(directory, directoryMode)
      const modes = [
        `socket ${socketModeText} (${socketMode.toString(8).padStart(4, '0')})`,
        `directory ${await fileModeString(directory)} (${directoryMode.toString(8).padStart(4, '0')})`,
      ]
      const before = greetings.length
      const arrived = new Promise<void>((resolve) => {
        greeted = () => {
          if (greetings.length > before) resolve()
        }
      })
      const options = user.uid === undefined ? undefined : { uid: user.uid, gid: user.gid }
      const report = (await context.runPeer(
        'socket-permissions.py',
        [path],
        options,
      )) as ConnectReport
      if (report.connected) await arrived
      const accepted = greetings.slice(before)
      context.log(`${modes.join(', ')}: python3 ${connectText(report)}`)
      const evidence = [
        ...modes,
        `python3 client: ${JSON.stringify(report)}`,
        `node server received: ${accepted.length > 0 ? accepted.join(' | ') : 'nothing'}`,
      ]
      return { report, accepted, evidence }
    }

    if (unprivileged && !unreachable) {
      const denied = await attempt(bits.noWrite, 0o711, unprivileged)
      context.check({
        name: 'no-write-eacces',
        pass: !denied.report.connected && denied.report.errno === 'EACCES',
        expected: `${unprivileged.label} without write permission on the socket file gets EACCES`,
        observed: connectText(denied.report),
        evidence: denied.evidence,
        value: denied.report.connected ? 'connected' : denied.report.errno,
      })

      // The default mode (0755) as another user sees it: only the owner has write permission.
      // Only root has another user to connect as; as the owner, 0755 lets one in.
      if (nobody) {
        const other = await attempt(0o755, 0o711, unprivileged)
        const refused = !other.report.connected && other.report.errno === 'EACCES'
        context.check({
          name: 'default-mode-owner-only',
          pass: refused,
          expected: `${unprivileged.label}, not the owner, gets EACCES on a mode 0755 socket file`,
          observed: connectText(other.report),
          evidence: other.evidence,
          values: [{ kind: 'bool', label: 'only the owner', value: refused ? 'yes' : 'no' }],
        })
        // Group write alone lets a member in: `nobody` is in the socket's group, others have no bits.
        // Giving the socket nobody's group takes CAP_CHOWN, which root may lack.
        const noChown = await missingCapabilities(['CAP_CHOWN'])
        if (noChown.length > 0) {
          context.skipCheck(
            'group-write-allows',
            capabilityReason(noChown, "giving the socket file another user's group"),
          )
        } else {
          await chown(path, 0, nobody.gid)
          const member = await attempt(0o720, 0o711, unprivileged).finally(() => chown(path, 0, 0))
          const joined = member.report.connected && member.accepted.length === 1
          context.check({
            name: 'group-write-allows',
            pass: joined,
            expected: `${unprivileged.label}, not the owner but in the socket file's group (gid ${nobody.gid}), connects to a mode 0720 socket file (group write only)`,
            observed: `${connectText(member.report)}; the server accepted ${member.accepted.length} connection(s)`,
            evidence: [`socket file group: gid ${nobody.gid}`, ...member.evidence],
            values: [{ kind: 'bool', label: 'group write', value: joined ? 'yes' : 'no' }],
          })
        }
      } else {
        const reason = 'not running as root: there is no other user to connect as'
        context.skipCheck('default-mode-owner-only', reason)
        context.skipCheck('group-write-allows', reason)
      }

      const allowed = await attempt(bits.writeOnly, 0o711, unprivileged)
      context.check({
        name: 'write-permission-allows',
        values: [
          {
            kind: 'bool',
            label: 'write',
            value: allowed.report.connected && allowed.accepted.length === 1 ? 'yes' : 'no',
          },
        ],
        pass: allowed.report.connected && allowed.accepted.length === 1,
        expected: `${unprivileged.label} with write permission (only) on the socket file connects`,
        observed: `${connectText(allowed.report)}; the server accepted ${allowed.accepted.length} connection(s)`,
        evidence: allowed.evidence,
      })

      const noSearch = await attempt(0o777, 0o600, unprivileged)
      context.check({
        name: 'directory-search-needed',
        values: [
          {
            kind: 'bool',
            label: 'search',
            value: !noSearch.report.connected && noSearch.report.errno === 'EACCES' ? 'yes' : 'no',
          },
        ],
        pass: !noSearch.report.connected && noSearch.report.errno === 'EACCES',
        expected: `${unprivileged.label} without search (x) permission on the directory gets EACCES, even on a mode 0777 socket`,
        observed: connectText(noSearch.report),
        evidence: noSearch.evidence,
      })
    } else {
      const reason =
        unreachable ?? (drop && 'reason' in drop ? drop.reason : 'no unprivileged user to drop to')
      context.skipCheck('no-write-eacces', reason)
      context.skipCheck('default-mode-owner-only', reason)
      context.skipCheck('group-write-allows', reason)
      context.skipCheck('write-permission-allows', reason)
      context.skipCheck('directory-search-needed', reason)
    }

    // Root passes file modes by CAP_DAC_OVERRIDE, not by its uid: without it the kernel refuses root too.
    const noOverride = root ? await missingCapabilities(['CAP_DAC_OVERRIDE']) : []
    if (noOverride.length > 0) {
      context.skipCheck(
        'root-bypasses',
        capabilityReason(noOverride, 'connecting past the socket file mode'),
      )
    } else if (root) {
      const bypass = await attempt(0o000, 0o711, {})
      context.check({
        name: 'root-bypasses',
        values: [
          {
            kind: 'bool',
            label: 'can connect',
            value:
              bypass.report.uid === 0 && bypass.report.connected && bypass.accepted.length === 1
                ? 'yes'
                : 'no',
          },
          { kind: 'mode', label: 'socket file mode', value: '0000', input: true },
        ],
        pass: bypass.report.uid === 0 && bypass.report.connected && bypass.accepted.length === 1,
        expected: 'root connects even to a mode 0000 socket file',
        observed: `${connectText(bypass.report)}; the server accepted ${bypass.accepted.length} connection(s)`,
        evidence: bypass.evidence,
      })
    } else {
      context.skipCheck(
        'root-bypasses',
        'not running as root, and there is no way to become root here',
      )
    }

    await chmod(directory, 0o711)
  },
}

export default lab
