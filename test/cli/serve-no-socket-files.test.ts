/**
 * `lab serve --path` in a folder whose file system holds no socket files
 * (exFAT through exfat-fuse: its bind leaves an empty regular file and fails
 * with EIO). The file was left behind and the error said only "I/O error";
 * the next `lab serve` there then refused the path as "exists and is not a
 * socket". A module preloaded into decklab (`test/support/no-socket-files.mjs`)
 * makes the bind fail so, without a FUSE mount.
 */
import { spawnSync } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { decklabBin } from '../support/decklab.js'
import { tempProject } from '../support/project.js'

const noSocketFiles = new URL('../support/no-socket-files.mjs', import.meta.url).href

describe('lab serve on a file system without socket files', () => {
  it.each([
    ['datagram', 'dgram-boundaries'],
    ['seqpacket', 'seqpacket-boundaries'],
  ])('%s: says why, and leaves no file at the path', async (_, lab) => {
    const dir = await tempProject({ 'stick/': '' })
    const path = join(dir, 'stick', 'echo.sock')
    for (let run = 0; run < 2; run += 1) {
      const result = spawnSync(
        process.execPath,
        [decklabBin, 'lab', 'serve', lab, '--path', path],
        {
          encoding: 'utf8',
          env: { ...process.env, NO_COLOR: '1', NODE_OPTIONS: `--import=${noSocketFiles}` },
          timeout: 30_000,
        },
      )
      expect(result.status, result.stderr).toBe(2)
      expect(result.stderr).toContain(
        `error cannot serve on ${path}: EIO: the file system of ${join(dir, 'stick')} may hold no socket files (FAT, exFAT and some FUSE file systems cannot); choose a --path on another file system, such as /tmp`,
      )
      expect(readdirSync(join(dir, 'stick'))).toEqual([])
    }
  })
})
