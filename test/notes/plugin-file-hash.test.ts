/**
 * The hash Obsidian_to_Anki keeps of each note file ("File Hashes" in its
 * `data.json`): ts-md5's `Md5.hashStr` over the file's text. The expected
 * values are what ts-md5 1.3.1 (the plugin asks for `^1.2.7`) gives for
 * these texts; the empty file's is the one a real vault's `data.json`
 * records for an empty `.md`. A hash spelled otherwise would never match,
 * and a plugin vault's first sync would replace every edit made in Anki.
 */
import { describe, expect, it } from 'vitest'
import { pluginFileHash, unchangedSincePluginSync } from '../../src/notes/plugin-file-hash.js'

describe("the plugin's file hash", () => {
  it('is ts-md5 over the text, its UTF-8 bytes, CRLF and all', () => {
    expect(pluginFileHash('')).toBe('d41d8cd98f00b204e9800998ecf8427e')
    expect(pluginFileHash('message digest')).toBe('f96b697d7cb7938d525a2f31aaf161d0')
    expect(pluginFileHash('Café 😀\r\nṭ”¬')).toBe('d17a00b3591ad6343adcf0c26a2123ce')
  })

  it('tells a file as the plugin left it from one changed since, with or without its byte order mark', () => {
    const text = 'START\nBasic\nQ\nBack: A\nEND\n'
    const plain = { text, bom: false }
    expect(unchangedSincePluginSync(plain, 'af7b543dfc1781275ecc73d0d70ee859')).toBe(true)
    expect(unchangedSincePluginSync(plain, 'AF7B543DFC1781275ECC73D0D70EE859')).toBe(true)
    expect(
      unchangedSincePluginSync(
        { text: `${text}x`, bom: false },
        'af7b543dfc1781275ecc73d0d70ee859',
      ),
    ).toBe(false)
    // decklab reads the text without its BOM; Obsidian may have hashed it with one.
    const bom = { text, bom: true }
    expect(unchangedSincePluginSync(bom, 'b6922e1a928b58f93b94c016e9853afe')).toBe(true)
    expect(unchangedSincePluginSync(bom, 'af7b543dfc1781275ecc73d0d70ee859')).toBe(true)
    expect(unchangedSincePluginSync(plain, 'b6922e1a928b58f93b94c016e9853afe')).toBe(false)
    for (const recorded of [undefined, '', '0', 'not a hash']) {
      expect(unchangedSincePluginSync({ text: '', bom: false }, recorded)).toBe(false)
    }
  })
})
