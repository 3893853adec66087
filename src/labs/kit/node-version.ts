/**
 * Checks of Node's own socket behaviour, which changed with libuv 1.48 (it
 * binds abstract names at their exact length and refuses a too-long path
 * instead of truncating it). The cards record Node 20; on another major the
 * check is recorded as skipped with what was seen, never judged against them.
 */
import type { LabContext } from '../types.js'

/** The Node major version whose behaviour the course's cards record. */
export const cardNodeMajor = 20

/** The major version of the Node running the lab. */
export const nodeMajor = Number(process.versions.node.split('.')[0])

/**
 * True when `check` may be judged on this Node; otherwise records it as
 * skipped with `observed` and returns false. `cards` names what records the
 * behaviour, as the skip reason says it.
 */
export function judgedOnThisNode(
  context: LabContext,
  check: string,
  observed: string,
  cards = 'the cards record',
): boolean {
  if (nodeMajor === cardNodeMajor) return true
  context.skipCheck(
    check,
    `this is Node ${process.version} (libuv ${process.versions.uv}); ${cards} Node ${cardNodeMajor}. Here: ${observed}`,
  )
  return false
}
