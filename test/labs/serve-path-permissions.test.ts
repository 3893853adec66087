// `lab serve --path` on a socket file its user may not connect to or remove (another
// user's, in a shared /tmp): a permission error says so; it is not "something is still
// serving on it", and not an internal error. Root passes permission checks, so as root
// decklab runs as `nobody` on files `nobody` owns.
import { spawnSync } from 'node:child_process'
import { chmodSync, chownSync, lstatSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { asNobody, asNobodyUnavailable, isRoot, nobody } from '../support/as-nobody.js'
import { decklabBin } from '../support/decklab.js'

const why = asNobodyUnavailable(decklabBin)
const folders: string[] = []
afterEach(() => {
  for (const folder of folders.splice(0)) {
    spawnSync('chmod', ['-R', 'u+rwx', folder])
    rmSync(folder, { recursive: true, force: true })
  }
})

/** A stale socket file (its server gone) `dir/stale.sock`, owned by whoever runs decklab. */
function staleSocket(): { dir: string; path: string } {
  const dir = mkdtempSync(join(tmpdir(), 'dl-serve-perm-'))
  folders.push(dir)
  const path = join(dir, 'stale.sock')
  const made = spawnSync('/usr/bin/python3', [
    '-c',
    'import socket, sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])',
    path,
  ])
  expect(made.status).toBe(0)
  if (isRoot) {
    chownSync(dir, nobody, nobody)
    chownSync(path, nobody, nobody)
  }
  return { dir, path }
}

function serve(path: string) {
  const [command, ...prefix] = isRoot ? [...asNobody, process.execPath] : [process.execPath]
  const result = spawnSync(
    command!,
    [...prefix, decklabBin, 'lab', 'serve', 'stream-echo', '--path', path, '--json'],
    { encoding: 'utf8', timeout: 20_000, env: { ...process.env, NO_COLOR: '1' } },
  )
  return { code: result.status, stdout: result.stdout, stderr: result.stderr }
}

describe.skipIf(why !== undefined)(
  `lab serve --path on a socket file it may not use${why ? ` (skipped: ${why})` : ''}`,
  () => {
    it('a stale socket in a folder it may not write: serve-path naming the permission, the file left', () => {
      const { dir, path } = staleSocket()
      chmodSync(dir, 0o555)
      const result = serve(path)
      expect(result.stderr).not.toContain('internal error')
      expect(result.code).toBe(2)
      const error = (JSON.parse(result.stdout) as { error: { code: string; message: string } })
        .error
      expect(error.code).toBe('serve-path')
      expect(error.message).toMatch(
        /^\S+stale\.sock is a stale socket file .*may not remove \(EACCES\)/,
      )
      expect(lstatSync(path).isSocket()).toBe(true)
    })
    it('a socket file it may not connect to: serve-path says so, not that something serves there', () => {
      const { path } = staleSocket()
      chmodSync(path, 0o000)
      const result = serve(path)
      expect(result.code).toBe(2)
      const error = (JSON.parse(result.stdout) as { error: { code: string; message: string } })
        .error
      expect(error.code).toBe('serve-path')
      expect(error.message).not.toContain('still serving')
      expect(error.message).toMatch(
        /^\S+stale\.sock is a socket file you may not connect to \(EACCES\), so whether something serves on it cannot be told/,
      )
      expect(lstatSync(path).isSocket()).toBe(true)
    })
  },
)
