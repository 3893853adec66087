// Labs stopped at their deadline must still clean up after themselves: under two busy loops
// on 2 cores, `lab run <id> --deadline 150|400` of every lab listed these as left behind
// (the runner removed them): listen-backlog's and server-workflow's socket files, bound by
// their python3 peer before the lab registered its removal, and stream-coalesce's server,
// whose close waited 2 s for a half-open connection no defer destroyed.
import { describe, expect, it } from 'vitest'
import listenBacklog from '../../labs/listen-backlog.js'
import serverWorkflow from '../../labs/server-workflow.js'
import streamCoalesce from '../../labs/stream-coalesce.js'
import { runLab } from '../../src/labs/runner.js'
import type { LabContext, LabDefinition } from '../../src/labs/types.js'

/** Run `lab`, stopped (as by its deadline) right after its peer `script` has done its part. */
async function stoppedAfter(lab: LabDefinition, how: 'startPeer' | 'runPeer', script: string) {
  const controller = new AbortController()
  const stop = <T>(context: LabContext): Promise<T> => {
    controller.abort(new Error('stopped'))
    return new Promise<T>((_, reject) => {
      if (context.signal.aborted) reject(context.signal.reason)
      context.signal.addEventListener('abort', () => reject(context.signal.reason))
    })
  }
  return runLab(
    {
      ...lab,
      run: (context) =>
        lab.run({
          ...context,
          startPeer: async (name, args, options) => {
            const peer = await context.startPeer(name, args, options)
            return how === 'startPeer' && name === script ? stop(context) : peer
          },
          runPeer: async (name, args, options) => {
            const result = await context.runPeer(name, args, options)
            return how === 'runPeer' && name === script ? stop(context) : result
          },
        }),
    },
    { signal: controller.signal },
  )
}

describe('a lab stopped right after its peer did its part', () => {
  it('listen-backlog removes the sockets its peer bound', async () => {
    const result = await stoppedAfter(listenBacklog, 'startPeer', 'listen-backlog.py')
    expect(result.reason).toBe('interrupted: stopped')
    expect(result.leftovers).toBeUndefined()
  })

  it('server-workflow removes the socket its peer bound', async () => {
    const result = await stoppedAfter(serverWorkflow, 'startPeer', 'server-workflow.py')
    expect(result.reason).toBe('interrupted: stopped')
    expect(result.leftovers).toBeUndefined()
  })

  it('stream-coalesce closes its server and the half-open connection at once', async () => {
    const result = await stoppedAfter(streamCoalesce, 'runPeer', 'stream-coalesce-writer.py')
    if (result.status === 'skip') return // no python3 here
    expect(result.reason).toBe('interrupted: stopped')
    expect(result.leftovers).toBeUndefined()
  })
})
