import { createHash } from 'node:crypto'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { crc32 } from 'node:zlib'
import { describe, expect, it, onTestFinished } from 'vitest'
import { fieldChecksum, stripHtmlPreservingMedia } from '../../src/anki/note-row.js'
import { notetypeIds, notetypes } from '../../src/anki/notetypes.js'
import { type ApkgNote, type ApkgPackage, writeApkg } from '../../src/anki/package.js'
import { notetypeCss } from '../../src/commands/build/notetype-css.js'
import { writeFileAtomic } from '../../src/fs/write-atomic.js'
import { guidForNoteId } from '../../src/model/guid.js'
import { archiveBytes } from './archive-bytes.js'
import { openApkg } from './read-apkg.js'
import { validateApkg, validatorUnavailable } from './validator.js'

const now = new Date('2026-03-01T12:00:00Z')
const nowSeconds = Math.floor(now.getTime() / 1000)

function note(id: number, rest: Omit<ApkgNote, 'id' | 'guid'>): ApkgNote {
  return { id, guid: guidForNoteId(id), ...rest }
}

function samplePackage(): ApkgPackage {
  return {
    notes: [
      note(1700000000001, {
        noteType: 'Basic',
        fields: {
          Front: 'What is <b>SOCK_STREAM</b>? <img src="diagram.png">',
          Back: 'A byte stream',
        },
        tags: ['sockets', 'uds::basics'],
        deck: 'UDS::Basics',
        mod: 1_750_000_000,
      }),
      note(1700000000002, {
        noteType: 'Basic (and reversed card)',
        fields: { Front: 'AF_UNIX', Back: 'AF_LOCAL' },
        tags: [],
        deck: 'UDS',
      }),
      note(1700000000003, {
        noteType: 'Basic (optional reversed card)',
        fields: { Front: 'with reverse', Back: 'b', 'Add Reverse': 'y' },
        tags: [],
        deck: 'UDS',
      }),
      note(1700000000004, {
        noteType: 'Basic (optional reversed card)',
        fields: { Front: 'no reverse', Back: 'b', 'Add Reverse': '' },
        tags: [],
        deck: 'UDS',
      }),
      note(1700000000005, {
        noteType: 'Cloze',
        fields: { Text: '{{c1::bind}} then {{c3::listen}}', 'Back Extra': '' },
        tags: ['cloze'],
        deck: 'Other::Deep::Deck',
      }),
      note(1700000000006, {
        noteType: 'Basic (type in the answer)',
        fields: { Front: 'errno?', Back: 'ECONNREFUSED' },
        tags: [],
        deck: 'UDS',
      }),
    ],
    media: [
      { name: 'diagram.png', data: new Uint8Array([137, 80, 78, 71]) },
      { name: 'clip.mp3', data: new Uint8Array([73, 68, 51]) },
    ],
    css: notetypeCss,
    notetypeMod: 1_740_000_000,
  }
}

/** The package as one buffer, as it lands on disk. */
async function written(pkg: ApkgPackage, options: { now: Date }) {
  const { parts, summary } = await writeApkg(pkg, options)
  return { bytes: archiveBytes(parts), summary }
}

