// The socket-permissions lab: connect() needs write permission on the socket file; as root it drops to nobody.
import { describe, expect, it } from 'vitest'
import { checkNamed, expectLabPassesWith, runningAsRoot } from './support/lab-result.js'

// Only root can show the bypass, or connect as another user; as root every check runs (CI runs as root).
const skippedUnlessRoot = runningAsRoot
  ? {}
  : ({
      'root-bypasses': 'skip',
      'default-mode-owner-only': 'skip',
      'group-write-allows': 'skip',
    } as const)

describe('lab socket-permissions', () => {
  it('refuses a client without write permission with EACCES and lets one with it in', async () => {
    const result = await expectLabPassesWith('socket-permissions', {
      checks: [
        'no-write-eacces',
        'write-permission-allows',
        'root-bypasses',
        'directory-search-needed',
        'default-mode-owner-only',
        'group-write-allows',
      ],
      values: { 'no-write-eacces': 'EACCES' },
      statuses: skippedUnlessRoot,
    })
    if (runningAsRoot) {
      expect(checkNamed(result, 'no-write-eacces').observed).toBe(
        'uid 65534: connect failed with EACCES',
      )
      expect(checkNamed(result, 'default-mode-owner-only').evidence?.[0]).toMatch(
        /srwxr-xr-x \(0755\)/,
      )
      // Only the group bits let nobody in: the socket's group is nobody's, others have none.
      expect(checkNamed(result, 'group-write-allows').evidence?.slice(0, 2)).toEqual([
        'socket file group: gid 65534',
        expect.stringMatching(/srwx-w---- \(0720\)/),
      ])
    }
  })

  it("shows the world-writable socket's own mode and type in its evidence, not the lab directory's", async () => {
    const result = await expectLabPassesWith('socket-permissions', {
      checks: ['writable-all'],
      // The other checks run too: as a user, those only root can run are skipped.
      statuses: skippedUnlessRoot,
    })
    const [socket, directory] = checkNamed(result, 'writable-all').evidence ?? []
    expect(socket).toMatch(/\/all\.sock: srwxrwxrwx \(0777\)$/)
    expect(directory).toMatch(/: drwx------ \(the lab directory\)$/)
  })
})
