import { basename, join } from 'node:path'
import fc from 'fast-check'
import { type DefaultTreeAdapterMap, html as htmlSpec, parseFragment, serialize } from 'parse5'
import { describe, expect, it } from 'vitest'
import { packageHtmlImages } from '../../src/render/html-media.js'
import { localLinkPath } from '../../src/render/media.js'
import type { RawHtmlSpans } from '../../src/render/raw-html-spans.js'
import type { RenderEnvironment } from '../../src/render/render-environment.js'
import { protectMarkers } from '../../src/render/sanitize-serialize.js'
import { makeTempVault, writeFile } from './temp-vault.js'

/** A vault whose note sits next to `a.png` and `b.png`; `run` packages HTML that is all raw unless told. */
function vaultWithImages() {
  const { vault } = makeTempVault()
  for (const file of ['a.png', 'b.png']) writeFile(join(vault, 'notes', file))
  const environment = (): RenderEnvironment => ({
    origin: { absolutePath: join(vault, 'notes', 'card.md'), vaultRoot: vault },
    obsidianVault: undefined,
    shortBlockIds: [],
    cloze: false,
    uses: [],
    media: new Map(),
    problems: [],
  })
  const run = (html: string, rawHtml: RawHtmlSpans = [[0, html.length]]) => {
    const used = environment()
    const output = packageHtmlImages(html, rawHtml, used)
    // The images it packages, before the field's final HTML says which it shows.
    const names = new Map<string, string>()
    const problems: string[] = []
    for (const { outcome } of used.uses) {
      if ('file' in outcome) names.set(basename(outcome.file.sourcePath), outcome.file.name)
      else problems.push(outcome.problem.code)
    }
    return { output, names, problems }
  }
  return { run }
}

describe('packageHtmlImages', () => {
  it('replaces only the src value, leaving every other byte as written', () => {
    const { run } = vaultWithImages()
    const html =
      "<!-- <img src=a.png> --><IMG Alt='a \"b\" src=b.png' SRC = a.png/><image\nsrc\n=\n'b.png'>"
    const { output, names, problems } = run(html)
    expect(problems).toEqual([])
    expect(output).toBe(
      `<!-- <img src=a.png> --><IMG Alt='a "b" src=b.png' SRC = "${names.get('a.png')}"><image\nsrc\n=\n"${names.get('b.png')}">`,
    )
  })

  it('reads only a src that raw HTML wrote, by where the attribute starts', () => {
    const { run } = vaultWithImages()
    const html = '<p><img src="a.png"> <img src="b.png"></p>'
    const second = html.indexOf('<img src="b')
    const { output, names } = run(html, [[second, html.length - 4]])
    expect(output).toBe(`<p><img src="a.png"> <img src="${names.get('b.png')}"></p>`)
    expect([...names.keys()]).toEqual(['b.png'])
  })

  it('leaves the HTML alone without raw HTML or without an image in it', () => {
    const { run } = vaultWithImages()
    expect(run('<img src="a.png">', []).output).toBe('<img src="a.png">')
    expect(run('<b>a.png</b>').names.size).toBe(0)
  })

  it('changes nothing a parser sees but the src of the images it packages', () => {
    const { run } = vaultWithImages()
    // Mostly a file that is there, so that most cases package something.
    const value = fc.oneof(
      {
        arbitrary: fc.constantFrom('a.png', 'b.png', '&#97;.png', 'b.png?x#y', 'c.png'),
        weight: 3,
      },
      {
        arbitrary: fc
          .array(fc.constantFrom('a.png', ' src=a.png', '<img src=b.png>', '"', "'", ' ', '&'), {
            maxLength: 3,
          })
          .map((parts) => parts.join('')),
        weight: 1,
      },
    )
    const attribute = fc
      .tuple(
        fc.constantFrom(' ', '\n', ''),
        fc.constantFrom('src', 'src', 'SRC', 'alt', 'title'),
        fc.constantFrom('=', ' = ', ''),
        fc.constantFrom('"', "'", ''),
        value,
      )
      .map(([space, name, equals, quote, text]) =>
        equals === '' ? `${space}${name}` : `${space}${name}${equals}${quote}${text}${quote}`,
      )
    const tag = fc
      .tuple(
        fc.constantFrom('<img', '<img', '<IMG', '<image', '<span'),
        fc.array(attribute, { maxLength: 3 }),
        fc.constantFrom('>', '/>', ''),
      )
      .map(([open, attributes, close]) => `${open}${attributes.join('')}${close}`)
    const other = fc.constantFrom(
      ' ',
      'text',
      '"',
      '<!--',
      '-->',
      '<textarea>',
      '</textarea>',
      '<style>',
      '</style>',
      '<svg>',
      '</svg>',
      '<![CDATA[',
      ']]>',
      '<table>',
      '<td>',
      '<template>',
      '<select>',
      '<noscript>',
      '{{c1::',
      '}}',
    )
    const piece = fc.oneof({ arbitrary: tag, weight: 3 }, { arbitrary: other, weight: 1 })
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (pieces) => {
        const html = pieces.join('')
        const { output, names } = run(html)
        const expected = parseFragment(protectMarkers(html))
        renameImages(expected, (source) => names.get(basename(localLinkPath(source.trim()))))
        expect(serialize(parseFragment(protectMarkers(output)))).toBe(serialize(expected))
      }),
      { numRuns: 500 },
    )
  })
})

type Node = DefaultTreeAdapterMap['node']

/** Give every HTML `<img>` (template content aside) the src `rename` returns for it, if any. */
function renameImages(root: Node, rename: (source: string) => string | undefined): void {
  const stack: Node[] = [root]
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    if (!('childNodes' in node)) continue
    stack.push(...node.childNodes)
    if (!('tagName' in node) || node.tagName !== 'img') continue
    if (node.namespaceURI !== htmlSpec.NS.HTML) continue
    const src = node.attrs.find((attribute) => attribute.name === 'src')
    const name = src === undefined ? undefined : rename(src.value)
    if (src !== undefined && name !== undefined) src.value = name
  }
}
