/** Temporary vaults for render tests, removed after each test. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { onTestFinished } from 'vitest'
import type { LabLink, Note } from '../../src/model/note.js'

/** A fresh directory holding `vault/` (the vault root) and `outside/`, deleted when the test ends. */
export function makeTempVault(): { root: string; vault: string; outside: string } {
  const root = mkdtempSync(join(tmpdir(), 'decklab-render-'))
  onTestFinished(() => rmSync(root, { recursive: true, force: true }))
  const vault = join(root, 'vault')
  const outside = join(root, 'outside')
  mkdirSync(vault)
  mkdirSync(outside)
  return { root, vault, outside }
}

/** Write a file (creating folders) and return its path. */
export function writeFile(path: string, content: string | Uint8Array = 'x'): string {
  mkdirSync(dirname(path), { recursive: true })
  writeFileSync(path, content)
  return path
}

/** A note located at `notePath` inside `vaultRoot`. */
export function makeNote(
  fields: Record<string, string>,
  options: {
    noteType?: string
    labs?: LabLink[]
    vaultRoot?: string
    notePath?: string
    line?: number
  } = {},
): Note {
  const vaultRoot = options.vaultRoot ?? join(tmpdir(), 'decklab-no-such-vault')
  return {
    id: 1700000000000,
    guid: 'guid',
    noteType: options.noteType ?? 'Basic',
    fields,
    tags: [],
    deck: 'Default',
    labs: options.labs ?? [],
    kind: 'block',
    source: {
      file: 'notes/card.md',
      absolutePath: options.notePath ?? join(vaultRoot, 'notes', 'card.md'),
      vaultRoot,
      line: options.line ?? 7,
      column: 1,
      idInsertOffset: 0,
    },
  }
}
