import { describe, expect, it } from 'vitest'
import { runDecklab } from '../support/decklab.js'
import { runDecklabOnTerminal, terminalUnavailable } from '../support/on-terminal.js'

function decklab(...args: string[]) {
  return runDecklab(args, { timeoutMs: 30_000 })
}

describe('decklab lab list', () => {
  it('prints {"labs":[{id,title,serve}]} with --json, sorted by id', () => {
    const result = decklab('lab', 'list', '--json')
    expect(result.code).toBe(0)
    const { labs } = JSON.parse(result.stdout) as {
      labs: Array<{ id: string; title: string; serve: string | null; checks: string[] }>
    }
    const ids = labs.map((lab) => lab.id)
    expect(ids).toEqual([...ids].sort())
    const byId = new Map(labs.map((lab) => [lab.id, lab]))
    expect(byId.get('stream-echo')?.serve).toBe('stream')
    expect(byId.get('dgram-boundaries')?.serve).toBe('datagram')
    expect(byId.get('seqpacket-boundaries')?.serve).toBe('seqpacket')
    expect(byId.get('stream-coalesce')?.serve).toBeNull()
    for (const lab of labs) {
      expect(typeof lab.title).toBe('string')
      expect(lab.checks.length).toBeGreaterThan(0)
    }
  })

  it('prints a table without --json', () => {
    const result = decklab('lab', 'list')
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/^ID +SERVE +TITLE$/m)
    expect(result.stdout).toMatch(/^stream-echo +stream +\S/m)
    expect(result.stdout).toMatch(/^\d+ labs\./m)
  })

  // Every row was as wide as its title: on 40 columns the terminal wrapped each one,
  // the titles' ends under the ids.
  it.skipIf(terminalUnavailable)('fits a terminal: long titles are cut, whole on a pipe', () => {
    const { status, output } = runDecklabOnTerminal(['lab', 'list'], {
      cwd: process.cwd(),
      env: { COLUMNS: '40' },
    })
    expect(status, output).toBe(0)
    // The table's rows; the closing sentence wraps as text does.
    const rows = output.split(/\r?\n/).filter((line) => / {2}/.test(line))
    expect(rows.length).toBeGreaterThan(10)
    for (const row of rows) expect([...row].length, row).toBeLessThanOrEqual(40)
    expect(rows).toContain('abstract-names           -          Abs…')
    expect(decklab('lab', 'list').stdout).toMatch(
      /^abstract-names +- +Abstract socket names: .{20}/m,
    )
  })
})

describe('decklab lab run', () => {
  it('prints the lab result as JSON and exits 0 on pass', () => {
    const result = decklab('lab', 'run', 'stream-echo', '--json')
    expect(result.code, result.stderr).toBe(0)
    const lab = JSON.parse(result.stdout)
    expect(lab).toMatchObject({ lab: 'stream-echo', status: 'pass' })
    expect(lab.checks.map((check: { name: string }) => check.name)).toEqual([
      'socket-file-created',
      'echo-roundtrip',
      'python-client',
      'accept-new-socket',
      'listener-keeps-accepting',
      'socket-is-fd',
    ])
    expect(lab.transcript.length).toBeGreaterThan(0)
  })

  it('prints a transcript, then the checks with evidence, then the status', () => {
    const result = decklab('lab', 'run', 'stream-coalesce')
    expect(result.code, result.stderr).toBe(0)
    const transcript = result.stdout.indexOf('Transcript')
    const checks = result.stdout.indexOf('Checks')
    expect(transcript).toBeGreaterThan(-1)
    expect(checks).toBeGreaterThan(transcript)
    expect(result.stdout).toMatch(/^ {2}\+\d+\.\d{3}s /m)
    expect(result.stdout).toMatch(/^ {2}PASS writes-coalesce$/m)
    expect(result.stdout).toMatch(/^ {4}expected: /m)
    expect(result.stdout).toMatch(/^ {4}evidence: /m)
    expect(result.stdout).toMatch(/^PASS stream-coalesce: 4\/4 checks passed in \d+ ms\n$/m)
  })

  it('exits 1 with "deadline exceeded" when the lab runs out of time', () => {
    const result = decklab('lab', 'run', 'dgram-boundaries', '--deadline', '1', '--json')
    expect(result.code).toBe(1)
    const lab = JSON.parse(result.stdout)
    expect(lab.status).toBe('error')
    expect(lab.reason).toMatch(/deadline exceeded \(1 ms\)/)
    // Run once: `lab run --deadline` means what it says (only `verify` runs a slowed lab again).
    expect(lab.outOfTime).toEqual({ deadlinesMs: [1], othersBusyPercent: null, busy: false })
    expect(lab.leftovers).toBeUndefined()
  })

  it('suggests the nearest id for an unknown lab and exits 2', () => {
    const result = decklab('lab', 'run', 'stream-ecoh')
    expect(result.code).toBe(2)
    expect(result.stdout).toBe('')
    expect(result.stderr).toContain('unknown lab `stream-ecoh`; did you mean `stream-echo`?')
  })

  it("names the lab of a card's `id#check` link given whole, which lab run takes without its check", () => {
    const result = decklab('lab', 'run', 'stream-echo#echo-roundtrip')
    expect(result.code).toBe(2)
    expect(result.stderr).toContain(
      'unknown lab `stream-echo#echo-roundtrip`; did you mean `stream-echo`? A lab runs all its checks, `echo-roundtrip` among them\n',
    )
  })

  it('rejects a bad deadline and a missing id with exit 2', () => {
    expect(decklab('lab', 'run', 'stream-echo', '--deadline', 'soon').code).toBe(2)
    expect(decklab('lab', 'run').stderr).toContain('missing the lab id')
    expect(decklab('lab').code).toBe(2)
    expect(decklab('lab', 'frob').stderr).toContain('unknown action `frob`')
  })
})

describe('decklab lab options', () => {
  it('refuses an option the action does not read with exit 2, running nothing', () => {
    const run = decklab('lab', 'run', 'missing-socket', '--path', '/etc/passwd')
    expect(run.code).toBe(2)
    expect(run.stdout).toBe('')
    expect(run.stderr).toContain(
      'Unexpected option `--path` for `lab run`, expected `--json` or `--deadline` (`--path` is for `lab serve`)',
    )
    const list = decklab('lab', 'list', '--deadline', '5')
    expect(list.code).toBe(2)
    expect(list.stdout).toBe('')
    expect(list.stderr).toContain(
      'Unexpected option `--deadline` for `lab list`, expected `--json` (`--deadline` is for `lab run`)',
    )
    const serve = decklab('lab', 'serve', 'stream-echo', '--deadline', '5')
    expect(serve.code).toBe(2)
    expect(serve.stderr).toContain('Unexpected option `--deadline` for `lab serve`')
  })
})
