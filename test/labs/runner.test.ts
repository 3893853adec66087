// Runner semantics with tiny fake labs: verdicts, skips, errors, deadlines, leftovers.
import { execFileSync, spawn, spawnSync } from 'node:child_process'
import {
  closeSync,
  existsSync,
  write as fsWrite,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { setTimeout as delay } from 'node:timers/promises'
import { promisify } from 'node:util'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { compareSides } from '../../src/labs/kit/compare.js'
import { attempt } from '../../src/labs/kit/outcome.js'
import { loadUnixSocket } from '../../src/labs/kit/unix-socket.js'
import { checkSummary } from '../../src/labs/report.js'
import { runLab } from '../../src/labs/runner.js'
import type { LabContext, LabDefinition } from '../../src/labs/types.js'
import { createColors } from '../../src/terminal/colors.js'
import { isAlive } from '../support/proc-processes.js'

function fakeLab(
  run: (context: LabContext) => Promise<void>,
  overrides: Partial<LabDefinition> = {},
): LabDefinition {
  return {
    id: 'fake-lab',
    title: 'A fake lab',
    summary: 'A lab made up for a runner test.',
    requires: [],
    checks: ['first', 'second'],
    serve: null,
    run,
    ...overrides,
  }
}

function procStat(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8')
  } catch {
    return ''
  }
}

/** Whether a file can be made immutable here (`chattr +i`: root, and a file system that keeps the flag). */
function canMakeImmutable(): boolean {
  const dir = mkdtempSync(join(tmpdir(), 'decklab-test-chattr-'))
  const file = join(dir, 'probe')
  writeFileSync(file, '')
  const made = spawnSync('chattr', ['+i', file]).status === 0
  if (made) spawnSync('chattr', ['-i', file])
  rmSync(dir, { recursive: true, force: true })
  return made
}

const strayPids: number[] = []
afterEach(() => {
  vi.unstubAllEnvs()
  for (const pid of strayPids.splice(0)) {
    try {
      process.kill(pid, 'SIGKILL')
    } catch {
      // gone already
    }
  }
})

describe('runLab and the lab contract', () => {
  it('errors on an undeclared or repeated check and counts neither among its checks', async () => {
    const result = await runLab(
      fakeLab(async (context) => {
        context.check({ name: 'first', pass: true, expected: 'x', observed: 'x' })
        context.check({ name: 'third', pass: true, expected: 'z', observed: 'z' })
        context.check({ name: 'first', pass: true, expected: 'x', observed: 'x' })
        context.check({ name: 'second', pass: true, expected: 'y', observed: 'y' })
      }),
    )
    expect(result.status).toBe('error')
    expect(result.reason).toContain("check `third` is not declared in the lab's checks")
    expect(result.reason).toContain('check `first` was recorded twice')
    expect(result.checks.map((check) => check.name)).toEqual(['first', 'second'])
    expect(checkSummary(result, createColors(false)).counts).toBe('2/2 checks passed')
  })

  it('suggests the declared check an undeclared name is a typo of', async () => {
    const result = await runLab(
      fakeLab(async (context) => {
        context.check({ name: 'secnd', pass: true, expected: 'y', observed: 'y' })
      }),
    )
    expect(result.status).toBe('error')
    expect(result.reason).toBe(
      "check `secnd` is not declared in the lab's checks (did you mean `second`?)",
    )
  })
})

describe('runLab: a contract problem before the lab ends otherwise', () => {
  it('says an undeclared check recorded before the lab threw, then the throw', async () => {
    const result = await runLab(
      fakeLab(async (context) => {
        context.check({ name: 'frist', pass: true, expected: 'x', observed: 'x' })
        throw new Error('the server never answered')
      }),
    )
    expect(result.status).toBe('error')
    expect(result.reason).toMatch(
      /^check `frist` is not declared in the lab's checks \(did you mean `first`\?\); then ended: the server never answered/,
    )
  })

  it('is an error, not a skip, when the lab skips after recording an undeclared check', async () => {
    const result = await runLab(
      fakeLab(async (context) => {
        context.check({ name: 'third', pass: true, expected: 'z', observed: 'z' })
        context.skip('no python3 here')
      }),
    )
    expect(result.status).toBe('error')
    expect(result.reason).toBe(
      "check `third` is not declared in the lab's checks; then skipped: no python3 here",
    )
  })
})

