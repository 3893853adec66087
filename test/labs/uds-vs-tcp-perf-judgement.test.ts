import { describe, expect, it } from 'vitest'
import lab, { type CReport as Report } from '../../labs/uds-vs-tcp-perf.js'
import { judgeNote } from '../../src/commands/verify/judge-rendered.js'
import { loadLabCatalog } from '../../src/labs/registry.js'
import { findExecutableSync } from '../../src/labs/requirements.js'
import { runLab } from '../../src/labs/runner.js'
import type { LabDefinition } from '../../src/labs/types.js'
import type { LabResult } from '../../src/model/lab-result.js'
import { loadVault } from '../../src/notes/load-vault.js'
import { packageRoot } from '../../src/package-info.js'

// The lab's verdicts from synthetic measurements: its C program is replaced by
// a node one-liner that prints a given report, one per batch the lab asks for,
// so what a busy machine's figures do to a check is pinned without a busy machine.

/**
 * Two batches measured by `decklab lab run uds-vs-tcp-perf` under 3 busy loops
 * and a disk writer on 2 cores: the lab failed `work-shrinks-advantage` on each
 * (smaller with work in 3 of 15 pairs, p = 0.035), its bulk comparison inconclusive.
 */
const loadedRuns: Report[] = [
  {
    unixRtt: [
      21.7, 21.6, 21.5, 21.5, 22, 22.1, 21.4, 21.6, 21.8, 21.3, 21.6, 21.9, 21.6, 21.5, 20.4,
    ],
    tcpRtt: [
      17.5, 17.3, 17.3, 17.2, 17.3, 17.2, 17.4, 17.2, 17.4, 17.2, 17.2, 17.2, 17.1, 17.3, 17.6,
    ],
    unixBulk: [
      213.5, 1788.6, 2427.6, 3765.8, 888.1, 3598.5, 2311.3, 2016.5, 809.2, 1253.5, 829.5, 1046.6,
      1875.2, 1730.7, 3320.9,
    ],
    tcpBulk: [
      1365.9, 994.9, 1023.2, 1515.1, 1688, 976.6, 1559, 1310.1, 2107.3, 1299.8, 1916, 1167.8,
      2162.1, 2119.4, 1755.3,
    ],
    unixWork: [
      65.7, 110.9, 362.9, 368.7, 323.8, 177.2, 367.1, 323.2, 330.5, 344.5, 110.3, 127.2, 163.8,
      336.6, 336.8,
    ],
    tcpWork: [
      231.7, 189.5, 104.4, 121.4, 184.8, 100.7, 145.6, 106.8, 155.5, 92.1, 267.1, 122.7, 171.5,
      144.7, 40.6,
    ],
  },
  {
    unixRtt: [
      21.9, 21.5, 20.1, 20.4, 21.3, 20.8, 20.6, 21.9, 20.6, 21.5, 21.7, 21.8, 22, 21.7, 20.1,
    ],
    tcpRtt: [
      17.5, 17.1, 17.1, 17.3, 17.2, 17.3, 17.2, 17.3, 17.5, 17.4, 17.3, 17.4, 17.8, 17.3, 17.3,
    ],
    unixBulk: [
      1835.7, 1177.2, 213.2, 802.4, 3642.3, 1695.9, 305.5, 1292.8, 1239.1, 988.3, 1759.5, 1768.9,
      3020.9, 550.8, 1989.6,
    ],
    tcpBulk: [
      1024.1, 1638.1, 615.8, 415.4, 339.7, 1241.9, 1916.4, 909.3, 2077.4, 1565.2, 1577.2, 2171.2,
      1448.9, 1059.4, 1923.5,
    ],
    unixWork: [
      282.8, 355.9, 341.3, 250.3, 93.1, 77.7, 44.1, 60, 257.3, 126.2, 160.3, 162.8, 197.4, 340.5,
      245.3,
    ],
    tcpWork: [
      43.7, 130.1, 112.2, 85.3, 71.7, 133, 213, 51.2, 152.7, 102.5, 105.2, 141.9, 78, 59.8, 41.5,
    ],
  },
]

const pairs = 15
const each = (value: (pair: number) => number) =>
  Array.from({ length: pairs }, (_, pair) => value(pair))

/**
 * A quiet machine's batch: Unix round trips shorter, bulk about twice TCP's,
 * and about the same with work; `bulk` and `work` give other Unix/TCP ratios.
 */
function quiet(options: { bulk?: number; work?: number } = {}): Report {
  const bulk = options.bulk ?? 2
  const work = options.work ?? 1.05
  return {
    unixRtt: each((pair) => 20 + pair / 10),
    tcpRtt: each((pair) => 24 + pair / 10),
    unixBulk: each((pair) => 1000 * bulk + pair),
    tcpBulk: each((pair) => 1000 + pair),
    unixWork: each((pair) => 300 * work + pair / 10),
    tcpWork: each((pair) => 300 + pair / 10),
  }
}

/** Run the lab with its C program printing `batches`, one per run; cc itself replaced too. */
async function runWith(batches: Report[]): Promise<{ result: LabResult; measured: number }> {
  let measured = 0
  const faked: LabDefinition = {
    ...lab,
    run: (context) =>
      lab.run({
        ...context,
        spawn: (_command, args, options) => {
          if (args.includes('-O2')) return context.spawn(process.execPath, ['-e', ''], options)
          const report = batches[measured++]
          if (!report) throw new Error(`the lab measured more than ${batches.length} batches`)
          const script = `process.stdout.write(${JSON.stringify(JSON.stringify(report))})`
          return context.spawn(process.execPath, ['-e', script], options)
        },
      }),
  }
  return { result: await runLab(faked), measured }
}

