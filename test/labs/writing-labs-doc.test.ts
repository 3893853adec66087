// docs/writing-labs.md walks through a real lab and its test, quoted whole: the quotes must stay the files.
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { packageRoot } from '../../src/package-info.js'

/** The code blocks of a Markdown text, in order. */
function codeBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```[a-z]*\n([\s\S]*?)^```$/gm)].map((match) => match[1] ?? '')
}

describe('docs/writing-labs.md', () => {
  it('quotes labs/missing-socket.ts and its test as they are', async () => {
    const root = packageRoot()
    const blocks = codeBlocks(await readFile(join(root, 'docs', 'writing-labs.md'), 'utf8'))
    for (const file of ['labs/missing-socket.ts', 'test/labs/missing-socket.test.ts']) {
      expect(blocks, `${file} quoted whole`).toContain(await readFile(join(root, file), 'utf8'))
    }
  })
})
