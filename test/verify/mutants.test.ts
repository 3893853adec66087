import { describe, expect, it } from 'vitest'
import { judgeMutants } from '../../src/commands/verify/judge-rendered.js'
import type { LabResult, ObservedValue } from '../../src/model/lab-result.js'
import type { Note } from '../../src/model/note.js'
import { applyMutation, deriveMutations } from '../../src/verify/mutants.js'

function note(noteType: string, fields: Record<string, string>, labs: string[], line = 1): Note {
  return {
    id: 1763700000000 + line,
    guid: 'guid',
    noteType,
    fields,
    tags: [],
    deck: 'Default',
    labs: labs.map((text) => {
      const [lab = '', check] = text.split('#')
      return check === undefined ? { lab, line: 1, column: 1 } : { lab, check, line: 1, column: 1 }
    }),
    kind: 'block',
    source: {
      file: 'notes/a.md',
      absolutePath: '/vault/notes/a.md',
      vaultRoot: '/vault',
      line,
      column: 1,
      idInsertOffset: 0,
    },
  }
}

function results(values: ObservedValue[]): Map<string, LabResult> {
  const result: LabResult = {
    lab: 'l',
    title: 'l',
    status: 'pass',
    checks: [{ name: 'c', status: 'pass', expected: 'e', observed: 'o', values }],
    durationMs: 1,
    transcript: [],
  }
  return new Map([['l', result]])
}

describe('deriveMutations', () => {
  it('swaps errno names, changes numbers and modes, flips claim words: one change each', () => {
    const basic = note(
      'Basic',
      {
        Front: 'What happens? ENOENT here is the question',
        Back: 'connect() always fails with ECONNREFUSED after 10 tries; the file keeps mode 0755.',
      },
      [],
    )
    const mutations = deriveMutations(basic).map(({ kind, field, from, to }) => [
      kind,
      field,
      from,
      to,
    ])
    expect(mutations).toEqual([
      ['claim', 'Back', 'always', 'never'],
      ['claim', 'Back', 'fails', 'succeeds'],
      ['errno', 'Back', 'ECONNREFUSED', 'ENOENT'],
      ['claim', 'Back', 'after', 'before'],
      ['number', 'Back', '10', '11'],
      ['claim', 'Back', 'keeps', 'loses'],
      ['mode', 'Back', '0755', '0757'],
    ])
    const applied = applyMutation(basic, deriveMutations(basic)[2] as never)
    expect(applied.fields.Back).toBe(
      'connect() always fails with ENOENT after 10 tries; the file keeps mode 0755.',
    )
    expect(basic.fields.Back).toContain('ECONNREFUSED')
  })

  it('leaves negated mentions, cloze hints and openers, link targets and tags alone', () => {
    const cloze = note(
      'Cloze',
      {
        Text: 'It gets {{c1::EAGAIN::not ENOENT}}, not {{c2::ECONNREFUSED}}; see [[13 Passing]] <img width="2">.',
        'Back Extra': '',
      },
      [],
    )
    // ECONNREFUSED is already said (negated), so the swap takes the next confusable errno.
    expect(deriveMutations(cloze).map((mutation) => [mutation.from, mutation.to])).toEqual([
      ['EAGAIN', 'ENOBUFS'],
    ])
  })

  it('reads the Front of a reversed card and a bare Yes/No answer', () => {
    const reversed = note(
      'Basic (and reversed card)',
      { Front: 'EPIPE', Back: 'Yes, it does.' },
      [],
    )
    expect(deriveMutations(reversed).map((mutation) => [mutation.field, mutation.to])).toEqual([
      ['Front', 'ECONNRESET'],
      ['Back', 'No'],
    ])
  })
})

