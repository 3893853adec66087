import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import type { IdentifiedNote } from '../../src/model/identity.js'
import { notesFingerprint } from '../../src/rebuild/fingerprint.js'
import { fingerprintedAreas } from '../../src/rebuild/fingerprint-record.js'
import { readModules } from '../architecture/source-modules.js'
import { importsOf } from '../architecture/walls.js'

function note(overrides: Partial<IdentifiedNote> = {}): IdentifiedNote {
  return {
    id: 1708611033509,
    guid: 'guid',
    noteType: 'Basic',
    fields: { Front: 'What does connect() return?', Back: 'ECONNREFUSED' },
    tags: ['uds', 'errors'],
    deck: 'UDS::Errors',
    labs: [{ lab: 'stale-socket', check: 'connect-refused', line: 5, column: 6 }],
    kind: 'block',
    source: {
      file: 'notes/a.md',
      absolutePath: '/vault/notes/a.md',
      vaultRoot: '/vault',
      line: 1,
    } as IdentifiedNote['source'],
    ...overrides,
  }
}

describe('notesFingerprint', () => {
  const base = notesFingerprint([note()], 'css')

  it('is the same for the same notes and stylesheet', () => {
    expect(notesFingerprint([note()], 'css')).toBe(base)
  })

  it('changes with every part of a note that decides the package, and with its place', () => {
    const variants: Array<Partial<IdentifiedNote>> = [
      { id: 1708611033510 },
      { noteType: 'Basic (and reversed card)' },
      { fields: { Front: 'What does connect() return?', Back: 'ENOENT' } },
      { fields: { Front: 'What does connect() return?', Answer: 'ECONNREFUSED' } },
      { tags: ['uds'] },
      { deck: 'UDS' },
      { labs: [{ lab: 'stale-socket', line: 5, column: 6 }] },
      { labs: [] },
      { source: { ...note().source, absolutePath: '/vault/notes/b.md' } },
      { source: { ...note().source, vaultRoot: '/other' } },
      // Where the note is: a kept package shows its warnings there.
      { source: { ...note().source, line: 2 } },
      { source: { ...note().source, column: 3 } },
      { source: { ...note().source, end: { line: 5, column: 4 } } },
    ]
    const prints = variants.map((variant) => notesFingerprint([note(variant)], 'css'))
    expect(new Set([base, ...prints]).size).toBe(variants.length + 1)
    expect(notesFingerprint([note()], 'other css')).not.toBe(base)
  })

  it('keeps values apart: text moved across a boundary is a change', () => {
    const pairs: Array<[Partial<IdentifiedNote>, Partial<IdentifiedNote>]> = [
      [{ fields: { Front: 'ab', Back: 'c' } }, { fields: { Front: 'a', Back: 'bc' } }],
      [{ tags: ['a b'] }, { tags: ['a', 'b'] }],
      [
        { tags: ['x'], deck: 'D' },
        { tags: [], deck: 'x' },
      ],
      [
        { fields: { Front: 'q' }, tags: ['Back'] },
        { fields: { Front: 'q', Back: '' }, tags: [] },
      ],
    ]
    for (const [left, right] of pairs) {
      expect(notesFingerprint([note(left)], 'css')).not.toBe(notesFingerprint([note(right)], 'css'))
    }
    expect(notesFingerprint([note(), note({ id: 2 })], 'css')).not.toBe(
      notesFingerprint([note({ id: 2 }), note()], 'css'),
    )
  })
})

describe('toolFingerprint', () => {
  // A renamed folder would drop out of the fingerprint silently (a missing
  // folder is skipped), and a changed renderer would then keep old packages.
  it('hashes folders that exist', () => {
    const source = fileURLToPath(new URL('../../src/', import.meta.url))
    for (const area of fingerprintedAreas) expect(existsSync(`${source}${area}`), area).toBe(true)
  })

  // src/markdown (markdown-it's reading rules: callouts, comments, math) and
  // src/text (fences, escapes) were left out when they were split from the
  // renderer: a fix there kept every old package "unchanged".
  // The build pipeline itself (src/commands/build) also writes IDs, takes locks and reads quiz
  // progress (a build with progress always writes): the walk starts from the modules that make
  // the fields and the package.
  it('hashes every folder the modules that make a package import, but those that only word reports', () => {
    const modules = new Map(readModules('src').map((module) => [module.path, module]))
    const reporting = new Set(['src/diagnostics', 'src/terminal', 'src'])
    const areas = new Set<string>(fingerprintedAreas.map((area) => `src/${area}`))
    const inArea = (path: string) => [...areas].some((area) => path.startsWith(`${area}/`))
    const queue = [...modules.keys()].filter(
      (path) => inArea(path) && !path.startsWith('src/commands/build/'),
    )
    const seen = new Set(queue)
    const missing = new Set<string>()
    while (queue.length > 0) {
      for (const imported of importsOf(modules.get(queue.pop()!)!)) {
        if (seen.has(imported) || !modules.has(imported)) continue
        seen.add(imported)
        const folder = imported.slice(0, imported.lastIndexOf('/'))
        if (reporting.has(folder)) continue
        if (!inArea(imported)) missing.add(folder)
        queue.push(imported)
      }
    }
    expect([...missing].sort()).toEqual([])
  })
})
