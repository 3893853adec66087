// Evidence helpers: /proc/net/unix lines, ls-style modes, errno names.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import {
  errnoName,
  fileModeString,
  modeString,
  procNetUnixLines,
} from '../../src/labs/kit/evidence.js'
import { unwrap } from '../../src/labs/kit/outcome.js'
import { closeServer, listen } from '../../src/labs/kit/sockets.js'

let dir: string | undefined
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true })
  dir = undefined
})

describe('evidence', () => {
  it('finds the /proc/net/unix line and socket mode of a listening socket', async () => {
    dir = await mkdtemp(join(tmpdir(), 'dl-test-'))
    const path = join(dir, 'e.sock')
    const server = unwrap(await listen(path, { allowHalfOpen: true }))
    try {
      const lines = await procNetUnixLines(path)
      expect(lines).toHaveLength(1)
      expect(lines[0]?.endsWith(` ${path}`)).toBe(true)
      expect(await fileModeString(path)).toMatch(/^s[rwx-]{9}$/)
    } finally {
      await closeServer(server)
    }
    expect(await procNetUnixLines(path)).toEqual([])
  })

  it('formats modes like ls -l', () => {
    expect(modeString(0o140755)).toBe('srwxr-xr-x')
    expect(modeString(0o100644)).toBe('-rw-r--r--')
    expect(modeString(0o040700)).toBe('drwx------')
  })

  it('names errnos from a code or from strerror text', () => {
    expect(errnoName({ code: 'ECONNREFUSED' })).toBe('ECONNREFUSED')
    expect(errnoName(new Error('Transport endpoint is not connected'))).toBe('ENOTCONN')
    expect(errnoName(new Error('connect EACCES /x'))).toBe('EACCES')
    expect(errnoName(new Error('nothing useful'))).toBeUndefined()
    expect(errnoName('text')).toBeUndefined()
  })
})