describe('writeApkg', () => {
  it('writes a legacy package: collection.anki2, media map and numbered media, no meta', async () => {
    const { bytes, summary } = await written(samplePackage(), { now })
    const apkg = await openApkg(bytes)
    expect(apkg.members).toEqual(['0', '1', 'collection.anki2', 'media'])
    expect(apkg.media).toEqual({ '0': 'clip.mp3', '1': 'diagram.png' })
    expect([...(apkg.files['1'] ?? [])]).toEqual([137, 80, 78, 71])
    expect(apkg.tables).toEqual(['cards', 'col', 'graves', 'notes', 'revlog'])
    expect(apkg.col.ver).toBe(11)
    expect(summary).toEqual({
      notes: 6,
      cards: 9,
      media: 2,
      decks: ['Other', 'Other::Deep', 'Other::Deep::Deck', 'UDS', 'UDS::Basics'],
    })
  })

  it('stores notes with their GUID, notetype, tags, fields, sort field and checksum', async () => {
    const { bytes } = await written(samplePackage(), { now })
    const apkg = await openApkg(bytes)
    const first = apkg.notes[0] as Record<string, unknown>
    expect(first.id).toBe(1700000000001)
    expect(first.guid).toBe(guidForNoteId(1700000000001))
    expect(first.mid).toBe(notetypeIds.Basic)
    expect(first.mod).toBe(1_750_000_000)
    expect(first.tags).toBe(' sockets uds::basics ')
    // The last field is the lab footer (empty: this note links no lab).
    expect(first.flds).toBe(
      'What is <b>SOCK_STREAM</b>? <img src="diagram.png">\x1fA byte stream\x1f',
    )
    expect(first.sfld).toBe('What is SOCK_STREAM?  diagram.png')
    expect(first.csum).toBe(
      createHash('sha1').update('What is SOCK_STREAM?  diagram.png').digest().readUInt32BE(0),
    )
    const second = apkg.notes[1] as Record<string, unknown>
    expect(second.mod).toBe(nowSeconds)
    expect(second.tags).toBe('')
    const optional = apkg.notes[2] as Record<string, unknown>
    expect(String(optional.flds).split('\x1f')).toEqual(['with reverse', 'b', 'y', ''])
  })

  it('makes one card per template or cloze number, in the note deck, due by position', async () => {
    const { bytes } = await written(samplePackage(), { now })
    const apkg = await openApkg(bytes)
    const deckIdByName = new Map(
      Object.values(apkg.decks).map((deck) => [deck.name as string, Number(deck.id)]),
    )
    const cards = apkg.cards.map((card) => [
      Number(card.nid) - 1700000000000,
      card.ord,
      card.did,
      card.due,
    ])
    expect(cards).toEqual([
      [1, 0, deckIdByName.get('UDS::Basics'), 1],
      [2, 0, deckIdByName.get('UDS'), 2],
      [2, 1, deckIdByName.get('UDS'), 2],
      [3, 0, deckIdByName.get('UDS'), 3],
      [3, 1, deckIdByName.get('UDS'), 3],
      [4, 0, deckIdByName.get('UDS'), 4],
      [5, 0, deckIdByName.get('Other::Deep::Deck'), 5],
      [5, 2, deckIdByName.get('Other::Deep::Deck'), 5],
      [6, 0, deckIdByName.get('UDS'), 6],
    ])
    const cardIds = new Set(apkg.cards.map((card) => card.id))
    expect(cardIds.size).toBe(apkg.cards.length)
    for (const card of apkg.cards) {
      expect(card.type).toBe(0)
      expect(card.queue).toBe(0)
      expect(Number(card.mod)).toBeLessThan(1e10)
      expect(Number(card.id)).toBeLessThanOrEqual(now.getTime())
    }
  })

  it('writes the five notetypes with fixed ids, decklab names, templates and the stylesheet', async () => {
    const { bytes } = await written(samplePackage(), { now })
    const apkg = await openApkg(bytes)
    expect(Object.keys(apkg.models).sort()).toEqual(Object.values(notetypeIds).map(String).sort())
    for (const definition of notetypes) {
      const model = apkg.models[String(definition.id)] as Record<string, unknown>
      expect(model.id).toBe(definition.id)
      expect(model.name).toMatch(/ \(decklab\)$/)
      expect(model.mod).toBe(1_740_000_000)
      expect(model.css).toBe(notetypeCss)
      expect((model.flds as Array<{ name: string }>).map((field) => field.name)).toEqual(
        definition.fields,
      )
      expect((model.tmpls as Array<{ qfmt: string }>).map((template) => template.qfmt)).toEqual(
        definition.templates.map((template) => template.qfmt),
      )
    }
    expect(apkg.models[String(notetypeIds.Cloze)]?.type).toBe(1)
    const typeIn = apkg.models[String(notetypeIds['Basic (type in the answer)'])]
    expect(JSON.stringify(typeIn?.tmpls)).toContain('{{type:Back}}')
    expect(notetypeCss).toMatch(/\.nightMode/)
    expect(notetypeCss).toMatch(/\.night_mode/)
  })

  it('creates parent decks and keeps the Default deck', async () => {
    const { bytes } = await written(samplePackage(), { now })
    const apkg = await openApkg(bytes)
    const names = Object.values(apkg.decks)
      .map((deck) => deck.name)
      .sort()
    expect(names).toEqual([
      'Default',
      'Other',
      'Other::Deep',
      'Other::Deep::Deck',
      'UDS',
      'UDS::Basics',
    ])
    for (const [key, deck] of Object.entries(apkg.decks)) expect(String(deck.id)).toBe(key)
  })

  it("puts notes of the `Default` deck into Anki's deck 1 instead of a second `Default`", async () => {
    const pkg = samplePackage()
    pkg.notes = [{ ...(pkg.notes[0] as ApkgNote), deck: 'Default' }]
    const { bytes } = await written(pkg, { now })
    const apkg = await openApkg(bytes)
    expect(Object.keys(apkg.decks)).toEqual(['1'])
    expect(apkg.cards.map((card) => card.did)).toEqual([1])
  })

  it('gives the package as parts that hold the media bytes as they were given, not copies', async () => {
    const pkg = samplePackage()
    const { parts } = await writeApkg(pkg, { now })
    for (const entry of pkg.media) expect(parts).toContain(entry.data)
  })

  it('gives media given as files as parts that are those files, unread, and writes the same package', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'decklab-package-files-'))
    try {
      const pkg = samplePackage()
      const asFiles = await Promise.all(
        pkg.media.map(async (entry) => {
          const path = join(folder, entry.name)
          const bytes = entry.data as Uint8Array
          await writeFile(path, bytes)
          const data = { path, size: bytes.length, crc32: crc32(bytes) }
          return { name: entry.name, data }
        }),
      )
      const { parts } = await writeApkg({ ...pkg, media: asFiles }, { now })
      for (const entry of asFiles) expect(parts).toContain(entry.data)
      const target = join(folder, 'deck.apkg')
      writeFileAtomic(target, parts)
      expect((await readFile(target)).equals((await written(pkg, { now })).bytes)).toBe(true)
    } finally {
      await rm(folder, { recursive: true, force: true })
    }
  })

  it('gives byte-identical packages for identical input and clock', async () => {
    const first = await written(samplePackage(), { now })
    const second = await written(samplePackage(), { now })
    const hash = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')
    expect(hash(second.bytes)).toBe(hash(first.bytes))
    const later = await written(samplePackage(), { now: new Date(now.getTime() + 60_000) })
    expect(hash(later.bytes)).not.toBe(hash(first.bytes))
  })

  it('refuses a media name Anki would not import as written', async () => {
    const pkg = { ...samplePackage(), media: [{ name: '../x.png', data: new Uint8Array([1]) }] }
    await expect(writeApkg(pkg, { now })).rejects.toThrow(/Anki-safe media name/)
  })

  it('passes the shared validator with --strict and --same-as', async (context) => {
    const reason = validatorUnavailable()
    if (reason) context.skip(reason)
    const directory = await mkdtemp(join(tmpdir(), 'decklab-apkg-'))
    onTestFinished(() => rm(directory, { recursive: true, force: true }))
    const first = join(directory, 'first.apkg')
    const second = join(directory, 'second.apkg')
    await writeFile(first, (await written(samplePackage(), { now })).bytes)
    const edited = samplePackage()
    const [head, ...rest] = edited.notes
    edited.notes = [{ ...(head as ApkgNote), fields: { Front: 'edited', Back: 'text' } }, ...rest]
    await writeFile(second, (await written(edited, { now: new Date(now.getTime() + 5000) })).bytes)
    const single = validateApkg(first)
    expect(single.output).toContain('OK')
    expect(single.code).toBe(0)
    const pair = validateApkg(second, first)
    expect(pair.output).toContain('OK')
    expect(pair.code).toBe(0)
  })
})

describe('Anki field encoding', () => {
  it('strips HTML but keeps media file names and decodes entities', () => {
    expect(stripHtmlPreservingMedia('<p>a &amp; b<!-- c --></p><img src="x.png"> &#65;')).toBe(
      'a & b x.png  A',
    )
    expect(fieldChecksum('<b>hi</b>')).toBe(fieldChecksum('hi'))
  })
})
