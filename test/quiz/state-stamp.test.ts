import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { appendContentLinks } from '../../src/quiz/content-links.js'
import { appendIdMoves } from '../../src/quiz/id-moves.js'
import { createScheduler } from '../../src/quiz/scheduler.js'
import { stateFilesStamp } from '../../src/quiz/state-stamp.js'
import { openStore } from '../../src/quiz/store.js'

// The quiz reads its state before taking the lock and reads it again under the lock only
// when this stamp changed between the two (commands/quiz/command.ts): every write another
// session, a build or a sync makes must change it, and reading must not.

const directories: string[] = []
afterEach(() => {
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true })
})

function stateDirectory(): string {
  const directory = mkdtempSync(join(tmpdir(), 'decklab-stamp-'))
  directories.push(directory)
  return directory
}

const now = new Date('2026-01-01T10:00:00Z')
const scheduler = createScheduler({ now: () => now })

function answer(directory: string, key: string): ReturnType<typeof openStore> {
  const store = openStore(directory)
  const outcome = scheduler.answer(store.get(key) ?? scheduler.newCard(), 3)
  store.record({ key, grade: 3, card: outcome.card, log: outcome.log, time: now })
  return store
}

describe('the stamp of the state files', () => {
  it('stays the same while the state is only read', () => {
    const directory = stateDirectory()
    expect(stateFilesStamp(directory)).toBe(stateFilesStamp(directory))
    answer(directory, 'a/0')
    const stamp = stateFilesStamp(directory)
    openStore(directory)
    openStore(directory)
    expect(stateFilesStamp(directory)).toBe(stamp)
  })

  it('changes with every answer and undo another session saves', () => {
    const directory = stateDirectory()
    const stamps = [stateFilesStamp(directory)]
    answer(directory, 'a/0')
    stamps.push(stateFilesStamp(directory))
    const store = answer(directory, 'a/0')
    stamps.push(stateFilesStamp(directory))
    store.undo(now)
    stamps.push(stateFilesStamp(directory))
    expect(new Set(stamps).size).toBe(4)
  })

  it('changes when a build or a sync notes an ID it wrote or moved', () => {
    const directory = stateDirectory()
    answer(directory, 'a/0')
    const before = stateFilesStamp(directory)
    appendIdMoves(directory, [{ from: 1, to: 2 }], now)
    const moved = stateFilesStamp(directory)
    expect(moved).not.toBe(before)
    appendContentLinks(directory, [{ content: 'content:0123456789abcdef0123', id: 3 }], now)
    expect(stateFilesStamp(directory)).not.toBe(moved)
  })

  it('is undefined when a state file cannot be looked at, so the state is read again', () => {
    const directory = stateDirectory()
    const file = join(directory, 'a-file')
    writeFileSync(file, '')
    expect(stateFilesStamp(join(file, 'state'))).toBeUndefined()
  })
})
