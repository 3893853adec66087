/**
 * Lab: a pathname socket's file outlives close(). Binding the path again gives
 * EADDRINUSE until someone unlinks it. Node's `server.close()` unlinks the
 * file it created; a process killed with SIGKILL leaves it behind. An
 * independent python3 peer does the plain bind/close; Node checks the file.
 */
import { lstat, rm, unlink } from 'node:fs/promises'
import { join } from 'node:path'
import { waitForExit, waitForReady } from '../src/labs/kit/children.js'
import { fileModeString, procNetUnixLines } from '../src/labs/kit/evidence.js'
import { closeServer, listen } from '../src/labs/kit/sockets.js'
import type { LabContext, LabDefinition } from '../src/labs/types.js'

/** What the python3 peer reports after bind() and close(). */
interface BindReport {
  bound: boolean
  errno?: string | undefined
  fileAfterClose: boolean
}

/** `socket` when the path is a socket file, the kind of file otherwise, `absent` when missing. */
async function fileKind(path: string): Promise<string> {
  try {
    const stats = await lstat(path)
    return stats.isSocket() ? 'socket' : 'not a socket'
  } catch {
    return 'absent'
  }
}

/** Evidence lines about a path: its mode and its `/proc/net/unix` lines (none once nothing is bound). */
async function fileEvidence(path: string): Promise<string[]> {
  const kind = await fileKind(path)
  const mode = kind === 'absent' ? 'no such file' : await fileModeString(path)
  const table = await procNetUnixLines(path)
  return [
    `stat ${path}: ${mode}`,
    table.length > 0
      ? `/proc/net/unix: ${table.join(' | ')}`
      : '/proc/net/unix: no socket bound to it',
  ]
}

function bindText(report: BindReport): string {
  return report.bound ? 'bind ok' : `bind failed with ${report.errno}`
}

/**
 * What the crash-leaves-file outcome is said of, and node-close-unlinks' other
 * side (src/verify/README.md, "Binding"): a listener killed with SIGKILL
 * stands for a crash, and only server.close() removes the file.
 */
const killed = 'crashes | crash | killed | SIGKILL'

