import { spawn } from 'node:child_process'
import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createVault, decklabBin, type Vault } from '../quiz/vault-fixture.js'

const vaults: Vault[] = []
afterEach(() => {
  for (const vault of vaults.splice(0)) vault.remove()
})

describe('decklab quiz whose reader goes away (`| head -1`)', () => {
  // EPIPE ends the process at once, skipping the `finally` that released the lock.
  it('leaves no lock behind in the state folder', async () => {
    const vault = createVault()
    vaults.push(vault)
    const child = spawn(
      process.execPath,
      [decklabBin, 'quiz', '--answers', '-', '--state', vault.state],
      { cwd: vault.root, stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } },
    )
    // The reader takes the first bytes and goes, as `head -1` does; the answers keep coming.
    child.stdout.once('data', () => child.stdout.destroy())
    child.stdin.on('error', () => {})
    child.stdin.write('good\n'.repeat(5))
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
    expect(code).not.toBeNull()
    const left = existsSync(vault.state) ? readdirSync(vault.state) : []
    expect(left.filter((name) => name.startsWith('lock'))).toEqual([])
    expect(existsSync(join(vault.state, 'lock'))).toBe(false)
  })
})
