/**
 * A `[sound:…]` written in a field reaches Anki's player only when it names
 * a media file: never a path, a share, a URL or a player option.
 */
import { describe, expect, it } from 'vitest'
import { noteMayNeedHtmlCheck } from '../../src/render/html-check-scan.js'
import { renderNote } from '../../src/render/render-note.js'
import { guardSoundTags } from '../../src/render/sound-tags.js'
import { makeNote } from './temp-vault.js'

describe('sound tags in a field', () => {
  it('keeps a tag that names a media file', () => {
    expect(guardSoundTags('Listen [sound:bell-ring_1.mp3] now')).toEqual({
      html: 'Listen [sound:bell-ring_1.mp3] now',
      refused: [],
    })
  })

  it.each([
    '/etc/passwd',
    '../../secret.mp3',
    '\\\\evil.example\\share\\x.mp3',
    'https://evil.example/x.mp3',
    'C:x.mp3',
    '--script=/tmp/x.lua',
    '&#47;etc&#47;passwd',
    'https&#58;//evil.example/x.mp3',
  ])('writes `[sound:%s]` as text, any case, and names it', (name) => {
    for (const opener of ['[sound:', '[SOUND:']) {
      const { html, refused } = guardSoundTags(`a ${opener}${name}] b`)
      expect(html).toBe(`a &#91;${opener.slice(1)}${name}] b`)
      expect(refused).toEqual([name])
    }
  })

  it('warns through the renderer, and the scan sends such notes to it', () => {
    const note = makeNote({ Front: 'Hear [sound:/etc/passwd]', Back: 'ok' }, { noteType: 'Basic' })
    expect(noteMayNeedHtmlCheck(note)).toBe(true)
    const rendered = renderNote(note)
    expect(rendered.fields.Front).toBe('Hear &#91;sound:/etc/passwd]')
    expect(rendered.diagnostics.map((diagnostic) => diagnostic.code)).toEqual(['unsafe-sound-tag'])
  })
})
