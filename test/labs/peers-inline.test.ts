// Peers run as another user fall back to `python3 -c` when that user cannot read labs/peers.
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { waitForExit } from '../../src/labs/kit/children.js'
import { readableByOthers } from '../../src/labs/kit/peers.js'
import { runLab } from '../../src/labs/runner.js'
import type { LabDefinition } from '../../src/labs/types.js'
import { runningAsRoot } from './support/lab-result.js'

const created: string[] = []
afterEach(async () => {
  for (const directory of created.splice(0)) await rm(directory, { recursive: true, force: true })
})

describe('readableByOthers', () => {
  it('needs o+r on the file and o+x on every directory above it', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'dl-peers-'))
    created.push(directory)
    const file = join(directory, 'peer.py')
    await writeFile(file, 'print(1)\n')
    await chmod(file, 0o644)
    await chmod(directory, 0o700)
    expect(await readableByOthers(file)).toBe(false)
    await chmod(directory, 0o711)
    expect(await readableByOthers(file)).toBe(true)
    await chmod(file, 0o600)
    expect(await readableByOthers(file)).toBe(false)
    expect(await readableByOthers(join(directory, 'missing.py'))).toBe(false)
  })
})

describe('context.runPeer and context.startPeer with the script text inlined', () => {
  it('run the same peer through python3 -c, as nobody when root', async () => {
    const user = runningAsRoot ? { uid: 65534, gid: 65534 } : {}
    const seen: unknown[] = []
    const lab: LabDefinition = {
      id: 'peers-inline',
      title: 'inline peers',
      summary: 'runs peers through python3 -c',
      requires: ['linux', 'python3'],
      checks: ['inline-run', 'inline-start'],
      serve: null,
      async run(context) {
        await chmod(context.dir, 0o711)
        const report = await context.runPeer(
          'socket-permissions.py',
          [join(context.dir, 'missing.sock')],
          { ...user, inline: true },
        )
        seen.push(report)
        context.check({
          name: 'inline-run',
          pass: true,
          expected: 'a JSON report',
          observed: JSON.stringify(report),
        })
        const name = `decklab-inline-${context.token}`
        const peer = await context.startPeer('abstract-names.py', ['server', name], {
          ...user,
          inline: true,
        })
        seen.push(peer.ready)
        peer.process.kill('SIGTERM')
        await waitForExit(peer.process)
        context.check({ name: 'inline-start', pass: true, expected: 'READY', observed: peer.ready })
      },
    }
    const result = await runLab(lab)
    expect(result.status, JSON.stringify(result, null, 2)).toBe('pass')
    expect(result.leftovers).toBeUndefined()
    expect(seen[0]).toMatchObject({
      uid: runningAsRoot ? 65534 : process.getuid!(),
      connected: false,
      errno: 'ENOENT',
    })
    expect(seen[1]).toMatch(/^@decklab-inline-[0-9a-f]+$/)
    expect(result.transcript.join('\n')).toContain('script text via python3 -c')
  })
})

describe('a peer script that is not in labs/peers', () => {
  it('ends the lab as an error naming the script, not with a python3 traceback', async () => {
    const lab: LabDefinition = {
      id: 'missing-peer',
      title: 'a missing peer',
      summary: 'runs a peer script that does not exist',
      requires: ['linux', 'python3'],
      checks: ['ran'],
      serve: null,
      async run(context) {
        await context.runPeer('no-such-peer.py', [])
        context.check({ name: 'ran', pass: true, expected: 'x', observed: 'x' })
      },
    }
    const result = await runLab(lab)
    expect(result.status).toBe('error')
    expect(result.reason).toMatch(/^peer script labs\/peers\/no-such-peer\.py does not exist/)
    expect(result.reason).not.toContain('Traceback')
  })
})
