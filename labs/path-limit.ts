/**
 * Lab: sun_path holds 108 bytes on Linux. An independent python3 peer asks
 * the kernel directly (bind through ctypes with exact address lengths) and
 * through Python's socket module (which needs room for a NUL: 107 at most);
 * Node 20 is recorded as it is: it silently truncates a longer path and
 * creates the socket file under the truncated name.
 */
import { readdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { cardNodeMajor, judgedOnThisNode } from '../src/labs/kit/node-version.js'
import { closeServer, connect, listen } from '../src/labs/kit/sockets.js'
import type { LabDefinition } from '../src/labs/types.js'

interface KernelBind {
  addrlen: number
  bound: boolean
  created?: boolean | undefined
  errno?: string | undefined
}

interface PythonBind {
  bound: boolean
  error?: string | undefined
}

interface PathLimitReport {
  kernel: Record<'107' | '108' | '109', KernelBind>
  python: Record<'107' | '108', PythonBind>
}

function kernelText(length: string, result: KernelBind): string {
  const outcome = result.bound
    ? `bound${result.created ? ', file created' : ', no file'}`
    : `failed with ${result.errno}`
  return `${length}-byte sun_path (addrlen ${result.addrlen}): ${outcome}`
}

function pythonText(length: string, result: PythonBind): string {
  return `${length}-byte path: ${result.bound ? 'bound' : `refused (${result.error})`}`
}

const requestedLength = 120

/** Path lengths in bytes, as sun_path counts them (a lab directory may hold non-ASCII characters). */
const bytes = (text: string): number => Buffer.byteLength(text)

const lab: LabDefinition = {
  id: 'path-limit',
  title: 'sun_path is 108 bytes: Python stops at 107, Node 20 truncates',
  summary:
    "An independent python3 peer binds through the C library with exact address lengths: the kernel accepts 107 and 108 bytes of sun_path (108 with no NUL at all) and refuses 109 with EINVAL, so sun_path is 108 bytes. Python's socket module accepts 107-byte paths and refuses 108 (it needs room for a NUL). Node 20 listens on a 120-byte path without complaint and creates the file under the path cut to 108 bytes.",
  requires: ['linux', 'python3'],
  checks: ['sun-path-size', 'python-max-107', 'node-truncates'],
  serve: null,
  async run(context) {
    if (bytes(context.dir) > 100) {
      context.skip(
        `the lab directory path is ${bytes(context.dir)} bytes; paths of 107-109 bytes need it under 100`,
      )
    }
    // Whatever the lab creates in its directory goes at the end, even truncated names.
    context.defer(async () => {
      for (const name of await readdir(context.dir))
        await rm(join(context.dir, name), { force: true })
    })
    const report = (await context.runPeer('path-limit.py', [context.dir])) as PathLimitReport
    const kernel = report.kernel
    for (const [length, result] of Object.entries(kernel))
      context.log(`kernel bind: ${kernelText(length, result)}`)
    for (const [length, result] of Object.entries(report.python))
      context.log(`python3 socket.bind: ${pythonText(length, result)}`)

    const accepted = (['107', '108', '109'] as const).filter((length) => kernel[length].bound)
    const largest = accepted.length > 0 ? accepted[accepted.length - 1] : undefined
    context.check({
      name: 'sun-path-size',
      pass:
        kernel['108'].bound === true &&
        kernel['108'].created === true &&
        !kernel['109'].bound &&
        kernel['109'].errno === 'EINVAL',
      expected: 'the kernel takes at most 108 bytes of sun_path (109 → EINVAL)',
      observed: `largest sun_path accepted: ${largest ?? 'none'} bytes; 109 bytes: ${kernel['109'].bound ? 'bound' : kernel['109'].errno}`,
      evidence: Object.entries(kernel).map(
        ([length, result]) => `bind(2) ${kernelText(length, result)}`,
      ),
      value: largest,
      values: largest
        ? [{ kind: 'number', label: 'bytes in sun_path', value: `${largest} bytes` }]
        : [],
    })
    context.check({
      name: 'python-max-107',
      pass: report.python['107'].bound && !report.python['108'].bound,
      expected:
        "Python's socket.bind accepts a 107-byte path and refuses 108 (no room for the NUL)",
      observed: `${pythonText('107', report.python['107'])}; ${pythonText('108', report.python['108'])}`,
      evidence: Object.entries(report.python).map(
        ([length, result]) => `socket.bind ${pythonText(length, result)}`,
      ),
      values: [
        {
          kind: 'number',
          label: 'longest path Python accepts',
          value: report.python['107'].bound && !report.python['108'].bound ? '107 bytes' : 'other',
          about: 'accepts | accepted | longest | fits',
        },
        {
          kind: 'number',
          label: 'refused path length',
          value: report.python['108'].bound ? 'none' : '108',
          about: 'raises | refuses | refused | rejects | too long',
        },
      ],
    })

    const requested = join(context.dir, 'n'.repeat(requestedLength - bytes(context.dir) - 1))
    const listening = await listen(requested)
    const created = (await readdir(context.dir)).map((name) => join(context.dir, name))
    context.log(
      `node listen on a ${bytes(requested)}-byte path: ${listening.ok ? 'ok' : listening.errno}`,
    )
    context.log(
      `files now in the lab directory: ${created.map((path) => `${bytes(path)} bytes`).join(', ') || 'none'}`,
    )
    const evidence = [
      `node ${process.version} listen(${bytes(requested)}-byte path): ${listening.ok ? 'ok' : listening.errno}`,
      ...created.map((path) => `created ${path} (${bytes(path)} bytes)`),
    ]
    if (listening.ok) {
      const client = await connect(requested)
      if (client.ok) client.value.destroy()
      evidence.push(
        `node connect(the same ${bytes(requested)}-byte path): ${client.ok ? 'connected (to the truncated name)' : client.errno}`,
      )
      await closeServer(listening.value)
      const afterClose = await readdir(context.dir)
      evidence.push(
        `after server.close(): ${afterClose.length} file(s) left (close unlinks the requested name, not the truncated one)`,
      )
    }
    const truncated = created.length === 1 ? created[0] : undefined
    const truncates =
      listening.ok &&
      truncated !== undefined &&
      bytes(truncated) < bytes(requested) &&
      requested.startsWith(truncated)
    const outcome = truncates
      ? `listen ok; file created: ${truncated === undefined ? 0 : bytes(truncated)}-byte prefix of the requested path`
      : listening.ok
        ? `listen ok; files: ${created.join(', ') || 'none'}`
        : `listen failed with ${listening.errno}; ${created.length} file(s) created`
    // The card records Node 20 (libuv 1.46): newer libuv refuses a too-long path instead.
    if (!judgedOnThisNode(context, 'node-truncates', outcome, 'the card records')) return
    context.check({
      name: 'node-truncates',
      pass: truncates,
      expected: `Node ${cardNodeMajor} listens on a ${bytes(requested)}-byte path without an error and creates the file under a truncated name`,
      observed: outcome,
      evidence,
      value: truncated ? String(bytes(truncated)) : undefined,
      values: [
        { kind: 'bool', label: 'truncates', value: truncates ? 'yes' : 'no' },
        ...(truncated
          ? [{ kind: 'number' as const, label: 'bytes kept', value: String(bytes(truncated)) }]
          : []),
        { kind: 'bool', label: 'different path', value: truncates ? 'yes' : 'no' },
      ],
    })
  },
}

export default lab
