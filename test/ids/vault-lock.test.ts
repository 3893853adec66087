/**
 * The vault lock's refusals are about the vault, not the command line: a
 * `DecklabError` with a code of its own (the CLI prints it without the usage
 * line), never a `UsageError`.
 */
import { execFileSync, spawn } from 'node:child_process'
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it, onTestFinished } from 'vitest'
import { DecklabError, InterruptedError, UsageError } from '../../src/errors.js'
import type { WritableSource } from '../../src/ids/plan.js'
import { changedSources, lockVaults, vaultLockName } from '../../src/ids/vault-lock.js'
import { processStart } from '../../src/locks/lock-file.js'
import { tempProject } from '../support/project.js'

/** What `lockVaults` threw for `root`, waiting no longer than `waitMs`. */
async function refusal(root: string, waitMs = 0): Promise<DecklabError> {
  const error = await lockVaults([root], { waitMs }).then(
    (release) => {
      release()
      throw new Error('the lock was taken')
    },
    (caught: unknown) => caught,
  )
  expect(error).toBeInstanceOf(DecklabError)
  expect(error).not.toBeInstanceOf(UsageError)
  return error as DecklabError
}

describe('lockVaults refuses', () => {
  it('a lock another live decklab holds past the wait: vault-locked, naming it', async () => {
    const root = await tempProject({})
    const holder = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], {
      stdio: 'ignore',
    })
    onTestFinished(() => {
      holder.kill()
    })
    const pid = holder.pid!
    const start = processStart(pid)
    writeFileSync(
      join(root, vaultLockName),
      `${JSON.stringify({ pid, start, command: 'decklab sync' })}\n`,
    )
    const error = await refusal(root)
    expect(error.code).toBe('vault-locked')
    expect(error.message).toContain(`decklab sync (pid ${pid}) is writing IDs into this vault`)
  })

  it('a folder where its lock file goes: vault-not-writable', async () => {
    const root = await tempProject({})
    mkdirSync(join(root, vaultLockName))
    const error = await refusal(root)
    expect(error.code).toBe('vault-not-writable')
    expect(error.message).toContain("it is a folder, expected decklab's lock file there")
  })
})

describe('changedSources', () => {
  /** A note as the build read it: `text` now on disk at `name` in `root`. */
  function source(root: string, name: string, text: string, bom = false): WritableSource {
    const absolutePath = join(root, name)
    writeFileSync(absolutePath, (bom ? '\uFEFF' : '') + text)
    return { file: name, absolutePath, vaultRoot: root, text, bom }
  }

  it('names exactly the notes whose bytes differ from what was read, are gone or are no longer files', async () => {
    const root = await tempProject({})
    const big = 'x'.repeat(100_000)
    const same = source(root, 'same.md', 'START\nBasic\nQ\nBack: A\nEND\n')
    const sameBom = source(root, 'bom.md', 'text\n', true)
    const sameBig = source(root, 'big.md', big)
    const edited = source(root, 'edited.md', 'before\n')
    writeFileSync(edited.absolutePath, 'after!\n')
    const editedBig = source(root, 'edited-big.md', big)
    writeFileSync(editedBig.absolutePath, `${big}y`)
    const bomLost = source(root, 'bom-lost.md', 'text\n', true)
    writeFileSync(bomLost.absolutePath, 'text\n')
    const gone = source(root, 'gone.md', 'text\n')
    rmSync(gone.absolutePath)
    // A FIFO is never opened blocking: the check must not hang on it.
    const fifo = source(root, 'fifo.md', 'text\n')
    rmSync(fifo.absolutePath)
    execFileSync('mkfifo', [fifo.absolutePath])
    const all = [same, edited, sameBom, sameBig, editedBig, bomLost, gone, fifo]
    // Each note compared on its own: a short note read after a long one is not taken for its start.
    expect((await changedSources(all)).map((each) => each.file)).toEqual([
      'edited.md',
      'edited-big.md',
      'bom-lost.md',
      'gone.md',
      'fifo.md',
    ])
  })

  it('stops at a signal that has fired', async () => {
    const root = await tempProject({})
    const controller = new AbortController()
    controller.abort(new Error('received SIGINT'))
    await expect(
      changedSources([source(root, 'a.md', 'a\n')], controller.signal),
    ).rejects.toBeInstanceOf(InterruptedError)
  })
})