const check = (result: LabResult, name: string) => {
  const found = result.checks.find((candidate) => candidate.name === name)
  if (!found) throw new Error(`no check ${name}: ${JSON.stringify(result, null, 2)}`)
  return found
}

// compileC looks for cc before it spawns it; without one the lab skips before it measures.
describe.skipIf(findExecutableSync('cc') === undefined)(
  'uds-vs-tcp-perf judged from given measurements',
  () => {
    it.each(loadedRuns.map((report, index) => [index, report] as const))(
      'does not refute the work card on a loaded machine whose bulk advantage load flattened (run %i)',
      async (_index, report) => {
        const { result, measured } = await runWith([report, report])
        const shrink = check(result, 'work-shrinks-advantage')
        expect(shrink.status, JSON.stringify(shrink)).toBe('skip')
        expect(shrink.observed).toMatch(
          /^skipped: inconclusive: no Unix bulk advantage in this batch for the work to shrink \(Unix faster in \d+ of 15 pairs, p = /,
        )
        expect(result.status).not.toBe('fail')
        expect(measured).toBe(1)
      },
    )

    it('passes a quiet machine with one batch, publishing yes', async () => {
      const { result, measured } = await runWith([quiet()])
      expect(result.status).toBe('pass')
      expect(measured).toBe(1)
      expect(check(result, 'c-throughput-higher').values?.[0]).toMatchObject({
        label: 'higher | faster',
        value: 'yes',
      })
      expect(check(result, 'work-shrinks-advantage').values?.[0]).toMatchObject({
        label: 'shrinks',
        value: 'yes',
      })
    })

    it("does not confirm the course's why-card, whose question says bulk data moves faster", async () => {
      // 17:26 asks why a UDS moves bulk data faster; its answer gives the reason and
      // says again that throughput is higher, the only thing the lab measures.
      const { result } = await runWith([quiet()])
      const vault = await loadVault({
        cwd: packageRoot(),
        paths: ['notes/17 Performance versus TCP loopback.md'],
        labs: await loadLabCatalog(),
      })
      const card = (id: number) => {
        const found = vault.notes.find((note) => note.id === id)
        if (!found) throw new Error(`no note ${id} in notes/17`)
        return judgeNote(found, new Map([[lab.id, result]]))
      }
      const why = card(1763700017001)
      expect(why.status, why.reason ?? '').toBe('supported')
      expect(why.reason).toContain('the question states "faster" already')
      // The card whose answer says throughput is higher, asked how they compare, still
      // has that answer compared, and agreeing.
      const compare = card(1763700017002)
      const said = compare.links.flatMap((link) => link.values)
      expect(said).toContainEqual(
        expect.objectContaining({ label: 'higher | faster', card: 'higher', agrees: true }),
      )
    })

    it('still fails a false claim: TCP bulk faster in every pair of two batches', async () => {
      // The mutant world: a kernel where Unix bulk really is slower than TCP loopback.
      const { result, measured } = await runWith([quiet({ bulk: 0.5 }), quiet({ bulk: 0.5 })])
      const throughput = check(result, 'c-throughput-higher')
      expect(result.status).toBe('fail')
      expect(measured).toBe(2)
      expect(throughput.status).toBe('fail')
      expect(throughput.values?.[0]).toMatchObject({ label: 'higher | faster', value: 'no' })
      expect(throughput.observed).toMatch(
        /Unix faster in 0 of 15 pairs.*; in a fresh batch: .*Unix faster in 0 of 15 pairs/,
      )
      expect(throughput.evidence?.some((line) => line.startsWith('fresh batch: unix bulk'))).toBe(
        true,
      )
    })

    it('still fails a false claim: work widens the advantage in every pair of two batches', async () => {
      const { result, measured } = await runWith([quiet({ work: 3 }), quiet({ work: 3 })])
      expect(measured).toBe(2)
      expect(check(result, 'c-throughput-higher').status).toBe('pass')
      expect(check(result, 'work-shrinks-advantage')).toMatchObject({
        status: 'fail',
        values: [{ label: 'shrinks', value: 'no' }],
      })
    })

    it('does not fail on one batch against the claim when a fresh batch does not agree', async () => {
      const { result, measured } = await runWith([quiet({ bulk: 0.5 }), quiet()])
      expect(measured).toBe(2)
      expect(check(result, 'c-throughput-higher')).toMatchObject({ status: 'skip' })
      expect(check(result, 'c-throughput-higher').observed).toMatch(
        /^skipped: inconclusive: against the claim in one batch, but not in a fresh one \(Unix better in 15 of 15 pairs/,
      )
      expect(result.status).not.toBe('fail')
    })

    it('does not fail the work claim when the fresh batch shows no advantage to shrink', async () => {
      const { result } = await runWith([quiet({ work: 3 }), quiet({ bulk: 1, work: 3 })])
      expect(check(result, 'work-shrinks-advantage').observed).toMatch(
        /^skipped: inconclusive: no Unix bulk advantage in the fresh batch/,
      )
    })
  },
)
