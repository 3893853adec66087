// dgram-queue-limit was written where net.unix.max_dgram_qlen is the kernel's 10. systemd
// sets 512 at boot, and there the sender's default buffer (SO_SNDBUF 212992) ran out of
// bytes after 278 one-byte datagrams, long before 513: connected-senders-capped and
// mutual-connection-exempt failed on most desktops. Run in a network namespace of its own
// (root's, where the sysctl can be set without touching the machine's) with 512.
import { spawnSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { isRoot } from '../support/as-nobody.js'
import { decklabBin } from '../support/decklab.js'

const script = 'echo 512 > /proc/sys/net/unix/max_dgram_qlen && exec "$@"'
const probe = spawnSync('unshare', ['-n', 'sh', '-c', script, 'sh', 'true'])
const why = !isRoot
  ? 'only root can set max_dgram_qlen in a network namespace of its own'
  : probe.error
    ? 'unshare (util-linux) is not installed'
    : probe.status !== 0
      ? `unshare -n cannot set max_dgram_qlen here: ${String(probe.stderr).trim()}`
      : undefined

describe.skipIf(why !== undefined)(
  `dgram-queue-limit with max_dgram_qlen 512, as systemd sets it${why ? ` (skipped: ${why})` : ''}`,
  () => {
    it('caps the senders at 513 datagrams, not at what the default SO_SNDBUF holds', () => {
      const result = spawnSync(
        'unshare',
        [
          '-n',
          'sh',
          '-c',
          script,
          'sh',
          process.execPath,
          decklabBin,
          'lab',
          'run',
          'dgram-queue-limit',
          '--json',
        ],
        { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 60_000 },
      )
      const run = JSON.parse(result.stdout) as {
        status: string
        checks: { name: string; status: string; observed: string }[]
      }
      const statuses = Object.fromEntries(run.checks.map((check) => [check.name, check.status]))
      expect(statuses, result.stdout).toEqual({
        'queue-full-eagain': 'pass',
        'max-dgram-qlen': 'pass',
        'connected-senders-capped': 'pass',
        'mutual-connection-exempt': 'pass',
      })
      const capped = run.checks.find((check) => check.name === 'connected-senders-capped')
      expect(capped?.observed).toMatch(/^unconnected: 513 × 1 B queued, then EAGAIN /)
    }, 60_000)
  },
)
