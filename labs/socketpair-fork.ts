/**
 * Lab: socketpair() then fork() gives a parent and a child one connected,
 * unnamed socket each; they talk both ways. Node has no socketpair() API, so
 * an independent python3 peer forks; Node's own child `stdio: 'pipe'` turns
 * out to be a socketpair too (`/proc/<pid>/fd/0` is `socket:[inode]`).
 */
import { readlink } from 'node:fs/promises'
import { waitForExit, waitForReady } from '../src/labs/kit/children.js'
import { procNetUnixRows } from '../src/labs/kit/evidence.js'
import { peerArgs, peerEnvironment } from '../src/labs/kit/peers.js'
import { python3Path } from '../src/labs/requirements.js'
import type { LabContext, LabDefinition } from '../src/labs/types.js'

/** One side of the python3 socketpair + fork exchange. */
interface Side {
  pid: number
  received: string
  sockname: string
  peername: string
}

interface ForkReport {
  parent: Side & { childPid: number }
  child: Side
}

/** `/proc/net/unix` lines whose inode column is `inode`. */
async function procNetUnixByInode(inode: string): Promise<string[]> {
  return (await procNetUnixRows()).filter((row) => row.inode === inode).map((row) => row.line)
}

/** Spawn a child with `stdio: 'pipe'` and read what its fds 0 and 1 are, from /proc. */
async function inspectChildStdio(context: LabContext) {
  const child = context.spawn(python3Path, peerArgs('socketpair-fork-stdio.py'), {
    env: peerEnvironment(),
    stdio: 'pipe',
  })
  await waitForReady(child)
  const links: Record<string, string> = {}
  const evidence: string[] = []
  for (const fd of ['0', '1']) {
    const link = await readlink(`/proc/${child.pid}/fd/${fd}`)
    links[fd] = link
    evidence.push(`readlink /proc/${child.pid}/fd/${fd} -> ${link}`)
    const inode = link.match(/^socket:\[(\d+)\]$/)?.[1]
    if (inode) {
      const rows = await procNetUnixByInode(inode)
      evidence.push(`/proc/net/unix inode ${inode}: ${rows.join(' | ') || 'not found'}`)
    }
  }
  child.stdin!.end()
  await waitForExit(child)
  return { links, evidence }
}

const lab: LabDefinition = {
  id: 'socketpair-fork',
  title: 'socketpair() then fork(): parent and child talk both ways',
  summary:
    "An independent python3 peer calls socketpair(AF_UNIX, SOCK_STREAM) and fork(); the parent keeps one end and the child the other, and each sends the other a message. Both ends are unnamed (getsockname and getpeername are empty). Node has no socketpair() call, but a child spawned with stdio: 'pipe' gets socketpair ends as its stdin and stdout: /proc/<pid>/fd/0 reads socket:[inode], listed in /proc/net/unix without a path.",
  requires: ['linux', 'python3'],
  checks: [
    'parent-child-exchange',
    'both-directions',
    'unnamed-addresses',
    'node-child-stdio-is-socket',
    'leaked-end-blocks-eof',
  ],
  serve: null,
  async run(context) {
    const report = (await context.runPeer('socketpair-fork.py', [])) as ForkReport
    const { parent, child } = report
    context.log(`python3 parent ${parent.pid} forked child ${parent.childPid}`)
    context.log(`parent received ${JSON.stringify(parent.received)}`)
    context.log(`child ${child.pid} received ${JSON.stringify(child.received)}`)
    const evidence = [`parent: ${JSON.stringify(parent)}`, `child: ${JSON.stringify(child)}`]

    const childToParent = parent.received === `hello from child ${parent.childPid}`
    const parentToChild = child.received === `hello from parent ${parent.pid}`
    context.check({
      name: 'parent-child-exchange',
      values: [
        {
          kind: 'bool',
          label: 'before',
          value: child.pid === parent.childPid && childToParent ? 'yes' : 'no',
        },
        {
          kind: 'bool',
          label: 'closes one end',
          value:
            child.pid === parent.childPid && child.pid !== parent.pid && childToParent
              ? 'yes'
              : 'no',
        },
        { kind: 'order', label: 'the recipe that worked', value: 'socketpair < fork' },
      ],
      pass: child.pid === parent.childPid && child.pid !== parent.pid && childToParent,
      expected: "the forked child's message reaches the parent over its socketpair end",
      observed: `parent ${parent.pid} got ${JSON.stringify(parent.received)} from child ${parent.childPid}`,
      evidence,
    })
    context.check({
      name: 'both-directions',
      values: [
        {
          kind: 'bool',
          label: 'both directions | both read and write',
          value: childToParent && parentToChild ? 'yes' : 'no',
        },
      ],
      pass: childToParent && parentToChild,
      expected: 'each end both sends and receives (child → parent and parent → child)',
      observed: `child → parent: ${childToParent ? 'delivered' : 'missing'}; parent → child: ${parentToChild ? 'delivered' : 'missing'}`,
      evidence,
    })
    const names = [parent.sockname, parent.peername, child.sockname, child.peername]
    context.check({
      name: 'unnamed-addresses',
      values: [
        {
          kind: 'bool',
          label: 'unnamed',
          value: names.every((name) => name === '') ? 'yes' : 'no',
        },
      ],
      pass: names.every((name) => name === ''),
      expected: 'getsockname() and getpeername() of both ends are empty (unnamed)',
      observed: `parent ${JSON.stringify(parent.sockname)}/${JSON.stringify(parent.peername)}, child ${JSON.stringify(child.sockname)}/${JSON.stringify(child.peername)}`,
      evidence,
    })

    const stdio = await inspectChildStdio(context)
    const isSocket = (link: string | undefined) => /^socket:\[\d+\]$/.test(link ?? '')
    context.log(`node child stdio: fd 0 -> ${stdio.links['0']}, fd 1 -> ${stdio.links['1']}`)
    context.check({
      name: 'node-child-stdio-is-socket',
      values: [
        {
          kind: 'bool',
          label: 'socketpair',
          value: isSocket(stdio.links['0']) && isSocket(stdio.links['1']) ? 'yes' : 'no',
        },
      ],
      pass: isSocket(stdio.links['0']) && isSocket(stdio.links['1']),
      expected: "a Node child spawned with stdio: 'pipe' has sockets as fd 0 and 1",
      observed: `fd 0 -> ${stdio.links['0']}, fd 1 -> ${stdio.links['1']}`,
      evidence: stdio.evidence,
    })

    // A kept copy of the peer's end: the peer exits, but EOF never comes.
    const leaked = (await context.runPeer('fd-lifetimes.py', ['leaked-end'])) as Record<
      string,
      string
    >
    const blocks = leaked.keptCopy === 'no EOF' && leaked.closedCopy === 'EOF'
    context.check({
      name: 'leaked-end-blocks-eof',
      pass: blocks,
      expected:
        "after the child exits, a parent that kept the child's end reads no EOF; one that closed it does",
      observed: `kept a copy: ${leaked.keptCopy}; closed it: ${leaked.closedCopy}`,
      evidence: [`python3 socketpair + fork: ${JSON.stringify(leaked)}`],
      values: [{ kind: 'bool', label: 'never reads EOF', value: blocks ? 'yes' : 'no' }],
    })
  },
}

export default lab
