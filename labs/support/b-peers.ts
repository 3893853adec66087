/**
 * Running python3 peers as another user (`nobody` when the lab runs as root).
 * That user must be able to read the peer script; when the package lives
 * somewhere it cannot reach (a 0700 home directory, say), the script's text is
 * handed to `python3 -c` instead, so the privilege-drop checks still run.
 */
import { readFileSync } from 'node:fs'
import { stat } from 'node:fs/promises'
import { dirname } from 'node:path'
import { peerScriptPath, runPeer, type SpawnFunction, startPeer } from '../../src/labs/peers.js'
import type { LabContext } from '../../src/labs/types.js'

/** Whom to run a peer as; `undefined` ids mean "as this process". */
export interface PeerUser {
  uid?: number | undefined
  gid?: number | undefined
}

/** True when a user who owns nothing here (only the "other" bits apply) can read `file`. */
export async function readableByOthers(file: string): Promise<boolean> {
  try {
    if (((await stat(file)).mode & 0o004) === 0) return false
    for (let directory = dirname(file); ; directory = dirname(directory)) {
      if (((await stat(directory)).mode & 0o001) === 0) return false
      if (dirname(directory) === directory) return true
    }
  } catch {
    return false
  }
}

/** A spawn that passes the peer script's text to `python3 -c` instead of its path. */
function inlineSpawn(context: LabContext): SpawnFunction {
  return (command, args, options) => {
    const [scriptPath, ...rest] = args
    const source = readFileSync(scriptPath as string, 'utf8')
    return context.spawn(command, ['-c', source, ...rest], options)
  }
}

/** Whether `script` must be inlined to run as `user` (only a different uid can be refused). */
async function mustInline(script: string, user: PeerUser | undefined): Promise<boolean> {
  if (user?.uid === undefined || user.uid === process.getuid?.()) return false
  return !(await readableByOthers(peerScriptPath(script)))
}

/** `context.runPeer`, falling back to `python3 -c` when `user` cannot read the script. */
export async function runPeerAs(
  context: LabContext,
  script: string,
  args: readonly string[],
  user: PeerUser | undefined,
  options: { inline?: boolean | undefined } = {},
): Promise<unknown> {
  if (!(options.inline ?? (await mustInline(script, user)))) {
    return context.runPeer(script, args, user)
  }
  context.log(
    `run peer ${script} ${args.join(' ')} as uid ${user?.uid} (script text via python3 -c)`,
  )
  return runPeer(inlineSpawn(context), script, args, user, context.signal)
}

/** `context.startPeer`, falling back to `python3 -c` when `user` cannot read the script. */
export async function startPeerAs(
  context: LabContext,
  script: string,
  args: readonly string[],
  user: PeerUser | undefined,
  options: { inline?: boolean | undefined } = {},
): Promise<Awaited<ReturnType<LabContext['startPeer']>>> {
  if (!(options.inline ?? (await mustInline(script, user)))) {
    return context.startPeer(script, args, user)
  }
  context.log(
    `start peer ${script} ${args.join(' ')} as uid ${user?.uid} (script text via python3 -c)`,
  )
  return startPeer(inlineSpawn(context), script, args, user, context.signal)
}
