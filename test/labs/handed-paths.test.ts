// The paths outside the lab directory a lab hands its processes, by which the cleanup finds a
// socket file a server that already ended left there.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  handedFileLimit,
  handedPathsOutside,
  newPathsOutside,
} from '../../src/labs/handed-paths.js'

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

describe('handedPathsOutside', () => {
  it('finds the paths in the environment and in small files the command line names, read where the process starts', () => {
    const outside = mkdtempSync(join(tmpdir(), 'decklab-test-handed-'))
    try {
      const dir = join(outside, 'lab')
      mkdirSync(dir)
      const env = join(outside, 'env.sock')
      const xml = join(outside, 'bus.sock')
      const script = join(outside, 'script.sock')
      const big = join(outside, 'big.sock')
      writeFileSync(
        join(dir, 'bus.conf'),
        `<busconfig><listen>unix:path=${xml}</listen></busconfig>\n`,
      )
      const scriptFile = join(outside, 'serve.py')
      writeFileSync(scriptFile, `s.bind('${script}')\n`)
      const bigFile = join(dir, 'big.conf')
      writeFileSync(bigFile, `${'#'.repeat(handedFileLimit)}\n${big}\n`)
      const line = ['dbus-daemon', '--config-file=bus.conf', 'python3', scriptFile, bigFile]
      const found = handedPathsOutside(
        { line, env: { SERVE_AT: env, HOME: outside }, cwd: dir },
        dir,
      )
      // A file larger than a config file or a script is not read.
      expect(found.sort()).toEqual([env, xml, script].sort())
    } finally {
      rmSync(outside, { recursive: true, force: true })
    }
  })
})
