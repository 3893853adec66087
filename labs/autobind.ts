/**
 * Lab: autobind. bind() with an address that holds only the family, or
 * SO_PASSCRED on an unbound socket that then sends, makes the kernel choose
 * an abstract name: a NUL byte and five hex digits. Node cannot pass a
 * family-only address, so an independent python3 peer does it; Node reads
 * the names back from /proc/net/unix while the peer holds them.
 */
import { readdir } from 'node:fs/promises'
import { nextJson, waitForExit } from '../src/labs/kit/children.js'
import { procNetUnixRows } from '../src/labs/kit/evidence.js'
import type { LabDefinition } from '../src/labs/types.js'

interface AutobindReport {
  /** Names from two sockets that called bind('') (`@xxxxx`). */
  bindEmpty: string[]
  /** Length of the raw address getsockname returned (NUL + digits). */
  rawBytes: number
  passcred: { beforeSend: string; afterSend: string; seenByReceiver: string }
}

const autoName = /^@([0-9a-f]+)$/

/** `/proc/net/unix` rows whose address column is exactly `address`. */
async function rowsFor(address: string): Promise<string[]> {
  return (await procNetUnixRows()).filter((row) => row.address === address).map((row) => row.line)
}

const lab: LabDefinition = {
  id: 'autobind',
  title: 'Autobind: the kernel picks an abstract name of five hex digits',
  summary:
    "An independent python3 peer calls bind('') (an address holding only sun_family) on two datagram sockets, and sets SO_PASSCRED on an unbound socket before it sends. Each gets a kernel-chosen abstract name: a NUL byte and five hex digits (2^20 names), different each time, listed in /proc/net/unix as @xxxxx, with no file created. The SO_PASSCRED socket is unnamed until it sends.",
  requires: ['linux', 'python3'],
  checks: ['autobind-five-hex', 'autobind-abstract'],
  serve: null,
  async run(context) {
    const peer = await context.startPeer('autobind.py', [`decklab-autobind-${context.token}`])
    const report = (await nextJson(peer.lines)) as AutobindReport
    const names = [...report.bindEmpty, report.passcred.afterSend]
    context.log(`bind(''): ${report.bindEmpty.join(', ')} (${report.rawBytes}-byte address)`)
    context.log(
      `SO_PASSCRED socket: before send ${JSON.stringify(report.passcred.beforeSend)}, after send ${report.passcred.afterSend}, seen by the receiver as ${report.passcred.seenByReceiver}`,
    )

    const digitCounts = names.map((name) => autoName.exec(name)?.[1]?.length ?? 0)
    const first = digitCounts[0] ?? 0
    context.check({
      name: 'autobind-five-hex',
      pass:
        digitCounts.every((count) => count === 5) &&
        report.rawBytes === 6 &&
        new Set(names).size === names.length,
      expected: 'each autobound name is a NUL byte and 5 hex digits, different every time',
      observed: `${names.join(', ')}: ${digitCounts.join(', ')} hex digits; getsockname returned ${report.rawBytes} bytes`,
      evidence: [`python3 peer: ${JSON.stringify(report)}`],
      value: first > 0 ? String(first) : `not hex: ${names[0]}`,
    })

    const rows = await Promise.all(names.map(rowsFor))
    const entries = await readdir(context.dir)
    const listed = rows.every((found) => found.length > 0)
    const passcred = report.passcred
    context.check({
      name: 'autobind-abstract',
      values: [{ kind: 'name', value: 'SO_PASSCRED', input: true }],
      pass:
        listed &&
        entries.length === 0 &&
        passcred.beforeSend === '' &&
        passcred.afterSend === passcred.seenByReceiver,
      expected:
        'the names are abstract (@xxxxx in /proc/net/unix, no file); SO_PASSCRED autobinds when the socket sends',
      observed: `${rows.filter((found) => found.length > 0).length}/${names.length} names in /proc/net/unix; lab directory ${entries.length === 0 ? 'empty' : entries.join(', ')}; SO_PASSCRED socket named ${JSON.stringify(passcred.beforeSend)} before send, ${passcred.afterSend} after`,
      evidence: rows.flat().map((line) => `/proc/net/unix: ${line}`),
    })

    peer.process.kill('SIGTERM')
    await waitForExit(peer.process)
  },
}

export default lab
