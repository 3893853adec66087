// A decklab a CLI test started is stopped when the test ends, passed, failed or timed out:
// a lab run that hung outlived its timed-out test by an hour, its lab folder with it.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { startDecklab } from './decklab.js'

const folder = mkdtempSync(join(tmpdir(), 'decklab-cleanup-'))
const path = join(folder, 'probe.sock')
afterAll(() => rmSync(folder, { recursive: true, force: true }))

/** The decklab processes serving on this test's own path. */
function serving(): string[] {
  return execFileSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' })
    .split('\n')
    .filter((line) => line.includes('lab serve') && line.includes(path))
}

describe('a decklab started by a test', () => {
  it('runs past the end of a test that does not wait for it', async () => {
    startDecklab(['lab', 'serve', 'stream-echo', '--path', path])
    for (let tries = 0; tries < 100 && serving().length === 0; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    expect(serving()).toHaveLength(1)
  })

  it('is stopped once that test has ended', async () => {
    for (let tries = 0; tries < 100 && serving().length > 0; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    expect(serving()).toEqual([])
  })
})
