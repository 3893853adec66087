// `lab serve` prints, for each kind of server, client commands that work,
// and Ctrl-C ends it with exit 130 (issue 16, item 10).
import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { existsSync, readdirSync, rmSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it, onTestFinished } from 'vitest'
import { findExecutable } from '../../src/labs/requirements.js'
import { clientCommands, serveBanner, shellWord } from '../../src/labs/serve-banner.js'
import { decklabBin } from '../support/decklab.js'

const socat = await findExecutable('socat')
const netcat = await findExecutable('nc')
const missing = !socat || !netcat ? ' (skipped: socat and nc are needed)' : ''

interface Served {
  child: ChildProcess
  stderr: () => string
}

/** Start `lab serve ID --path P` and wait until its banner is complete. */
async function serve(id: string, path: string): Promise<Served> {
  const child = spawn(process.execPath, [decklabBin, 'lab', 'serve', id, '--path', path], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1' },
  })
  onTestFinished(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
  })
  let stderr = ''
  child.stderr!.setEncoding('utf8')
  await new Promise<void>((resolve, reject) => {
    child.stderr!.on('data', (chunk: string) => {
      stderr += chunk
      if (/^try: .*\n(?:.*\n)*/m.test(stderr) && stderr.endsWith('\n')) resolve()
    })
    child.once('exit', () => reject(new Error(`lab serve exited early: ${stderr}`)))
  })
  return { child, stderr: () => stderr }
}

/** The commands of the banner's `try:` lines. */
function bannerCommands(stderr: string): string[] {
  const match = /^try: {2}(.*)\n((?: {2}or {2}.*\n)*)/m.exec(stderr)
  if (!match) return []
  return [
    match[1]!,
    ...match[2]!
      .split('\n')
      .filter(Boolean)
      .map((line) => line.slice(6)),
  ]
}

/**
 * Run a printed client command in a shell of its own, type `line` into it
 * and keep its input open until the echo comes back (or 20 s pass): closing
 * the input at once would leave the reply socat's 0.5 s after end of input,
 * which a busy machine may miss. Returns what it printed; the client, which
 * keeps listening, is stopped with its process group.
 */
async function echoThrough(command: string, line: string, cwd: string) {
  const tempsBefore = netcatTemps()
  const child = spawn('sh', ['-c', command], { cwd, detached: true, stdio: 'pipe' })
  let stdout = ''
  let stderr = ''
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk
  })
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk
  })
  const exited = once(child, 'exit')
  child.stdin.write(line)
  const deadline = Date.now() + 20_000
  while (!stdout.includes(line) && child.exitCode === null && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  try {
    process.kill(-(child.pid as number), 'SIGKILL')
  } catch {
    // already gone
  }
  await exited
  for (const name of netcatTemps()) {
    if (!tempsBefore.has(name)) rmSync(join('/tmp', name), { recursive: true, force: true })
  }
  return { stdout, stderr }
}

/**
 * The folders OpenBSD nc's datagram client (`nc -uU`) binds its socket in:
 * `/tmp/nc-XXXXXX/recv.sock`, in /tmp whatever TMPDIR says, and left there
 * when nc is killed (it removes it only on a normal exit).
 */
function netcatTemps(): Set<string> {
  return new Set(readdirSync('/tmp').filter((name) => name.startsWith('nc-')))
}

async function folder(): Promise<string> {
  const directory = await mkdtemp(join(tmpdir(), 'dl-banner-'))
  onTestFinished(() => rm(directory, { recursive: true, force: true }))
  return directory
}

const cases = [
  ['stream-echo', 'stream', 2],
  ['dgram-boundaries', 'datagram', 2],
  ['seqpacket-boundaries', 'seqpacket', 1],
] as const

describe('lab serve banner', () => {
  it.skipIf(missing !== '').each(cases)(
    `%s prints %s client commands, and each one gets the echo${missing}`,
    async (id, kind, expected) => {
      const directory = await folder()
      const served = await serve(id, join(directory, 'echo.sock'))
      const commands = bannerCommands(served.stderr())
      expect(commands).toHaveLength(expected)
      for (const command of commands) {
        // The command as printed, with a line on stdin.
        const result = await echoThrough(command, `ping from ${command.split(' ')[0]}\n`, directory)
        expect(result.stdout, `${command}: ${result.stderr}`).toContain(
          `ping from ${command.split(' ')[0]}`,
        )
      }
      // nc's reply socket was bound where the command said, in the served socket's folder.
      if (kind === 'datagram') expect(existsSync(join(directory, 'echo.sock.nc'))).toBe(true)
      const exited = once(served.child, 'exit')
      served.child.kill('SIGINT')
      const [code] = (await exited) as [number | null]
      expect(code).toBe(130)
      expect(served.stderr()).toContain('stopped; removed')
    },
  )

  it('seqpacket: says why nc -U cannot connect and what socat needs', async () => {
    const directory = await folder()
    const served = await serve('seqpacket-boundaries', join(directory, 'echo.sock'))
    expect(served.stderr()).toContain('socktype=5')
    expect(served.stderr()).toContain('EPROTOTYPE')
  })

  it('datagram: tells socat users to give the path as printed', () => {
    // socat ignores a reply from `/abs/d.sock` when it sent to `./d.sock` (measured: no reply).
    expect(serveBanner('datagram', 'dgram-boundaries', '/tmp/d.sock')).toContain(
      'socat keeps only replies from the very address it sent to: give it the path as printed here, not a relative one',
    )
  })

  it("datagram: nc binds its reply socket beside the server's, not in a /tmp/nc-XXXXXX folder a Ctrl-C leaves", () => {
    // OpenBSD nc removes the folder it makes only on a normal exit, which a datagram
    // client never makes: it is stopped with Ctrl-C (measured: /tmp/nc-* left each time).
    expect(clientCommands('datagram', '/tmp/dl-x/d.sock')[0]).toBe(
      'nc -uU -s /tmp/dl-x/d.sock.nc /tmp/dl-x/d.sock',
    )
    expect(clientCommands('datagram', "/tmp/a b/d'.sock")[0]).toBe(
      "nc -uU -s '/tmp/a b/d'\\''.sock.nc' '/tmp/a b/d'\\''.sock'",
    )
  })

  it('quotes paths for the shell and for socat', () => {
    expect(shellWord("/tmp/a b/it's.sock")).toBe("'/tmp/a b/it'\\''s.sock'")
    expect(clientCommands('seqpacket', '/tmp/x,y:z.sock')).toEqual([
      "socat - UNIX-CONNECT:'/tmp/x\\,y\\:z.sock',socktype=5",
    ])
  })
})
