// /proc/net/unix ends each line with the socket's path as bound, spaces and all: a
// TMPDIR holding a space cut every lab path short, so the labs' checks found no socket
// there and verify refuted correct cards.
import { once } from 'node:events'
import { mkdtemp, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { procNetUnixLines, unixSocketRow } from '../../src/labs/kit/evidence.js'

const cleanups: Array<() => Promise<unknown>> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

describe('/proc/net/unix rows', () => {
  it('keep the whole path of a socket bound where the path holds spaces', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'decklab proc net unix é '))
    cleanups.push(() => rm(dir, { recursive: true, force: true }))
    const path = join(dir, ' lab socket.sock ')
    const server = createServer()
    server.listen(path)
    await once(server, 'listening')
    cleanups.push(() => new Promise((resolve) => server.close(resolve)))
    const lines = await procNetUnixLines(path)
    expect(lines).toHaveLength(1)
    expect(lines[0]?.endsWith(path.trimEnd())).toBe(true)
  })

  it('read the flags, inode and address columns, an unnamed socket having no address', () => {
    const listener = unixSocketRow(
      '0000000000000000: 00000002 00000000 00010000 0001 01 44242 /tmp/a b/ s.sock ',
    )
    expect(listener).toMatchObject({
      flags: '00010000',
      inode: '44242',
      address: '/tmp/a b/ s.sock ',
    })
    expect(unixSocketRow('0000000000000000: 00000003 00000000 00000000 0001 03 9').address).toBe('')
    expect(
      unixSocketRow('0000000000000000: 00000002 00000000 00000000 0002 01 7 @abc@@').address,
    ).toBe('@abc@@')
  })
})
