// A reader follows the links between README.md and docs/*.md: each relative link must lead
// to a file of the repository, and its `#anchor` to a heading there (as GitHub makes its
// anchor) or an `<a id>`. docs/sanitizer.md linked `#inline-styles`, a bold paragraph and
// no heading, so the link went nowhere.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join, normalize } from 'node:path'
import { describe, expect, it } from 'vitest'
import { packageRoot } from '../../src/package-info.js'

const root = packageRoot()

/** Text outside code: links shown as examples in code (`[text](Other%20note.md)`) lead nowhere. */
function prose(text: string): string {
  return text.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '')
}

/** The anchors of a Markdown page: its headings as GitHub makes them, and `<a id>`s. */
function anchors(page: string): Set<string> {
  const found = new Set<string>()
  for (const match of page.replace(/```[\s\S]*?```/g, '').matchAll(/^#{1,6} (.*)$/gm)) {
    const base = (match[1] as string)
      .trim()
      .toLowerCase()
      .replace(/<[^>]+>/g, '')
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-')
    let name = base
    for (let again = 1; found.has(name); again++) name = `${base}-${again}`
    found.add(name)
  }
  for (const match of page.matchAll(/<a (?:id|name)="([^"]+)"/g)) found.add(match[1] as string)
  return found
}

const pages = [
  'README.md',
  ...readdirSync(join(root, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => join('docs', name)),
]

describe('links between the docs', () => {
  it('finds the headings GitHub anchors', () => {
    const readme = anchors(readFileSync(join(root, 'README.md'), 'utf8'))
    expect(readme).toContain('build-or-sync')
    expect(readme).toContain('how-builds-stay-stable')
    expect(readme).not.toContain('inline-styles')
  })

  it.each(pages)('every relative link of %s leads to a file and an anchor there', (page) => {
    const broken: string[] = []
    const text = prose(readFileSync(join(root, page), 'utf8'))
    for (const match of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      const link = match[1] as string
      if (/^[a-z][a-z0-9+.-]*:/i.test(link)) continue
      const [path, anchor] = link.split('#')
      const target = path ? normalize(join(dirname(page), decodeURIComponent(path))) : page
      if (!existsSync(join(root, target))) broken.push(`${link}: no file ${target}`)
      else if (anchor !== undefined && target.endsWith('.md')) {
        const page = readFileSync(join(root, target), 'utf8')
        if (!anchors(page).has(anchor)) broken.push(`${link}: no heading #${anchor} in ${target}`)
      }
    }
    expect(broken).toEqual([])
  })
})