describe('deriveMutations: swaps, Yes/No and unit-less numbers', () => {
  it('swaps two values of one kind within a field, at their first occurrences', () => {
    const cloze = note(
      'Cloze',
      {
        Text: 'TCP gets {{c1::ECONNREFUSED}}; a missing path gets {{c3::ENOENT}}; mode 0777 minus 022 is 0755.',
        'Back Extra': '',
      },
      [],
    )
    const swaps = deriveMutations(cloze).filter((mutation) => mutation.kind === 'swap-values')
    expect(swaps.map((mutation) => [mutation.from, mutation.to])).toEqual([
      ['ECONNREFUSED … ENOENT', 'ENOENT … ECONNREFUSED'],
      ['0777 … 0755', '0755 … 0777'],
    ])
    expect(applyMutation(cloze, swaps[0] as never).fields.Text).toBe(
      'TCP gets {{c1::ENOENT}}; a missing path gets {{c3::ECONNREFUSED}}; mode 0777 minus 022 is 0755.',
    )
  })

  it('swaps numbers and names only when one of them is published, names only within a family', () => {
    const basic = note(
      'Basic',
      {
        Front: 'q',
        Back: '107 bytes fit, 108 do not; SOCK_STREAM not SO_TYPE, "unix" and "unixgram"; 3 tries',
      },
      [],
    )
    const published: ObservedValue[] = [
      { kind: 'number', value: '107 bytes' },
      { kind: 'name', value: 'SOCK_STREAM' },
      { kind: 'name', value: 'unix' },
      { kind: 'name', value: 'unixgram' },
    ]
    const swaps = deriveMutations(basic, published)
      .filter((mutation) => mutation.kind === 'swap-values')
      .map((mutation) => mutation.to)
    expect(swaps).toEqual(['108 … 107', '3 … 107', 'unixgram … unix'])
  })

  it('swaps two subjects of a claim, or the one the question contrasts', () => {
    const basic = note(
      'Basic',
      {
        Front: 'How does a full backlog look on a UDS and on TCP?',
        Back: 'UDS: fails with EAGAIN. TCP: the client waits.',
      },
      [],
    )
    const swap = deriveMutations(basic).find((mutation) => mutation.kind === 'swap-subjects')
    expect(swap && applyMutation(basic, swap).fields.Back).toBe(
      'TCP: fails with EAGAIN. UDS: the client waits.',
    )
    const implicit = note(
      'Basic',
      { Front: 'How do Python and Node pad an abstract name?', Back: 'Node pads it to 108 bytes.' },
      [],
    )
    const changed = deriveMutations(implicit).find((mutation) => mutation.kind === 'swap-subjects')
    expect(changed && applyMutation(implicit, changed).fields.Back).toBe(
      'Python pads it to 108 bytes.',
    )
  })

  it('flips a leading Yes/No, and changes a published unit-less number to n - 1', () => {
    const basic = note(
      'Basic',
      { Front: 'Does it fail?', Back: 'No: it connects at try 20 (20 ms).' },
      [],
    )
    const kinds = deriveMutations(basic, [{ kind: 'number', value: '20' }]).map((mutation) => [
      mutation.kind,
      mutation.from,
      mutation.to,
    ])
    expect(kinds).toEqual([
      ['yes-no', 'No', 'Yes'],
      ['number', '20', '21'],
      ['unitless', '20', '19'],
      ['number', '20', '21'],
      ['unitless', '20', '19'],
    ])
  })
})

