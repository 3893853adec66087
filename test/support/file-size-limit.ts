/**
 * The built decklab run under a file size limit (`prlimit --fsize`, util-linux):
 * a write past it fails with EFBIG, which makes a write fail exactly where a
 * test wants, without root or a small disk.
 */
import { type SpawnSyncReturns, spawnSync } from 'node:child_process'
import { decklabBin } from './decklab.js'

/** Why a file size limit cannot be set for a child here, or undefined. */
export function fileSizeLimitUnavailable(): string | undefined {
  const probe = spawnSync('prlimit', ['--fsize=65536', process.execPath, '-e', ''])
  return probe.error || probe.status !== 0 ? 'prlimit is not available' : undefined
}

/** Run decklab with `args` in `cwd`, no file it writes allowed past `limit` bytes. */
export function runWithFileSizeLimit(
  limit: number,
  args: readonly string[],
  {
    cwd,
    input,
    env,
  }: { cwd: string; input?: string | undefined; env?: Record<string, string> | undefined },
): SpawnSyncReturns<string> {
  return spawnSync('prlimit', [`--fsize=${limit}`, process.execPath, decklabBin, ...args], {
    cwd,
    input,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', ...env },
  })
}
