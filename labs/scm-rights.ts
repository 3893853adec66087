/**
 * Lab: SCM_RIGHTS passes open file descriptions between processes. The
 * receiver gets new fd numbers for the same open files (same inode, same
 * file offset), which works even for a file already unlinked; one message
 * carries at most SCM_MAX_FD (253) fds. Both sides are independent python3
 * processes (Node can pass only sockets, over its IPC channel); Node checks
 * the result from outside, through /proc and stat.
 */
import { lstat, readFile, readlink, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { nextJson, waitForExit } from '../src/labs/kit/children.js'
import { errnoOf } from '../src/labs/kit/outcome.js'
import type { LabDefinition } from '../src/labs/types.js'

interface ReceivedFile {
  message: string
  count: number
  fd: number
  inode: number
  content: string
  offset: number
  link: string
  /** The receiver's fd table just before this message: its lowest free number and its highest in use. */
  table: { lowestFree: number; highest: number }
}

interface ReceivedMany {
  message: string
  count: number
  fds?: number[] | undefined
  /** recvmsg set MSG_CTRUNC: fds were cut off. */
  truncated?: boolean | undefined
  /** How many more fds the receiver could hold under its RLIMIT_NOFILE, when truncated. */
  room?: number | undefined
}

interface SentFile {
  fd: number
  inode: number
  offset: number
}

interface SendAttempt {
  sent: boolean
  errno?: string | undefined
}

interface SenderReport {
  kept: SentFile
  gone: SentFile
  '253': SendAttempt
  '254': SendAttempt
}

function attemptText(attempt: SendAttempt): string {
  return attempt.sent ? 'sent' : `sendmsg failed with ${attempt.errno}`
}

const lab: LabDefinition = {
  id: 'scm-rights',
  title: 'SCM_RIGHTS passes open files, even unlinked ones, with new fd numbers',
  summary:
    'A python3 sender opens kept.txt and gone.txt (and unlinks gone.txt), moves them to fds 100 and 101, and sends each over a Unix stream socket with SCM_RIGHTS to an independent python3 receiver. The receiver, which left a hole in its own fd table, gets other fd numbers for the same open files (same inode, same offset), each the lowest number free in its table (the hole first), and reads both, the unlinked one included (/proc/<pid>/fd shows "(deleted)"). One message carries 253 fds; 254 fail with EINVAL (SCM_MAX_FD).',
  requires: ['linux', 'python3'],
  checks: [
    'fd-passed',
    'new-fd-number',
    'lowest-free-fd',
    'unlinked-file-readable',
    'max-fds',
    'data-byte-required',
    'shared-offset',
  ],
  serve: null,
  async run(context) {
    const path = join(context.dir, 'rights.sock')
    const keptPath = join(context.dir, 'kept.txt')
    const gonePath = join(context.dir, 'gone.txt')
    for (const file of [path, keptPath, gonePath]) context.defer(() => rm(file, { force: true }))

    const receiver = await context.startPeer('scm-rights.py', ['receiver', path])
    const sent = (await context.runPeer('scm-rights.py', [
      'sender',
      path,
      context.dir,
    ])) as SenderReport
    const kept = (await nextJson(receiver.lines)) as ReceivedFile
    const gone = (await nextJson(receiver.lines)) as ReceivedFile
    const many = (await nextJson(receiver.lines)) as ReceivedMany
    const end = (await nextJson(receiver.lines)) as ReceivedMany
    context.log(`sender: ${JSON.stringify(sent)}`)
    context.log(
      `receiver: ${[kept, gone, many, end].map((line) => JSON.stringify(line)).join(' ')}`,
    )

    // Look from outside while the receiver still holds the fds.
    const receiverPid = receiver.process.pid
    const goneLink = await readlink(`/proc/${receiverPid}/fd/${gone.fd}`).catch(errnoOf)
    const keptLink = await readlink(`/proc/${receiverPid}/fd/${kept.fd}`).catch(errnoOf)
    const keptInode = (await stat(keptPath)).ino
    const goneOnDisk = await lstat(gonePath).then(
      () => 'still exists',
      (error: unknown) => errnoOf(error),
    )
    receiver.process.kill('SIGTERM')
    await waitForExit(receiver.process)

    const keptText = await readFile(keptPath, 'utf8')
    context.check({
      name: 'fd-passed',
      values: [{ kind: 'name', value: 'SCM_RIGHTS', input: true }],
      pass: kept.count === 1 && kept.inode === keptInode && kept.content === keptText,
      expected: 'the receiver reads kept.txt through the fd it was passed (same inode, same bytes)',
      observed: `receiver fd ${kept.fd}: inode ${kept.inode} (stat kept.txt: ${keptInode}), read ${JSON.stringify(kept.content)}`,
      evidence: [
        `node readlink /proc/${receiverPid}/fd/${kept.fd} -> ${keptLink}`,
        `node stat ${keptPath}: inode ${keptInode}, content ${JSON.stringify(keptText)}`,
        `receiver: ${JSON.stringify(kept)}`,
      ],
    })
    context.check({
      name: 'new-fd-number',
      values: [
        {
          kind: 'bool',
          label: 'new number',
          // The new number is the receiver's (its own table); the sender's fd stays 100.
          about: 'receiver | receiving process',
          contrast: 'sender | sending process',
          value:
            kept.fd !== sent.kept.fd &&
            gone.fd !== sent.gone.fd &&
            kept.inode === sent.kept.inode &&
            kept.offset === sent.kept.offset
              ? 'yes'
              : 'no',
        },
      ],
      pass:
        kept.fd !== sent.kept.fd &&
        gone.fd !== sent.gone.fd &&
        kept.inode === sent.kept.inode &&
        kept.offset === sent.kept.offset,
      expected:
        'the receiver gets a new fd number for the same open file description (same inode and file offset)',
      observed: `sender fd ${sent.kept.fd} -> receiver fd ${kept.fd}; sender fd ${sent.gone.fd} -> receiver fd ${gone.fd}; offset ${sent.kept.offset} on both sides`,
      evidence: [`sender: ${JSON.stringify(sent.kept)}`, `receiver: ${JSON.stringify(kept)}`],
    })
    // The receiver left a hole in its table below its highest fd: each fd lands in the
    // lowest free number, not one above the highest (nor at the sender's number).
    const landings = [kept, gone].map((file) => ({
      file,
      lowest: file.fd === file.table.lowestFree,
      inHole: file.table.lowestFree < file.table.highest,
    }))
    const lowestFree = landings.every((landing) => landing.lowest && landing.inHole)
    context.check({
      name: 'lowest-free-fd',
      values: [
        {
          kind: 'bool',
          label: 'lowest free',
          about: 'receiver | receiving process',
          contrast: 'sender | sending process',
          value: lowestFree ? 'yes' : 'no',
        },
      ],
      pass: lowestFree,
      expected:
        "each fd received lands on the lowest free number of the receiver's table, below numbers already in use",
      observed: landings
        .map(
          ({ file }) =>
            `message ${file.message}: lowest free ${file.table.lowestFree}, highest in use ${file.table.highest} -> received as fd ${file.fd}`,
        )
        .join('; '),
      evidence: landings.map(
        ({ file }) =>
          `receiver /proc/self/fd before message ${file.message}: lowest free ${file.table.lowestFree}, highest ${file.table.highest}; recvmsg gave fd ${file.fd}`,
      ),
    })
    context.check({
      name: 'unlinked-file-readable',
      values: [
        {
          kind: 'bool',
          label: 'can read',
          value:
            gone.count === 1 &&
            goneOnDisk === 'ENOENT' &&
            gone.content.startsWith('unlinked file written by pid') &&
            typeof goneLink === 'string' &&
            goneLink.endsWith('gone.txt (deleted)')
              ? 'yes'
              : 'no',
        },
      ],
      pass:
        gone.count === 1 &&
        goneOnDisk === 'ENOENT' &&
        gone.content.startsWith('unlinked file written by pid') &&
        typeof goneLink === 'string' &&
        goneLink.endsWith('gone.txt (deleted)'),
      expected: 'a file unlinked before sending is still readable through the passed fd',
      observed: `gone.txt on disk: ${goneOnDisk}; receiver read ${JSON.stringify(gone.content)} via fd ${gone.fd}`,
      evidence: [
        `node lstat ${gonePath}: ${goneOnDisk}`,
        `node readlink /proc/${receiverPid}/fd/${gone.fd} -> ${goneLink}`,
        `receiver: ${JSON.stringify(gone)}`,
      ],
    })
    const limit = sent['253'].sent && !sent['254'].sent ? '253' : undefined
    if (many.truncated && many.room !== undefined && many.room < 253) {
      // `ulimit -n 256` sets the hard limit too: the kernel then cuts the message's fds to
      // what the receiver may hold (MSG_CTRUNC), which says nothing of SCM_MAX_FD.
      context.skipCheck(
        'max-fds',
        `the receiver may hold only ${many.room} more fds (RLIMIT_NOFILE, \`ulimit -n\`), fewer than the 253 of one message, so the kernel cut them to ${many.count} (MSG_CTRUNC); the sender's 253 fds: ${attemptText(sent['253'])}, 254: ${attemptText(sent['254'])}; raise \`ulimit -n\` (hard limit) above 300`,
      )
    } else {
      context.check({
        name: 'max-fds',
        pass: limit === '253' && sent['254'].errno === 'EINVAL' && many.count === 253,
        expected: 'one message carries at most SCM_MAX_FD = 253 fds (254 fail with EINVAL)',
        observed: `253 fds: ${attemptText(sent['253'])} (receiver got ${many.count}); 254 fds: ${attemptText(sent['254'])}`,
        evidence: [
          `sender: ${JSON.stringify({ 253: sent['253'], 254: sent['254'] })}`,
          `receiver: ${JSON.stringify(many)}`,
        ],
        value: limit ?? `253 ${attemptText(sent['253'])}, 254 ${attemptText(sent['254'])}`,
      })
    }

    // SCM_RIGHTS with no data on a stream carries nothing; with one byte, the fd.
    const bytes = (await context.runPeer('fd-lifetimes.py', ['data-byte', context.dir])) as Record<
      string,
      { sent: number; fds: number; errno?: string; bytes?: number }
    >
    const zero = bytes.zeroBytes
    const one = bytes.oneByte
    const needsByte = zero?.fds === 0 && one?.fds === 1
    context.check({
      name: 'data-byte-required',
      pass: needsByte,
      expected:
        'sendmsg with 0 data bytes and an SCM_RIGHTS fd delivers nothing; with 1 byte the fd arrives',
      observed: `0 bytes: sendmsg returned ${zero?.sent}, receiver got ${zero?.errno ?? `${zero?.fds} fd(s)`}; 1 byte: ${one?.fds} fd(s)`,
      evidence: [`python3 stream socketpair: ${JSON.stringify(bytes)}`],
      values: [{ kind: 'bool', label: 'at least one byte', value: needsByte ? 'yes' : 'no' }],
    })
    // The passed fd shares the open file description: offset and status flags.
    const share = (await context.runPeer('fd-lifetimes.py', ['shared', context.dir])) as {
      senderFd: number
      receivedFd: number
      senderOffset: number
      senderAppend: boolean
    }
    context.check({
      name: 'shared-offset',
      pass: share.senderOffset === 7 && share.senderAppend,
      expected: "lseek(7) and O_APPEND set through the received fd show up on the sender's fd",
      observed: `sender fd ${share.senderFd} (received as fd ${share.receivedFd}): offset ${share.senderOffset}, O_APPEND ${share.senderAppend}`,
      evidence: [`python3: ${JSON.stringify(share)}`],
      values: [
        { kind: 'bool', label: 'file offset', value: share.senderOffset === 7 ? 'yes' : 'no' },
        { kind: 'bool', label: 'status flags', value: share.senderAppend ? 'yes' : 'no' },
        {
          kind: 'bool',
          label: 'same open file description',
          value: share.senderOffset === 7 && share.senderAppend ? 'yes' : 'no',
        },
      ],
    })
  },
}

export default lab
