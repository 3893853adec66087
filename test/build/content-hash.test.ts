import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { renderedNoteHash } from '../../src/rebuild/content-hash.js'

/** The recorded format: each part ended by NUL (sync and Anki's `mod` depend on it staying so). */
function expectedHash(parts: string[]): string {
  const hash = createHash('sha256')
  for (const part of parts) hash.update(part).update('\0')
  return hash.digest('hex')
}

describe('renderedNoteHash', () => {
  it('hashes note type, fields, tags, deck and each media file, each ended by NUL', () => {
    const note = { noteType: 'Basic', tags: ['uds', 'bind'], deck: 'IPC::Sockets' }
    const fields = { Front: 'What does <b>bind</b> do?', Back: 'It names the "socket".' }
    const media = [{ name: 'a.png' }, { name: 'b.svg' }]
    const hashes = new Map([['a.png', 'f00d']])
    expect(renderedNoteHash(note, fields, media, hashes)).toBe(
      expectedHash([
        'Basic',
        JSON.stringify(fields),
        'uds bind',
        'IPC::Sockets',
        'a.png:f00d',
        'b.svg:',
      ]),
    )
  })

  it('has no media parts for a note without media', () => {
    const note = { noteType: 'Cloze', tags: [], deck: 'Default' }
    expect(renderedNoteHash(note, { Text: '{{c1::x}}' }, [], new Map())).toBe(
      expectedHash(['Cloze', '{"Text":"{{c1::x}}"}', '', 'Default']),
    )
  })
})
