/**
 * A `[sound:…]` written in a field reaches Anki's player only when it names
 * a media file: never a path, a share, a URL or a player option.
 */
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { noteMayNeedHtmlCheck } from '../../src/render/html-check-scan.js'
import { renderNote } from '../../src/render/render-note.js'
import { guardSoundTags } from '../../src/render/sound-tags.js'
import { typeAnswerText } from '../../src/text/html-text.js'
import { bestCpuMs } from '../support/cpu-cost.js'
import { makeNote, makeTempVault, writeFile } from './temp-vault.js'

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

  it('finds the tags among many `[sound:` without a `]` in time proportional to them', () => {
    // Each `[sound:` after the last `]` was a start scanned to the end: 15,000 took seconds.
    const field = (count: number) => `[sound:/etc/passwd] ${'[sound:'.repeat(count)}`
    const render = (count: number) => () =>
      renderNote(
        makeNote(
          { Front: field(count), Back: field(count) },
          { noteType: 'Basic (type in the answer)' },
        ),
      )
    // 8× the input: linear about 8× the time, quadratic 64×.
    expect(bestCpuMs(render(40_000)) / Math.max(bestCpuMs(render(5_000)), 1)).toBeLessThan(30)
    expect(
      bestCpuMs(() => typeAnswerText(field(40_000))) /
        Math.max(
          bestCpuMs(() => typeAnswerText(field(5_000))),
          1,
        ),
    ).toBeLessThan(30)
    const { html, refused } = guardSoundTags(field(3))
    expect(html).toBe(`&#91;sound:/etc/passwd] ${'[sound:'.repeat(3)}`)
    expect(refused).toEqual(['/etc/passwd'])
    expect(typeAnswerText(`a [sound:x.mp3] b ${'[sound:'.repeat(2)}`)).toBe(
      `a  b ${'[sound:'.repeat(2)}`,
    )
  })

  it('warns through the renderer, and the scan sends such notes to it', () => {
    const note = makeNote({ Front: 'Hear [sound:/etc/passwd]', Back: 'ok' }, { noteType: 'Basic' })
    expect(noteMayNeedHtmlCheck(note)).toBe(true)
    const rendered = renderNote(note)
    expect(rendered.fields.Front).toBe('Hear &#91;sound:/etc/passwd]')
    expect(rendered.diagnostics.map((diagnostic) => diagnostic.code)).toEqual(['unsafe-sound-tag'])
  })
})

// A `[sound:…]` written as text goes to Anki as it is: its file is packaged only when embedded, so a
// teacher's `[sound:lecture.mp3]` played on their own Anki (whose media folder has it) and on no
// student's, without a word.
describe('a sound tag written as text', () => {
  it('is the warning sound-not-packaged when the vault has the file, pointing at the embed', () => {
    const { vault } = makeTempVault()
    writeFile(join(vault, 'audio', 'lecture 1.mp3'))
    writeFile(join(vault, 'clip.mp4'))
    const note = makeNote(
      { Front: 'Hear [sound:lecture 1.mp3] and ![[clip.mp4]]', Back: '[sound:elsewhere.mp3]' },
      { vaultRoot: vault, noteType: 'Basic' },
    )
    const rendered = renderNote(note)
    // Left as written: Anki's own media folder may have it.
    expect(rendered.fields.Front).toMatch(/^Hear \[sound:lecture 1\.mp3\] and \[sound:clip/)
    expect(rendered.media.map((m) => m.sourcePath)).toEqual([join(vault, 'clip.mp4')])
    expect(rendered.diagnostics.map((d) => [d.code, d.severity, d.message, d.hint])).toEqual([
      [
        'sound-not-packaged',
        'warning',
        'Unexpected `[sound:lecture 1.mp3]` written as text, expected an embed: the vault has `lecture 1.mp3`, but the package brings only embedded files, so Anki plays it only where its media folder has it already',
        'write `![[lecture 1.mp3]]`: decklab packages the file and writes its sound tag',
      ],
    ])
    // A tag naming no file of the vault (one in the collection's media already) is no problem.
    const elsewhere = makeNote({ Front: '[sound:elsewhere.mp3]', Back: '' }, { vaultRoot: vault })
    expect(renderNote(elsewhere).diagnostics).toEqual([])
  })
})
