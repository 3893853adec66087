/** A tiny tmpfs for tests of a full disk (only root may mount one). */
import { spawnSync } from 'node:child_process'
import {
  closeSync,
  fstatSync,
  ftruncateSync,
  mkdtempSync,
  openSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** Why a tiny tmpfs cannot be mounted here (only root may), or undefined. */
export function tmpfsUnavailable(): string | undefined {
  if (process.getuid?.() !== 0) return 'not root'
  const probe = mkdtempSync(join(tmpdir(), 'decklab-tmpfs-probe-'))
  try {
    const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=16k', 'tmpfs', probe])
    if (mounted.error || mounted.status !== 0) return 'tmpfs cannot be mounted here'
    spawnSync('umount', [probe])
    return undefined
  } finally {
    rmSync(probe, { recursive: true, force: true })
  }
}

/** Pad the file with blank lines until the disk is full, then give back `room` bytes. */
export function fillDisk(path: string, room: number): void {
  const descriptor = openSync(path, 'a')
  try {
    const chunk = Buffer.alloc(1024, '\n')
    for (;;) {
      try {
        if (writeSync(descriptor, chunk) < chunk.length) break
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOSPC') break
        throw error
      }
    }
    // The last block stays allocated: the next append fits `room` bytes, then the disk is full.
    ftruncateSync(descriptor, fstatSync(descriptor).size - room)
  } finally {
    closeSync(descriptor)
  }
}

/**
 * Fill the tmpfs at `disk` but for one block: the one file a command
 * creates first (its lock) takes it, and its next write finds the disk full.
 */
export function fillDiskButOneBlock(disk: string): void {
  const keep = join(disk, 'room-for-the-lock')
  writeFileSync(keep, 'x')
  const filler = join(disk, 'filler')
  writeFileSync(filler, '')
  fillDisk(filler, 0)
  rmSync(keep)
}
