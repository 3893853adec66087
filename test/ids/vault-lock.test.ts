/**
 * The vault lock's refusals are about the vault, not the command line: a
 * `DecklabError` with a code of its own (the CLI prints it without the usage
 * line), never a `UsageError`.
 */
import { spawn } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it, onTestFinished } from 'vitest'
import { DecklabError, UsageError } from '../../src/errors.js'
import { lockVaults, vaultLockName } from '../../src/ids/vault-lock.js'
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
