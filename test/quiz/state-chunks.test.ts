/**
 * The quiz reads its review log a megabyte at a time (`readStateChunks`),
 * where `stats` and `build` read it whole (`readStateBytes`): the lines, and
 * the damage found in them, must be the same either way.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterEach, describe, expect, it } from 'vitest'
import { readJsonLines, readJsonLinesStoppable } from '../../src/quiz/json-lines.js'
import { readStateBytes, readStateChunks } from '../../src/quiz/state-errors.js'

const directories: string[] = []
afterEach(() => {
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true })
})

function fileOf(bytes: Buffer): string {
  const directory = mkdtempSync(join(tmpdir(), 'decklab-state-chunks-'))
  directories.push(directory)
  const path = join(directory, 'reviews.jsonl')
  writeFileSync(path, bytes)
  return path
}

const megabyte = 1024 * 1024
const isObject = (value: unknown): value is { n: number } =>
  typeof value === 'object' && value !== null && typeof (value as { n: unknown }).n === 'number'

/** A line: a record (its text up to `size` long, with characters of 1 to 4 bytes), blank, or damage. */
const line = fc.oneof(
  {
    arbitrary: fc
      .tuple(
        fc.nat(),
        fc.constantFrom(10, 1000, 300_000, megabyte + 7),
        fc.constantFrom('a', 'é', '€', '𝄞'),
      )
      .map(([n, size, character]) =>
        JSON.stringify({ n, text: character.repeat(size / character.length) }),
      ),
    weight: 8,
  },
  fc.constantFrom('', '  ', '{"n":', '{"x":1}', 'not json'),
)

async function readBoth(path: string) {
  const outcome = async (read: () => unknown) => {
    try {
      return { values: await read() }
    } catch (error) {
      return { error: (error as Error).message }
    }
  }
  return {
    whole: await outcome(() => readJsonLines(path, isObject, 'a record')),
    chunks: await outcome(() =>
      readJsonLinesStoppable(path, isObject, 'a record', undefined, (value) => value).then(
        (read) => read.kept,
      ),
    ),
  }
}

describe('a state file read a megabyte at a time', () => {
  it('gives the bytes of the file in runs of whole lines, only the last without its newline', () => {
    fc.assert(
      fc.property(fc.array(line, { maxLength: 12 }), fc.boolean(), (lines, newlineAtEnd) => {
        const bytes = Buffer.from(lines.join('\n') + (newlineAtEnd ? '\n' : ''))
        const path = fileOf(bytes)
        // Each run is copied as it comes: the next is read into the same buffer.
        const runs = Array.from(readStateChunks(path).runs, (run) => Buffer.from(run))
        expect(Buffer.concat(runs).equals(bytes)).toBe(true)
        expect(Buffer.concat(runs).equals(readStateBytes(path) ?? Buffer.alloc(0))).toBe(true)
        for (const run of runs.slice(0, -1)) expect(run.at(-1)).toBe(0x0a)
      }),
      { numRuns: 30 },
    )
  })

  it('gives the values, or the damage at its line, that reading the file whole gives', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(line, { maxLength: 12 }),
        fc.boolean(),
        async (lines, newlineAtEnd) => {
          const path = fileOf(Buffer.from(lines.join('\n') + (newlineAtEnd ? '\n' : '')))
          const { whole, chunks } = await readBoth(path)
          expect(chunks).toEqual(whole)
        },
      ),
      { numRuns: 30 },
    )
  })

  it('finds damage past the first megabyte at its line number', async () => {
    const record = JSON.stringify({ n: 1, text: 'x'.repeat(1000) })
    const path = fileOf(Buffer.from(`${`${record}\n`.repeat(3000)}{"n":\n${record}\n`))
    const { whole, chunks } = await readBoth(path)
    expect(chunks).toEqual(whole)
    expect(chunks.error).toMatch(/line 3001 is not valid JSON/)
  })

  it('is nothing when there is no file, and fails as the whole read fails on a folder', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'decklab-state-chunks-'))
    directories.push(directory)
    expect([...readStateChunks(join(directory, 'none')).runs]).toEqual([])
    const { whole, chunks } = await readBoth(directory)
    expect(chunks).toEqual(whole)
    expect(chunks.error).toMatch(/cannot be read/)
  })
})
