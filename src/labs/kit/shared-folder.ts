/**
 * A folder outside the lab directory that runs share and decklab may have
 * made (Xvfb's /tmp/.X11-unix, the one place it puts its sockets): whoever
 * last uses one a decklab run made removes it, and one decklab did not make
 * is never removed.
 *
 * Which runs use the folder, and whether decklab made it, is held in
 * abstract Unix socket names, which every user sees in /proc/net/unix (a run
 * as `nobody` cannot read root's /proc/<pid>/environ) and the kernel drops
 * when their process dies, even by SIGKILL: each run using a folder a run
 * made listens on `@decklab-made:<folder>:<inode>:<random>`. Joining and
 * leaving take a lock, the abstract name `@decklab-lock:<folder>` (bound by
 * one process at a time, also across users; freed with its process), so a
 * run starting while another ends sees either the folder and its user, or
 * no folder: never the folder without its user, which it would take for
 * one decklab did not make and leave behind. In sticky /tmp only the
 * folder's owner and root may remove it, so their run, ending while only
 * other users' runs use it, waits (a user still) for those to end first.
 */
import { randomUUID } from 'node:crypto'
import { chmod, lstat, mkdir, rmdir } from 'node:fs/promises'
import { createServer, type Server } from 'node:net'
import { setTimeout as delay } from 'node:timers/promises'
import { procNetUnixRows } from './evidence.js'

/** How one run uses the folder. */
export interface SharedFolder {
  /** A decklab run made it: the last run using it removes it. */
  readonly made: boolean
  /**
   * This run no longer uses it (its programs have stopped): removed when
   * no other run uses it and it is empty. Rejects when it could not be
   * removed (EPERM: another user's, its run gone).
   */
  leave(): Promise<void>
}

/** A lock held longer than this is a decklab stopped mid-way (Ctrl-Z): the run gives up. */
const lockWaitMs = 10_000

/** Listen on the abstract `name`; rejects with EADDRINUSE when another socket has it. */
function listenAbstract(name: string): Promise<Server> {
  const server = createServer()
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(`\0${name}`, () => {
      server.off('error', reject)
      // Never what keeps decklab running: the kernel frees the name when it exits.
      server.unref()
      resolve(server)
    })
  })
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()))
}

/** Run `work` holding the folder's lock. */
async function locked<T>(folder: string, work: () => Promise<T>): Promise<T> {
  const started = Date.now()
  let lock: Server | undefined
  while (!lock) {
    try {
      lock = await listenAbstract(`decklab-lock:${folder}`)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error
      if (Date.now() - started > lockWaitMs) {
        throw new Error(
          `another decklab run has held the lock on ${folder} for ${lockWaitMs / 1000} s`,
        )
      }
      // Held for a few file calls at a time: try again shortly.
      await delay(5)
    }
  }
  try {
    return await work()
  } finally {
    await close(lock)
  }
}

/** The folder's inode, or undefined when it is no directory (absent, a file, a symlink). */
async function folderInode(folder: string): Promise<string | undefined> {
  const info = await lstat(folder).catch(() => undefined)
  return info?.isDirectory() ? String(info.ino) : undefined
}

/** The uids of the runs (of any user) listening as users of the folder with this inode, but `own`. */
async function runsUsing(folder: string, inode: string, own?: string): Promise<number[]> {
  // NUL bytes of an abstract name show as '@' (Node pads the name to the full sun_path).
  const prefix = `@decklab-made:${folder}:${inode}:`
  const uids: number[] = []
  for (const { address } of await procNetUnixRows()) {
    if (!address.startsWith(prefix) || (own && address.startsWith(`@${own}`))) continue
    uids.push(Number.parseInt(address.slice(prefix.length), 10))
  }
  return uids
}

/**
 * Start using `folder`: make it (with `mode`, whatever the umask) when it is
 * absent, and take part in removing it when it is one a run made.
 */
export async function useSharedFolder(folder: string, mode: number): Promise<SharedFolder> {
  return locked(folder, async () => {
    let inode: string | undefined
    let made = false
    try {
      await mkdir(folder, { mode })
      await chmod(folder, mode)
      inode = await folderInode(folder)
      made = inode !== undefined
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      inode = await folderInode(folder)
      made = inode !== undefined && (await runsUsing(folder, inode)).length > 0
    }
    if (!made || inode === undefined) return { made: false, leave: async () => {} }
    const uid = process.getuid?.() ?? -1
    const name = `decklab-made:${folder}:${inode}:${uid}:${randomUUID()}`
    // sun_path holds 107 bytes of an abstract name: a folder with a short path, like /tmp/.X11-unix.
    if (Buffer.byteLength(name) > 107) throw new Error(`the path ${folder} is too long to share`)
    const user = await listenAbstract(name)
    return { made: true, leave: () => leave({ folder, inode, uid, name, user }) }
  })
}

/** A run using a folder a run made. */
interface FolderUser {
  folder: string
  inode: string
  uid: number
  /** Its abstract name, in /proc/net/unix while it uses the folder. */
  name: string
  user: Server
}

/**
 * How long a run that can remove the folder waits for runs of users who
 * cannot (in sticky /tmp only its owner and root can) to end first: a run
 * of the lab lasts about a second, and the runner gives a cleanup 2 s.
 */
const waitForOthersMs = 1_500

/**
 * Stop using the folder, once the run's programs have stopped, and remove it
 * when this run was its last user. Its owner's or root's run waits, still a
 * user, while only runs that cannot remove it use it too (at most
 * `waitForOthersMs`: then they are left to report it).
 */
async function leave(run: FolderUser): Promise<void> {
  const { folder, inode, uid } = run
  const until = Date.now() + waitForOthersMs
  try {
    for (;;) {
      const done = await locked(folder, async () => {
        const info = await lstat(folder).catch(() => undefined)
        // Gone, or another folder now: not the one this run used.
        if (!info?.isDirectory() || String(info.ino) !== inode) return true
        const others = await runsUsing(folder, inode, run.name)
        if (others.length === 0) return removeEmpty(folder, run.user)
        const canRemove = (user: number) => user === 0 || user === info.uid
        return others.some(canRemove) || !canRemove(uid) || Date.now() >= until
      })
      if (done) return
      await delay(20)
    }
  } finally {
    await close(run.user)
  }
}

/** Remove the empty folder, as its last user (`user` closed first, under the lock). */
async function removeEmpty(folder: string, user: Server): Promise<true> {
  await close(user)
  try {
    await rmdir(folder)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    // Not empty: another program's socket in it (an X server started meanwhile), not ours to empty.
    if (code !== 'ENOTEMPTY' && code !== 'EEXIST' && code !== 'ENOENT') throw error
  }
  return true
}