/** Start a separate Node process that listens on `path`, wait for its READY, and SIGKILL it. */
async function crashListener(context: LabContext, path: string): Promise<string> {
  const code = "require('net').createServer().listen(process.argv[1], () => console.log('READY'))"
  const child = context.spawn(process.execPath, ['-e', code, path], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  await waitForReady(child)
  child.kill('SIGKILL')
  await waitForExit(child)
  return `node listener pid ${child.pid} killed with ${child.signalCode}`
}

const lab: LabDefinition = {
  id: 'socket-file-persists',
  title: 'The socket file outlives close(); re-binding needs unlink()',
  summary:
    "A python3 peer binds a pathname socket and closes it: the file stays. Binding the path again fails with EADDRINUSE, from python3 and from Node alike, until the file is unlinked. Node's server.close() unlinks the file it created; a Node server killed with SIGKILL leaves it behind.",
  requires: ['linux', 'python3'],
  checks: [
    'file-outlives-close',
    'rebind-eaddrinuse',
    'unlink-then-bind',
    'node-close-unlinks',
    'crash-leaves-file',
  ],
  serve: null,
  async run(context) {
    const path = join(context.dir, 'persist.sock')
    context.defer(() => rm(path, { force: true }))

    const first = (await context.runPeer('socket-file-persists.py', [path])) as BindReport
    context.log(
      `python3 bind + close: ${bindText(first)}, file after close: ${first.fileAfterClose}`,
    )
    const kindAfterClose = await fileKind(path)
    context.check({
      name: 'file-outlives-close',
      values: [
        {
          kind: 'bool',
          label: 'stays',
          value: first.bound && first.fileAfterClose && kindAfterClose === 'socket' ? 'yes' : 'no',
        },
      ],
      pass: first.bound && first.fileAfterClose && kindAfterClose === 'socket',
      expected: 'after bind() and close() the socket file is still there',
      observed: `${bindText(first)}; after close the path is: ${kindAfterClose}`,
      evidence: [`python3: ${JSON.stringify(first)}`, ...(await fileEvidence(path))],
    })

    const again = (await context.runPeer('socket-file-persists.py', [path])) as BindReport
    const nodeAgain = await listen(path)
    if (nodeAgain.ok) await closeServer(nodeAgain.value)
    const nodeText = nodeAgain.ok ? 'listen ok' : `listen failed with ${nodeAgain.errno}`
    context.log(`bind again: python3 ${bindText(again)}; node ${nodeText}`)
    context.check({
      name: 'rebind-eaddrinuse',
      pass:
        !again.bound &&
        again.errno === 'EADDRINUSE' &&
        !nodeAgain.ok &&
        nodeAgain.errno === 'EADDRINUSE',
      expected: 'binding the leftover path fails with EADDRINUSE (python3 bind and Node listen)',
      observed: `python3: ${bindText(again)}; node: ${nodeText}`,
      evidence: [`python3: ${JSON.stringify(again)}`, `node listen(${path}): ${nodeText}`],
      value: again.bound ? 'bound' : again.errno,
      values: [
        {
          kind: 'errno',
          label: 'bind on a leftover file',
          value: again.bound ? 'bound' : (again.errno ?? 'none'),
          about: 'bind | binding | rebind',
        },
        { kind: 'bool', label: 'fails | failing | gives', value: again.bound ? 'no' : 'yes' },
      ],
    })

    await unlink(path)
    context.log(`unlink(${path})`)
    const afterUnlink = (await context.runPeer('socket-file-persists.py', [path])) as BindReport
    await unlink(path)
    const nodeAfterUnlink = await listen(path)
    const nodeAfterText = nodeAfterUnlink.ok
      ? 'listen ok'
      : `listen failed with ${nodeAfterUnlink.errno}`
    context.log(
      `after unlink: python3 ${bindText(afterUnlink)}; after a second unlink node ${nodeAfterText}`,
    )
    context.check({
      name: 'unlink-then-bind',
      values: [
        {
          kind: 'order',
          value: afterUnlink.bound && nodeAfterUnlink.ok ? 'unlink < bind' : 'bind < unlink',
        },
        {
          kind: 'bool',
          label: 'before',
          value: afterUnlink.bound && nodeAfterUnlink.ok ? 'yes' : 'no',
        },
      ],
      pass: afterUnlink.bound && nodeAfterUnlink.ok,
      expected: 'after unlink() the path can be bound again',
      observed: `python3: ${bindText(afterUnlink)}; node: ${nodeAfterText}`,
      evidence: [`python3: ${JSON.stringify(afterUnlink)}`, ...(await fileEvidence(path))],
    })

    if (nodeAfterUnlink.ok) {
      const beforeClose = await fileKind(path)
      await closeServer(nodeAfterUnlink.value)
      const afterClose = await fileKind(path)
      context.log(`node server.close(): the path was ${beforeClose}, now ${afterClose}`)
      context.check({
        name: 'node-close-unlinks',
        values: [
          {
            kind: 'bool',
            label: 'unlinks',
            value: beforeClose === 'socket' && afterClose === 'absent' ? 'yes' : 'no',
            about: 'close()',
            contrast: killed,
          },
        ],
        pass: beforeClose === 'socket' && afterClose === 'absent',
        expected: "Node's server.close() removes the socket file it created",
        observed: `while listening: ${beforeClose}; after server.close(): ${afterClose}`,
        evidence: [`before close: ${beforeClose}`, ...(await fileEvidence(path))],
      })
    } else {
      context.skipCheck('node-close-unlinks', `node could not listen: ${nodeAfterUnlink.errno}`)
    }

    await rm(path, { force: true })
    const crash = await crashListener(context, path)
    const afterCrash = await fileKind(path)
    context.log(`${crash}; the path is now: ${afterCrash}`)
    context.check({
      name: 'crash-leaves-file',
      values: [
        {
          kind: 'bool',
          label: 'stays',
          value: afterCrash === 'socket' ? 'yes' : 'no',
          about: killed,
          contrast: 'close()',
        },
      ],
      pass: afterCrash === 'socket',
      expected: 'a listener killed with SIGKILL leaves its socket file behind',
      observed: `after SIGKILL the path is: ${afterCrash}`,
      evidence: [crash, ...(await fileEvidence(path))],
    })
  },
}

export default lab