describe('runLab output', () => {
  it("puts what a lab prints on stdout into its transcript, so decklab's stdout stays its own", async () => {
    const written: string[] = []
    const write = process.stdout.write
    process.stdout.write = ((chunk: string | Uint8Array) => {
      written.push(String(chunk))
      return true
    }) as typeof process.stdout.write
    let result: Awaited<ReturnType<typeof runLab>>
    try {
      result = await runLab(
        fakeLab(async (context) => {
          // What `console.log` does outside vitest, which swaps `console` for its own.
          process.stdout.write('HELLO FROM THE LAB\nsecond line\n')
          context.check({ name: 'first', pass: true, expected: 'x', observed: 'x' })
          context.check({ name: 'second', pass: true, expected: 'y', observed: 'y' })
        }),
      )
    } finally {
      process.stdout.write = write
    }
    expect(written.join('')).not.toContain('HELLO')
    expect(result.status).toBe('pass')
    expect(result.transcript.join('\n')).toMatch(
      /stdout: HELLO FROM THE LAB\n.*stdout: second line/,
    )
  })
})

describe('runLab output through node:fs', () => {
  // fs.write is replaced while a lab runs (descriptor 1 goes to the transcript); the promisified
  // fs.write of a file, which resolves with its bytes and buffer, then resolved with a number.
  it('leaves fs.write to other descriptors as it was, promisified too', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'decklab-test-fs-write-'))
    let written: unknown
    try {
      const result = await runLab(
        fakeLab(async (context) => {
          const descriptor = openSync(join(dir, 'file'), 'w')
          try {
            written = await promisify(fsWrite)(descriptor, 'text')
          } finally {
            closeSync(descriptor)
          }
          context.check({ name: 'first', pass: true, expected: 'x', observed: 'x' })
          context.check({ name: 'second', pass: true, expected: 'y', observed: 'y' })
        }),
      )
      expect(result.status, result.reason).toBe('pass')
      expect(written).toEqual({ bytesWritten: 4, buffer: 'text' })
      expect(readFileSync(join(dir, 'file'), 'utf8')).toBe('text')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('runLab verdicts', () => {
  it('passes when every recorded check passes', async () => {
    const result = await runLab(
      fakeLab(async (context) => {
        context.check({ name: 'first', pass: true, expected: 'x', observed: 'x', value: 'X' })
        context.check({ name: 'second', pass: true, expected: 'y', observed: 'y' })
      }),
    )
    expect(result.status).toBe('pass')
    expect(result.checks.map((check) => [check.name, check.status])).toEqual([
      ['first', 'pass'],
      ['second', 'pass'],
    ])
    expect(result.checks[0]?.value).toBe('X')
    expect(result.leftovers).toBeUndefined()
    expect(result.reason).toBeUndefined()
  })

  it('fails when one check fails, naming it', async () => {
    const result = await runLab(
      fakeLab(async (context) => {
        context.check({ name: 'first', pass: true, expected: 'x', observed: 'x' })
        context.check({ name: 'second', pass: false, expected: 'y', observed: 'z' })
      }),
    )
    expect(result.status).toBe('fail')
    expect(result.reason).toContain('second')
  })

  it('fails a comparison where both sides failed', async () => {
    const result = await runLab(
      fakeLab(
        async (context) => {
          const refused = () => Promise.reject(new Error('ECONNREFUSED'))
          const comparison = compareSides(await attempt(refused), await attempt(refused))
          context.check({ name: 'first', expected: 'same reply', ...comparison })
        },
        { checks: ['first'] },
      ),
    )
    expect(result.status).toBe('fail')
    expect(result.checks[0]?.observed).toMatch(/^both sides failed/)
  })

  it('does not count two empty results as agreement', () => {
    expect(compareSides({ ok: true, value: '' }, { ok: true, value: '' }).pass).toBe(false)
    expect(compareSides({ ok: true, value: 'a' }, { ok: true, value: 'a' }).pass).toBe(true)
    expect(compareSides({ ok: true, value: 'a' }, { ok: true, value: 'b' }).pass).toBe(false)
  })

  it('errors when the lab recorded no checks', async () => {
    const result = await runLab(fakeLab(async () => {}))
    expect(result.status).toBe('error')
    expect(result.reason).toMatch(/no checks/)
  })

  it('errors with the message when the lab throws', async () => {
    const result = await runLab(
      fakeLab(async (context) => {
        context.check({ name: 'first', pass: true, expected: 'x', observed: 'x' })
        throw new Error('the lab broke')
      }),
    )
    expect(result.status).toBe('error')
    expect(result.reason).toBe('the lab broke')
  })

  it('errors on a check name the lab did not declare', async () => {
    const result = await runLab(
      fakeLab(async (context) => {
        context.check({ name: 'first', pass: true, expected: 'x', observed: 'x' })
        context.check({ name: 'surprise', pass: true, expected: 'x', observed: 'x' })
      }),
    )
    expect(result.status).toBe('error')
    expect(result.reason).toContain('surprise')
  })

  it('lists declared checks the lab never recorded as skipped', async () => {
    const result = await runLab(
      fakeLab(async (context) => {
        context.check({ name: 'first', pass: true, expected: 'x', observed: 'x' })
      }),
    )
    expect(result.status).toBe('pass')
    expect(result.checks.find((check) => check.name === 'second')?.status).toBe('skip')
  })

  it('stops a lab at its deadline as an error, never a pass', async () => {
    const result = await runLab(
      fakeLab(async (context) => {
        context.check({ name: 'first', pass: true, expected: 'x', observed: 'x' })
        await new Promise(() => {})
      }),
      { deadlineMs: 200 },
    )
    expect(result.status).toBe('error')
    expect(result.reason).toMatch(/deadline exceeded/)
    expect(result.durationMs).toBeGreaterThanOrEqual(190)
  })

  it('stops a lab when the caller aborts', async () => {
    const controller = new AbortController()
    const result = await runLab(
      fakeLab(async (context) => {
        context.check({ name: 'first', pass: true, expected: 'x', observed: 'x' })
        controller.abort(new Error('Ctrl-C'))
        await new Promise(() => {})
      }),
      { signal: controller.signal },
    )
    expect(result.status).toBe('error')
    expect(result.reason).toMatch(/interrupted: Ctrl-C/)
  })
})

describe('runLab skips', () => {
  it('skips with the reason when a requirement is missing, without running the lab', async () => {
    vi.stubEnv('PATH', '/nonexistent-dir')
    const run = vi.fn(async () => {})
    const result = await runLab(fakeLab(run, { requires: ['socat'] }))
    expect(result.status).toBe('skip')
    expect(result.reason).toMatch(/socat/)
    expect(run).not.toHaveBeenCalled()
  })

  it('never turns a skip into a pass, even after passing checks', async () => {
    const result = await runLab(
      fakeLab(async (context) => {
        context.check({ name: 'first', pass: true, expected: 'x', observed: 'x' })
        context.skip('no unprivileged user here')
      }),
    )
    expect(result.status).toBe('skip')
    expect(result.reason).toBe('no unprivileged user here')
  })

  it('keeps a failed check when the lab skips afterwards', async () => {
    const result = await runLab(
      fakeLab(async (context) => {
        context.check({ name: 'first', pass: false, expected: 'x', observed: 'y' })
        context.skip('cannot go on')
      }),
    )
    expect(result.status).toBe('fail')
    expect(result.reason).toBe('failed: first (then skipped: cannot go on)')
  })

  it('skips when every check was skipped', async () => {
    const result = await runLab(
      fakeLab(async (context) => {
        context.skipCheck('first', 'not root')
        context.skipCheck('second', 'not root')
      }),
    )
    expect(result.status).toBe('skip')
    expect(result.reason).toMatch(/every check was skipped/)
  })
})

describe('runLab isolation and leftovers', () => {
  it('gives each run a fresh short 0700 directory and removes it', async () => {
    const seen: Array<{ dir: string; mode: number }> = []
    const lab = fakeLab(async (context) => {
      seen.push({ dir: context.dir, mode: statSync(context.dir).mode & 0o777 })
      context.check({ name: 'first', pass: true, expected: 'x', observed: 'x' })
    })
    await runLab(lab)
    await runLab(lab)
    expect(seen).toHaveLength(2)
    expect(seen[0]?.dir).not.toBe(seen[1]?.dir)
    for (const { dir, mode } of seen) {
      expect(mode).toBe(0o700)
      expect(Buffer.byteLength(dir)).toBeLessThan(60)
      expect(existsSync(dir)).toBe(false)
    }
  })

  it('fails a lab that leaves a socket file behind, and removes it', async () => {
    const { DgramSocket } = await loadUnixSocket()
    let path = ''
    const result = await runLab(
      fakeLab(async (context) => {
        path = join(context.dir, 'forgotten.sock')
        const socket = new DgramSocket()
        socket.bind(path)
        // node-unix-socket does not unlink on close: the file stays.
        socket.close()
        context.check({ name: 'first', pass: true, expected: 'x', observed: 'x' })
      }),
    )
    expect(result.status).toBe('fail')
    expect(result.leftovers).toEqual([
      'socket file forgotten.sock left in the lab directory (removed by the runner)',
    ])
    expect(existsSync(path)).toBe(false)
  })

  it('fails a lab that leaves a regular file behind', async () => {
    const result = await runLab(
      fakeLab(async (context) => {
        writeFileSync(join(context.dir, 'notes.txt'), 'x')
        context.check({ name: 'first', pass: true, expected: 'x', observed: 'x' })
      }),
    )
    expect(result.status).toBe('fail')
    expect(result.leftovers).toEqual([
      'file notes.txt left in the lab directory (removed by the runner)',
    ])
    expect(result.reason).toBe('left 1 thing behind')
  })

  // Stopped (Ctrl-C, Ctrl-D in the quiz), a lab whose peer listened in its directory left the
  // socket file, which the runner then removed with the directory: the report said only
  // 'socket file peer.sock left in the lab directory', read as a file left on the disk.
  it('says a socket file a stopped lab left in its directory was removed', async () => {
    const controller = new AbortController()
    let path = ''
    const result = await runLab(
      fakeLab(async (context) => {
        path = join(context.dir, 'peer.sock')
        const listen =
          "require('node:net').createServer().listen(process.argv[1], () => console.log('READY'))"
        const peer = context.spawn(process.execPath, ['-e', listen, path])
        await new Promise((resolve) => peer.stdout?.once('data', resolve))
        expect(statSync(path).isSocket()).toBe(true)
        controller.abort(new Error('received Ctrl-D (the end of the input)'))
        await delay(60_000, undefined, { signal: context.signal })
      }),
      { signal: controller.signal },
    )
    expect(result.status).toBe('error')
    expect(result.reason).toBe('interrupted: received Ctrl-D (the end of the input)')
    expect(result.leftovers).toEqual([
      'socket file peer.sock left in the lab directory (removed by the runner)',
    ])
    expect(existsSync(path)).toBe(false)
    expect(existsSync(dirname(path))).toBe(false)
  })

  // What the runner could not remove is still on the disk: it is not said to be removed.
  it.skipIf(!canMakeImmutable())(
    'does not say removed of a file still in the lab directory',
    async () => {
      let dir = ''
      try {
        const result = await runLab(
          fakeLab(async (context) => {
            dir = context.dir
            writeFileSync(join(dir, 'kept.txt'), 'x')
            writeFileSync(join(dir, 'gone.txt'), 'x')
            // Immutable: not even root may unlink it (EPERM), so the directory stays too.
            execFileSync('chattr', ['+i', join(dir, 'kept.txt')])
            context.check({ name: 'first', pass: true, expected: 'x', observed: 'x' })
          }),
        )
        expect(result.status).toBe('fail')
        expect(result.leftovers?.slice(0, 2)).toEqual([
          'file gone.txt left in the lab directory (removed by the runner)',
          'file kept.txt left in the lab directory',
        ])
        expect(result.leftovers?.[2]).toMatch(/^could not remove the lab directory: /)
        expect(result.leftovers?.[3]).toBe(`lab directory ${dir} still exists`)
        expect(existsSync(join(dir, 'kept.txt'))).toBe(true)
        expect(existsSync(join(dir, 'gone.txt'))).toBe(false)
      } finally {
        if (dir) {
          execFileSync('chattr', ['-i', join(dir, 'kept.txt')])
          rmSync(dir, { recursive: true, force: true })
        }
      }
    },
  )

  it('runs deferred cleanups last-in first-out, even when the lab throws', async () => {
    const order: string[] = []
    const result = await runLab(
      fakeLab(async (context) => {
        context.defer(() => order.push('first registered'))
        context.defer(async () => order.push('second registered'))
        writeFileSync(join(context.dir, 'temp.txt'), 'x')
        context.defer(() => unlinkSync(join(context.dir, 'temp.txt')))
        throw new Error('boom')
      }),
    )
    expect(result.status).toBe('error')
    expect(order).toEqual(['second registered', 'first registered'])
    expect(result.leftovers).toBeUndefined()
  })

  it('kills the process groups of children started through the context', async () => {
    let pid = 0
    const result = await runLab(
      fakeLab(async (context) => {
        const child = context.spawn('sleep', ['30'])
        pid = child.pid ?? 0
        context.check({ name: 'first', pass: pid > 0, expected: 'a child', observed: String(pid) })
      }),
    )
    expect(result.status).toBe('pass')
    expect(pid).toBeGreaterThan(0)
    expect(isAlive(pid)).toBe(false)
    expect(result.transcript.some((line) => line.includes(`stopped process group ${pid}`))).toBe(
      true,
    )
  })

  it('fails a lab that starts a child outside the context, and kills it', async () => {
    let pid = 0
    const result = await runLab(
      fakeLab(async (context) => {
        const child = spawn('sleep', ['30'], { stdio: 'ignore' })
        pid = child.pid ?? 0
        strayPids.push(pid)
        context.check({ name: 'first', pass: true, expected: 'x', observed: 'x' })
      }),
    )
    expect(result.status).toBe('fail')
    expect(result.leftovers?.[0]).toMatch(
      new RegExp(`^process ${pid} \\(sleep\\) was started outside`),
    )
    expect(isAlive(pid)).toBe(false)
  })

  // A process that left decklab's tree is no descendant: the orphan of a shell's `cmd &`
  // started outside the context, a daemon that called setsid() started through it. Neither
  // was found, and each lived on after a lab that passed.
  it.each([
    ['an orphan of a child started outside the context', 'orphan'],
    ['a daemon that left its process group', 'daemon'],
  ])('fails a lab that leaves %s running, and kills it', async (_, kind) => {
    const pidFile = join(mkdtempSync(join(tmpdir(), 'decklab-test-orphan-')), 'pid')
    const line = `sleep 30 & echo $! > ${pidFile}`
    let pid = 0
    const result = await runLab(
      fakeLab(async (context) => {
        const child =
          kind === 'orphan'
            ? spawn('/bin/sh', ['-c', line], { stdio: 'ignore' })
            : context.spawn('/bin/sh', ['-c', `setsid ${line}`])
        await new Promise((resolve) => child.on('exit', resolve))
        pid = Number(readFileSync(pidFile, 'utf8'))
        strayPids.push(pid)
        // Until it has left: setsid() called and sleep run (a process still in the group is the group's).
        const left = kind === 'orphan' ? /^\d+ \(sleep\) / : /^\d+ \(sleep\) \S+ \d+ (\d+) \1 /
        while (!left.test(procStat(pid))) await delay(5)
        context.check({ name: 'first', pass: true, expected: 'x', observed: 'x' })
      }),
    )
    rmSync(dirname(pidFile), { recursive: true, force: true })
    expect(result.status).toBe('fail')
    expect(result.leftovers).toEqual([
      `process ${pid} (sleep) was started by the lab and still running outside decklab's process tree (an orphan or a daemon)`,
    ])
    expect(isAlive(pid)).toBe(false)
  })
})

describe('peers', () => {
  it('reports a peer that exits before READY as an error with its stderr', async () => {
    const result = await runLab(
      fakeLab(async (context) => {
        await context.startPeer('stream-coalesce-reader.py', ['stream'])
      }),
    )
    expect(result.status).toBe('error')
    expect(result.reason).toMatch(
      /peer stream-coalesce-reader\.py exited with code 1 before READY: .*IndexError/,
    )
  })

  it('reports a one-shot peer that fails as an error with its stderr', async () => {
    const result = await runLab(
      fakeLab(async (context) => {
        await context.runPeer('stream-coalesce-writer.py', [])
      }),
    )
    expect(result.status).toBe('error')
    expect(result.reason).toMatch(
      /peer stream-coalesce-writer\.py exited with code 1: .*IndexError/,
    )
  })

  it('refuses peer names outside labs/peers', async () => {
    const result = await runLab(
      fakeLab(async (context) => {
        await context.runPeer('../../etc/evil.py', [])
      }),
    )
    expect(result.status).toBe('error')
    expect(result.reason).toMatch(/must be a file name in labs\/peers/)
  })
})
