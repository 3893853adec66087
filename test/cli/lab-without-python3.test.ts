// A machine without /usr/bin/python3: the python3 labs skip, saying what to install, and that a
// python3 elsewhere on PATH (pyenv, conda, a Nix profile) is not the one the peers run.
import { spawnSync } from 'node:child_process'
import { chmod, mkdtemp, realpath, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { python3Path } from '../../src/labs/requirements.js'
import { isRoot } from '../support/as-nobody.js'
import { decklabBin } from '../support/decklab.js'

const hasUnshare = spawnSync('unshare', ['--version']).error === undefined

describe('lab run without /usr/bin/python3', () => {
  it('skips, naming the package and the python3 on PATH it does not use', async (context) => {
    // Hiding /usr/bin/python3 from decklab alone takes a mount namespace of its own: root's.
    if (!isRoot) return context.skip('only root can hide /usr/bin/python3 in a mount namespace')
    if (!hasUnshare) return context.skip('unshare (util-linux) is not installed')
    const base = await mkdtemp(join(tmpdir(), 'decklab-nopython-'))
    try {
      // Another python3 on PATH, as pyenv's shim or a Nix profile would put there.
      const other = join(base, 'python3')
      await writeFile(other, '#!/bin/sh\nexit 1\n')
      await chmod(other, 0o755)
      const real = await realpath(python3Path)
      const script = `mount --make-rprivate / && mount --bind /dev/null "$1" && shift && exec "$@"`
      const result = spawnSync(
        'unshare',
        ['-m', 'sh', '-c', script, 'sh', real, process.execPath, decklabBin, 'lab', 'run', 'epipe'],
        {
          encoding: 'utf8',
          env: { ...process.env, NO_COLOR: '1', PATH: `${base}:${process.env.PATH ?? ''}` },
          timeout: 60_000,
        },
      )
      expect(result.status, result.stderr).toBe(0)
      expect(result.stdout).toMatch(/^SKIP epipe: 0\/2 checks passed in \d+ ms — /m)
      expect(result.stdout).toContain(
        `— needs ${python3Path} (apt-get install python3); the python3 on PATH, ${other}, is not used`,
      )
    } finally {
      await rm(base, { recursive: true, force: true })
    }
  })
})
