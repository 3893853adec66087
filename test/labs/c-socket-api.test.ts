import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import lab from '../../labs/c-socket-api.js'
import { findExecutable } from '../../src/labs/requirements.js'
import { runDecklab } from '../support/decklab.js'
import { checkNamed, expectLabPassesWith } from './support/lab-result.js'

const cc = await findExecutable('cc')

describe('c-socket-api lab (a C peer compiled at run time)', () => {
  it.skipIf(!cc)(
    'answers from the headers and the kernel: AF_LOCAL, sun_path, protocol, SOCK_RAW',
    async () => {
      const result = await expectLabPassesWith(lab.id, {
        checks: lab.checks,
        values: { 'sun-path-size': '108' },
      })
      expect(checkNamed(result, 'protocol-argument').values).toContainEqual({
        kind: 'errno',
        label: 'other protocols',
        value: 'EPROTONOSUPPORT',
      })
      expect(checkNamed(result, 'raw-accepted-as-dgram').values).toContainEqual({
        kind: 'name',
        label: 'type it becomes',
        value: 'SOCK_DGRAM',
      })
      expect(checkNamed(result, 'raw-peers-like-dgram').observed).toMatch(
        /stream → raw: EPROTOTYPE$/,
      )
    },
  )
})

describe('c-socket-api lab on a machine whose cc has no C library headers', () => {
  // Debian's gcc only recommends libc6-dev: `apt-get install --no-install-recommends gcc` leaves
  // the headers out. The lab ended as an ERROR carrying the compiler's output; it now skips.
  it.each([
    ['gcc', 'socket-api.c:16:10: fatal error: errno.h: No such file or directory'],
    ['clang', "socket-api.c:16:10: fatal error: 'errno.h' file not found"],
  ])('skips with the package to install (%s)', async (_compiler, message) => {
    const bin = await mkdtemp(join(tmpdir(), 'decklab-cc-'))
    try {
      await writeFile(join(bin, 'cc'), `#!/bin/sh\necho "${message}" >&2\nexit 1\n`)
      await chmod(join(bin, 'cc'), 0o755)
      const result = runDecklab(['lab', 'run', 'c-socket-api', '--json'], {
        env: { PATH: `${bin}:${process.env.PATH ?? ''}` },
      })
      expect(result.code, result.stderr).toBe(0)
      const report = JSON.parse(result.stdout) as { status: string; reason?: string }
      expect(report.status).toBe('skip')
      expect(report.reason).toBe(
        "needs the C library's headers: cc finds no <errno.h> (apt-get install libc6-dev)",
      )
    } finally {
      await rm(bin, { recursive: true, force: true })
    }
  })
})
