/**
 * A state folder or file decklab may not read is a permission error with
 * the advice for one (exit 2), not a "damaged state file" to move away.
 * Root may read anything, so as root decklab runs as `nobody`.
 */
import { spawnSync } from 'node:child_process'
import { chmodSync, chownSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createVault, decklabBin, type Vault } from '../quiz/vault-fixture.js'
import { asNobody, asNobodyUnavailable, isRoot, nobody } from '../support/as-nobody.js'

const why = asNobodyUnavailable(decklabBin)

const vaults: Vault[] = []
afterEach(() => {
  for (const vault of vaults.splice(0)) {
    spawnSync('chmod', ['-R', 'u+rwx', vault.root])
    vault.remove()
  }
})

/** A vault anyone may read, with its state folder made (owned by whoever runs decklab). */
function vault(): Vault {
  const created = createVault()
  vaults.push(created)
  mkdirSync(created.state)
  spawnSync('chmod', ['-R', 'a+rX', created.root])
  if (isRoot) spawnSync('chown', ['-R', `${nobody}:${nobody}`, created.state])
  return created
}

/** decklab in `cwd`, as `nobody` when this runs as root. */
function run(cwd: string, args: string[], input?: string) {
  const [command, ...prefix] = isRoot ? [...asNobody, process.execPath] : [process.execPath]
  const result = spawnSync(command!, [...prefix, decklabBin, ...args], {
    cwd,
    input,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  })
  return { code: result.status, stderr: result.stderr, stdout: result.stdout }
}

describe.skipIf(why !== undefined)(`unreadable state${why ? ` (skipped: ${why})` : ''}`, () => {
  it('a state folder shut to its owner (000) is named, with permission advice, by stats and quiz', () => {
    const { root, state } = vault()
    chmodSync(state, 0o000)
    const expected = `error ${state}: cannot be read (permission denied (EACCES)); nothing was changed. Make it readable by you, or choose another folder with --state.`
    for (const result of [
      run(root, ['stats', '--state', state]),
      run(root, ['quiz', '--answers', '-', '--state', state], 'good\n'),
    ]) {
      expect(result.stderr).toContain(expected)
      expect(result.stderr).not.toContain('damaged')
      expect(result.stderr).not.toContain('internal error')
      expect(result.code).toBe(2)
    }
  })

  it('an unreadable cards.json in a readable folder is named itself', () => {
    const { root, state } = vault()
    const cards = join(state, 'cards.json')
    writeFileSync(cards, '{"version":1,"seq":0,"cards":{}}\n')
    if (isRoot) chownSync(cards, nobody, nobody)
    chmodSync(cards, 0o000)
    const result = run(root, ['stats', '--state', state])
    expect(result.stderr).toContain(`error ${cards}: cannot be read (permission denied (EACCES))`)
    expect(result.stderr).not.toContain('damaged')
    expect(result.code).toBe(2)
  })
})
