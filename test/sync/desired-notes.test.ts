/**
 * Which notes sync takes from its record without rendering: one whose
 * Markdown and media files are as last synced, and whose links lead to the
 * same files. Media names hold a hash of the bytes, which the renderer does
 * not read: the links are compared by path, so such a note reads no media.
 */
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { desiredNotes } from '../../src/commands/sync/desired-notes.js'
import { sourceHash } from '../../src/commands/sync/prepare.js'
import type { SyncSession } from '../../src/commands/sync/sync-session.js'
import { statKey } from '../../src/fs/stat-key.js'
import { loadVault } from '../../src/notes/load-vault.js'
import { loadRenderer } from '../../src/render/load-renderer.js'
import { emptyRecord, type SyncRecord } from '../../src/sync/sync-record.js'
import { tempProject } from '../support/project.js'

const id = 1700000000001

async function session(cwd: string, record: SyncRecord): Promise<SyncSession> {
  const vault = await loadVault({ cwd, paths: [] })
  const fake = {
    loaded: { notes: vault.notes, markers: [], files: vault.files, diagnostics: [] },
    record,
    dependencies: { loadVault, loadRenderer },
    options: { cwd },
    diagnostics: [],
    media: [],
  }
  return fake as unknown as SyncSession
}

describe('desiredNotes', () => {
  it('takes a synced note with a picture from the record, reading no media; a changed picture is read and renamed', async () => {
    const cwd = await tempProject({
      '.obsidian/app.json': '{}',
      'a.md': `START\nBasic\nWhat is drawn?\nBack: ![[pic.png]]\n<!--ID: ${id}-->\nEND\n`,
      'pic.png': 'first picture',
    })
    const record = emptyRecord('http://127.0.0.1:1', [cwd])
    const first = await session(cwd, record)
    const [rendered] = await desiredNotes(first, new Set([id]))
    expect(first.media).toHaveLength(1)
    const [file] = first.media
    expect(rendered?.media).toEqual([file?.name])
    expect(rendered?.fields.Back).toContain(`src="${file?.name}"`)
    // Recorded as a sync that stored it records it.
    record.notes[String(id)] = {
      hash: rendered!.hash,
      deck: rendered!.deck,
      file: join(cwd, 'a.md'),
      source: sourceHash(rendered!.note),
      media: rendered!.media,
      typeChecked: true,
    }
    record.media[file!.name] = file!.hash
    record.mediaFiles = {
      [file!.name]: { path: file!.sourcePath, stat: statKey(file!.sourcePath) },
    }

    const again = await session(cwd, record)
    const [unchanged] = await desiredNotes(again, new Set([id]))
    expect(again.media).toEqual([])
    expect(unchanged?.hash).toBe(rendered?.hash)

    await writeFile(join(cwd, 'pic.png'), 'second picture')
    const changed = await session(cwd, record)
    const [renamed] = await desiredNotes(changed, new Set([id]))
    expect(changed.media).toHaveLength(1)
    expect(changed.media[0]?.name).not.toBe(file?.name)
    expect(renamed?.fields.Back).toContain(`src="${changed.media[0]?.name}"`)
  })
})
