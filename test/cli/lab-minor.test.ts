// `lab` as a command line: a mistyped action gets a "did you mean", and a server the
// system refuses is an environment error (exit 2) without the usage line.
import { describe, expect, it } from 'vitest'
import { runDecklab } from '../support/decklab.js'

describe('decklab lab', () => {
  it('suggests the nearest action for a mistyped one', () => {
    const result = runDecklab(['lab', 'rn', 'stream-echo'])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain(
      'unknown action `rn` (did you mean `run`?), expected list, run or serve',
    )
  })

  it('tells a lab id typed where the action goes how to run that lab', () => {
    const result = runDecklab(['lab', 'stream-echo'])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain(
      '`stream-echo` is a lab, not an action (list, run or serve): run it with `decklab lab run stream-echo`',
    )
  })

  it('`serve` where the system refuses the socket exits 2 with the code cannot-serve and no usage line', () => {
    const result = runDecklab(['lab', 'serve', 'stream-echo', '--path', '/proc/x.sock', '--json'])
    expect(result.code, result.stderr).toBe(2)
    const { error } = JSON.parse(result.stdout) as { error: { code: string; message: string } }
    expect(error.code).toBe('cannot-serve')
    expect(error.message).toMatch(/^cannot serve on \/proc\/x\.sock: /)
    // The folder the user named, not the private staging name decklab tried to make in it.
    expect(error.message).toContain('cannot create a file in /proc (ENOENT)')
    expect(error.message).not.toContain('.d')
    expect(result.stderr).not.toContain('for usage')
  })
})
