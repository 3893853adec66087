// The paths outside the lab directory a lab hands its processes, by which the cleanup finds a
// socket file a server that already ended left there.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { newPathsOutside } from '../../src/labs/handed-paths.js'

describe('newPathsOutside', () => {
  it('finds absolute paths outside the directory, whole or inside an argument, that do not exist', () => {
    const outside = mkdtempSync(join(tmpdir(), 'decklab-test-handed-'))
    try {
      const dir = join(outside, 'lab')
      const there = join(outside, 'there.sock')
      writeFileSync(there, '')
      const a = join(outside, 'a.sock')
      const b = join(outside, 'b.sock')
      const c = join(outside, 'c.sock')
      const line = [
        'python3',
        '-c',
        `import socket\ns.bind("${b}")`,
        a,
        `--path=${c}.`,
        join(dir, 'inside.sock'),
        'relative.sock',
        there,
      ]
      // Inside the lab directory its listing finds it; one there before the lab is not the lab's.
      expect(newPathsOutside(line, dir).sort()).toEqual([a, b, c].sort())
    } finally {
      rmSync(outside, { recursive: true, force: true })
    }
  })
})
