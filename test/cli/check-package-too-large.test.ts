/**
 * `check` is what a teacher runs before every release: it refuses what
 * `build` refuses, and a package past what a zip without ZIP64 holds
 * (`package-too-large`, exit 2) was refused only by `build` and
 * `build --dry-run`, while `check` said "0 errors" and exit 0. Here the
 * limit is the member count (65,535), reached by 65,534 media files of a
 * few bytes beside the collection and the media map, which a test can make;
 * the 4 GiB limit is counted the same way (`test/anki/zip-stored.test.ts`).
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it, onTestFinished } from 'vitest'
import { runDecklab } from '../support/decklab.js'

/** A vault with one note showing `files` images, each of other bytes. */
async function vaultOfImages(files: number): Promise<string> {
  const directory = await mkdtemp(join(tmpdir(), 'decklab-check-too-large-'))
  onTestFinished(() => rm(directory, { recursive: true, force: true }))
  mkdirSync(join(directory, 'img'))
  const embeds: string[] = []
  for (let index = 0; index < files; index++) {
    writeFileSync(join(directory, 'img', `f${index}.png`), String(index))
    embeds.push(`![[f${index}.png]]`)
  }
  writeFileSync(join(directory, 'many.md'), `START\nBasic\nMany\nBack: ${embeds.join('')}\nEND\n`)
  return directory
}

describe('check of a package past what a zip holds', () => {
  // `build --dry-run` gives the same document (checked by hand; `zip-stored.test.ts` holds the
  // two counts together): one run of each command here would take twice as long.
  it('is refused with package-too-large, exit 2, as build refuses it', async () => {
    const cwd = await vaultOfImages(0xffff - 1)
    const check = runDecklab(['check', '--json'], { cwd, timeoutMs: 120_000 })
    expect(check.code, check.stderr).toBe(2)
    const refusal = JSON.parse(check.stdout).error
    expect(refusal).toMatchObject({ code: 'package-too-large' })
    expect(refusal.message).toMatch(/ in 65536 members, expected at most 4 GiB and 65535 members/)
    // The notes' own report comes first, then the refusal.
    expect(check.stderr).toMatch(
      /1 note, 1 card in 1 file; 0 errors, 0 warnings\nerror Unexpected package/,
    )
  }, 180_000)
})