describe('judgeMutants', () => {
  it('judges every mutant against the same results, counts the refuted ones, and lists survivors', async () => {
    const notes = [
      // The errno and the number are published and caught; "after" is not compared, so it survives.
      note('Basic', { Front: 'q', Back: 'EAGAIN after 11 datagrams' }, ['l#c'], 1),
      // The claim word is not published: its mutant survives.
      note('Basic', { Front: 'q', Back: 'EAGAIN after 11 datagrams; it never blocks' }, ['l#c'], 2),
      // Refuted as written: listed, not counted.
      note('Basic', { Front: 'q', Back: 'ENOENT' }, ['l#c'], 3),
      // Links no lab: unverified, and its mutant survives.
      note('Cloze', { Text: '{{c1::EPIPE}}', 'Back Extra': '' }, [], 4),
    ]
    const report = await judgeMutants(
      notes,
      results([
        { kind: 'errno', value: 'EAGAIN' },
        { kind: 'number', value: '11 datagrams' },
      ]),
    )
    expect(report.notes.map((entry) => [entry.line, entry.original])).toEqual([
      [1, 'confirmed'],
      [2, 'confirmed'],
      [3, 'refuted'],
      [4, 'unverified'],
    ])
    expect(report.notes[0]?.mutants.map((mutant) => [mutant.to, mutant.status])).toEqual([
      ['ECONNREFUSED', 'refuted'],
      ['before', 'confirmed'],
      ['12', 'refuted'],
    ])
    const survivors = report.notes.flatMap((entry) =>
      entry.original === 'refuted'
        ? []
        : entry.mutants
            .filter((mutant) => mutant.status !== 'refuted')
            .map((mutant) => [entry.line, mutant.from, mutant.to, mutant.status, mutant.why]),
    )
    const noClaim = (word: string) =>
      `no linked check publishes a yes/no value whose claim phrase is "${word}"`
    expect(survivors).toEqual([
      [1, 'after', 'before', 'confirmed', noClaim('after')],
      [2, 'after', 'before', 'confirmed', noClaim('after')],
      [2, 'never', 'always', 'confirmed', noClaim('never')],
      [
        4,
        'EPIPE',
        'ECONNRESET',
        'unverified',
        'the note is unverified as written, so its text is not compared',
      ],
    ])
    expect(report).toMatchObject({ total: 8, caught: 4, heldBack: 0 })
    expect(report.byNoteType).toEqual({
      Basic: { total: 7, caught: 4 },
      Cloze: { total: 1, caught: 0 },
    })
    expect(report.byKind).toEqual({
      errno: { total: 3, caught: 2, heldBack: 0 },
      claim: { total: 3, caught: 0, heldBack: 0 },
      number: { total: 2, caught: 2, heldBack: 0 },
    })
  })

  it('mutates no Front the package makes no reversed card for (an Add Reverse that renders to nothing)', async () => {
    const optional = note(
      'Basic (optional reversed card)',
      {
        Front: 'Does connect() to a missing path fail with ENOENT?',
        Back: 'ENOENT',
        'Add Reverse': '[y]: https://example.com',
      },
      ['l#c'],
      1,
    )
    const report = await judgeMutants([optional], results([{ kind: 'errno', value: 'ENOENT' }]))
    expect(report.notes[0]?.mutants.map((mutant) => mutant.field)).not.toContain('Front')
  })

  it('catches a flipped Yes/No that answers a question naming the published value', async () => {
    const asked = note(
      'Basic',
      { Front: 'Does connect() to a missing path fail with ENOENT?', Back: 'Yes.' },
      ['l#c'],
      1,
    )
    const report = await judgeMutants([asked], results([{ kind: 'errno', value: 'ENOENT' }]))
    expect(report.notes[0]?.original).toBe('confirmed')
    expect(
      report.notes[0]?.mutants.map((mutant) => [mutant.kind, mutant.to, mutant.status]),
    ).toEqual([['yes-no', 'No', 'refuted']])
    // A No to a question asking about another value: its flip says that value, and is caught.
    const other = note(
      'Basic',
      { Front: 'Does connect() to a missing path fail with ECONNREFUSED?', Back: 'No.' },
      ['l#c'],
      2,
    )
    const denied = await judgeMutants([other], results([{ kind: 'errno', value: 'ENOENT' }]))
    expect(denied.notes[0]?.original).toBe('supported')
    expect(denied.notes[0]?.mutants.map((mutant) => [mutant.to, mutant.status])).toEqual([
      ['Yes', 'refuted'],
    ])
  })

  it('holds back a negation flipped in the subject the value is said of ("does not exist" → "does exist")', async () => {
    const missing: ObservedValue = {
      kind: 'errno',
      value: 'ENOENT',
      about: 'missing | does not exist | no such file | nonexistent | free',
    }
    const card = note(
      'Basic',
      { Front: 'What does connect() give?', Back: 'A path that does not exist gets ENOENT.' },
      ['l#c'],
    )
    const report = await judgeMutants([card], results([missing]))
    expect(report.notes[0]?.original).toBe('confirmed')
    const flipped = report.notes[0]?.mutants.find((mutant) => mutant.kind === 'claim')
    expect([flipped?.from, flipped?.to, flipped?.status]).toEqual(['does not', 'does', 'supported'])
    expect(flipped?.why).toContain(
      'ENOENT beside "does exist", where the kernel showed it of "missing"',
    )
    expect(report.heldBack).toBe(1)
    // Without the subject named, nothing compared changes: the reason names the words to publish.
    const bare = await judgeMutants([card], results([{ kind: 'errno', value: 'ENOENT' }]))
    const survivor = bare.notes[0]?.mutants.find((mutant) => mutant.kind === 'claim')
    expect([survivor?.status, survivor?.why]).toEqual([
      'confirmed',
      'the flipped "does not" bears on "exist", and no linked check publishes a yes/no value whose claim phrase is "does not exist" (or "exist"), nor names "does not exist" as what a value is about, so nothing the judge compares changed',
    ])
  })
})
