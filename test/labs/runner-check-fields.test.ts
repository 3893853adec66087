// A check whose text fields are not text (a lab in JavaScript, or a cast)
// ends the lab as an error naming the field, and its report still prints:
// `lab run` failed on a number there and decklab reported its own bug (70).
import { describe, expect, it } from 'vitest'
import { formatLabResult } from '../../src/labs/report.js'
import { runLab } from '../../src/labs/runner.js'
import type { LabDefinition } from '../../src/labs/types.js'
import { createColors } from '../../src/terminal/colors.js'

const lab: LabDefinition = {
  id: 'numbers-for-text',
  title: 'A lab that records numbers where text goes',
  summary: 'A lab made up for a runner test.',
  requires: [],
  checks: ['counted'],
  serve: null,
  async run(context) {
    context.check({
      name: 'counted',
      pass: true,
      expected: 3 as unknown as string,
      observed: 42 as unknown as string,
      evidence: [7 as unknown as string],
      values: [{ kind: 'count', value: 42 } as never],
    })
  },
}

describe('a check with fields that are not text', () => {
  it('is a fault of the lab, and the report prints it as text', async () => {
    const result = await runLab(lab)
    expect(result.status).toBe('error')
    expect(result.reason).toBe(
      'check `counted`: expected is number, not text; check `counted`: observed is number, not text; check `counted`: a line of evidence is number, not text; check `counted`: a published value needs a known kind and text, got {"kind":"count","value":42}',
    )
    expect(result.checks[0]).toMatchObject({ expected: '3', observed: '42', evidence: ['7'] })
    expect(result.checks[0]?.values).toBeUndefined()
    expect(formatLabResult(result, createColors(false))).toContain('    observed: 42\n')
  })
})

describe('a published value the judge cannot read', () => {
  const oddValues: LabDefinition = {
    id: 'odd-values',
    title: 'A lab that publishes values no card can be compared with',
    summary: 'A lab made up for a runner test.',
    requires: [],
    checks: ['empty', 'maybe', 'unlabelled', 'connected'],
    serve: null,
    async run(context) {
      const check = { pass: true, expected: 'x', observed: 'y', evidence: ['z'] }
      context.check({ ...check, name: 'empty', values: [{ kind: 'errno', value: ' ' }] })
      context.check({
        ...check,
        name: 'maybe',
        values: [{ kind: 'bool', label: 'blocks', value: 'maybe' }],
      })
      context.check({ ...check, name: 'unlabelled', values: [{ kind: 'bool', value: 'yes' }] })
      // What the kernel showed is never the lab's fault: a connect that worked.
      context.check({
        ...check,
        name: 'connected',
        values: [{ kind: 'errno', value: 'connected' }],
      })
    },
  }

  it('is a fault of the lab (an empty value, a yes/no that is neither, or without its claim phrase)', async () => {
    const result = await runLab(oddValues)
    expect(result.status).toBe('error')
    expect(result.reason).toBe(
      'check `empty`: a published value is empty, got {"kind":"errno","value":" "}; check `maybe`: a published yes/no value is not `yes` or `no`, got {"kind":"bool","label":"blocks","value":"maybe"}; check `unlabelled`: a published yes/no value needs its claim phrase as `label`, got {"kind":"bool","value":"yes"}',
    )
    expect(result.checks.find((check) => check.name === 'connected')?.values).toEqual([
      { kind: 'errno', value: 'connected' },
    ])
  })
})

describe('a check whose pass is not true or false', () => {
  // An async comparison not awaited gives a Promise, which is truthy: the check
  // passed and `verify` confirmed a card on a comparison that said false.
  async function sawEnoent(): Promise<boolean> {
    return false
  }
  const notBoolean: LabDefinition = {
    id: 'pass-not-boolean',
    title: 'A lab whose pass fields are not true or false',
    summary: 'A lab made up for a runner test.',
    requires: [],
    checks: ['promised', 'worded', 'forgotten'],
    serve: null,
    async run(context) {
      const check = { expected: 'ENOENT', observed: 'ECONNREFUSED', evidence: ['z'] }
      const values = [{ kind: 'errno' as const, value: 'ENOENT' }]
      context.check({ ...check, name: 'promised', pass: sawEnoent() as never, values })
      context.check({ ...check, name: 'worded', pass: 'no' as never })
      context.check({ ...check, name: 'forgotten' } as never)
    },
  }

  it('is a fault of the lab, and none of them passes', async () => {
    const result = await runLab(notBoolean)
    expect(result.status).toBe('error')
    expect(result.reason).toBe(
      'check `promised`: pass is a Promise, not true or false (await it); check `worded`: pass is string, not true or false; check `forgotten`: pass is undefined, not true or false',
    )
    expect(result.checks.map((check) => check.status)).toEqual(['fail', 'fail', 'fail'])
  })
})
