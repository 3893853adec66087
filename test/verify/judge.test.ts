import { describe, expect, it } from 'vitest'
import { judgeNote, judgeNotes } from '../../src/commands/verify/judge-rendered.js'
import type { Check, LabResult, ObservedValue } from '../../src/model/lab-result.js'
import type { LabLink, Note } from '../../src/model/note.js'
import { countVerdicts, linkedLabIds, normaliseAnswer } from '../../src/verify/judge.js'
import { wordForms } from '../../src/verify/value-kinds.js'

/** A note as `loadVault` would resolve it, with only what the judge reads filled in. */
function note(options: {
  noteType?: string
  back?: string
  fields?: Record<string, string>
  labs?: string[]
  line?: number
}): Note {
  const labs: LabLink[] = (options.labs ?? []).map((text, index) => {
    const [lab, check] = text.split('#') as [string, string | undefined]
    const link: LabLink = { lab, line: 10 + index, column: 6 }
    if (check !== undefined) link.check = check
    return link
  })
  return {
    id: 1763700000001,
    guid: 'guid',
    noteType: options.noteType ?? 'Basic',
    fields: options.fields ?? { Front: 'Question?', Back: options.back ?? 'Answer' },
    tags: [],
    deck: 'Default',
    labs,
    kind: 'block',
    source: {
      file: 'notes/a.md',
      absolutePath: '/vault/notes/a.md',
      vaultRoot: '/vault',
      line: options.line ?? 3,
      column: 1,
      idInsertOffset: 0,
    },
  }
}

function check(
  name: string,
  status: Check['status'],
  value?: string,
  values?: ObservedValue[],
): Check {
  const built: Check = { name, status, expected: `expected ${name}`, observed: `observed ${name}` }
  if (value !== undefined) built.value = value
  if (values !== undefined) built.values = values
  return built
}

function lab(
  id: string,
  status: LabResult['status'],
  checks: Check[],
  reason?: string,
  leftovers?: string[],
): LabResult {
  const result: LabResult = { lab: id, title: id, status, checks, durationMs: 5, transcript: [] }
  if (reason !== undefined) result.reason = reason
  if (leftovers !== undefined) result.leftovers = leftovers
  return result
}

const results = (...labs: LabResult[]) => new Map(labs.map((result) => [result.lab, result]))

describe('normaliseAnswer', () => {
  it('ignores case, surrounding and inner whitespace runs, code ticks and HTML tags', () => {
    expect(normaliseAnswer('  `ECONNREFUSED`\n')).toBe('econnrefused')
    expect(normaliseAnswer('In   Order')).toBe('in order')
    expect(normaliseAnswer('<b>EPIPE</b>')).toBe('epipe')
  })

  it('compares Unicode in NFC, so composed and decomposed forms are equal', () => {
    expect(normaliseAnswer('caf\u0065\u0301')).toBe(normaliseAnswer('caf\u00e9'))
  })

  it('keeps underscores and digits, which are part of the answers', () => {
    expect(normaliseAnswer('MSG_TRUNC')).toBe('msg_trunc')
    expect(normaliseAnswer('108')).toBe('108')
  })
})

describe('judgeNote', () => {
  it('confirms a card whose answer states what its linked check observed', () => {
    const verdict = judgeNote(
      note({ back: 'It fails with ECONNREFUSED.', labs: ['stale-socket#connect-refused'] }),
      results(lab('stale-socket', 'pass', [check('connect-refused', 'pass', 'ECONNREFUSED')])),
    )
    expect(verdict).toEqual({
      file: 'notes/a.md',
      line: 3,
      id: 1763700000001,
      noteType: 'Basic',
      question: 'Question?',
      labs: ['stale-socket#connect-refused'],
      cards: 1,
      status: 'confirmed',
      links: [
        {
          link: 'stale-socket#connect-refused',
          status: 'confirmed',
          reason: null,
          values: [
            {
              kind: 'errno',
              label: null,
              kernel: 'ECONNREFUSED',
              card: 'ECONNREFUSED',
              agrees: true,
            },
          ],
        },
      ],
    })
  })

  // Decided: a closed <details> (no `open`) is shown; the learner opens it on the answer side.
  it('confirms an answer behind a closed <details>, which the learner opens on the answer side', () => {
    const kernel = results(
      lab('stale-socket', 'pass', [check('connect-refused', 'pass', 'ECONNREFUSED')]),
    )
    const back = '<details><summary>Reveal</summary>\n\nIt fails with ECONNREFUSED.\n\n</details>'
    const verdict = judgeNote(note({ back, labs: ['stale-socket#connect-refused'] }), kernel)
    expect(verdict.status).toBe('confirmed')
  })

  // Yellow on <mark>'s own yellow was read as shown, so the card was confirmed by text no one sees.
  it('does not confirm an answer written in yellow on a <mark>', () => {
    const kernel = results(
      lab('stale-socket', 'pass', [check('connect-refused', 'pass', 'ECONNREFUSED')]),
    )
    const back = 'It fails with <mark style="color: yellow">ECONNREFUSED</mark>.'
    const verdict = judgeNote(note({ back, labs: ['stale-socket#connect-refused'] }), kernel)
    expect(verdict.status).not.toBe('confirmed')
  })

  // 5000 px of left border put the answer off screen, as a padding does; it was read as shown.
  it('does not confirm an answer a wide left border pushes off screen', () => {
    const kernel = results(
      lab('stale-socket', 'pass', [check('connect-refused', 'pass', 'ECONNREFUSED')]),
    )
    const back = 'It fails with <div style="border-left: 5000px solid white">ECONNREFUSED</div>'
    const verdict = judgeNote(note({ back, labs: ['stale-socket#connect-refused'] }), kernel)
    expect(verdict.status).not.toBe('confirmed')
  })

  // Aligned right in a box 9000 px wide the answer was drawn off screen, and read as shown.
  it('does not confirm an answer aligned right in a box wider than any screen', () => {
    const kernel = results(
      lab('stale-socket', 'pass', [check('connect-refused', 'pass', 'ECONNREFUSED')]),
    )
    const back = 'It fails with <div style="width: 9000px; text-align: right">ECONNREFUSED</div>'
    const verdict = judgeNote(note({ back, labs: ['stale-socket#connect-refused'] }), kernel)
    expect(verdict.status).not.toBe('confirmed')
  })

  // MathJax draws a phantom as room only: the answer in it was read as shown, and confirmed.
  it('does not confirm an answer written in a \\phantom', () => {
    const kernel = results(
      lab('stale-socket', 'pass', [check('connect-refused', 'pass', 'ECONNREFUSED')]),
    )
    const back = 'It fails with $\\phantom{ECONNREFUSED}$.'
    const verdict = judgeNote(note({ back, labs: ['stale-socket#connect-refused'] }), kernel)
    expect(verdict.status).not.toBe('confirmed')
  })

  // A type of the user's own (the plugin's fields_dict): which field answers is unknown, so it is never compared.
  it("leaves a note of the user's own note type unverified, naming the type, whatever its fields say", () => {
    const passing = results(
      lab('stale-socket', 'pass', [check('connect-refused', 'pass', 'ECONNREFUSED')]),
    )
    for (const word of ['ECONNREFUSED', 'ENOENT']) {
      const verdict = judgeNote(
        note({
          noteType: 'Vocab',
          fields: { Word: word, Meaning: 'what connect() gives on a stale socket file' },
          labs: ['stale-socket#connect-refused'],
        }),
        passing,
      )
      expect(verdict.status).toBe('unverified')
      expect(verdict.question).toBe(word)
      expect(verdict.reason).toContain('`Vocab` is your own note type')
    }
  })

  it('refutes a card whose linked check failed, naming what was observed', () => {
    const verdict = judgeNote(
      note({ labs: ['stale-socket#connect-refused'] }),
      results(lab('stale-socket', 'fail', [check('connect-refused', 'fail', 'ENOENT')])),
    )
    expect(verdict.status).toBe('refuted')
    expect(verdict.reason).toBe(
      'stale-socket#connect-refused: failed: expected expected connect-refused, observed observed connect-refused',
    )
  })

  it('judges a link without #check by every check of the lab, and calls a passing one supported', () => {
    const passing = results(
      lab('epipe', 'pass', [check('write-after-peer-close', 'pass', 'EPIPE')]),
    )
    const supported = judgeNote(note({ back: 'EPIPE', labs: ['epipe'] }), passing)
    expect(supported.status).toBe('supported')
    expect(supported.reason).toBe(
      'epipe: the lab passed, but a link to a whole lab compares nothing; link lab#check',
    )
    const failing = results(
      lab('epipe', 'fail', [
        check('write-after-peer-close', 'pass'),
        check('sigpipe-default', 'fail'),
      ]),
    )
    const verdict = judgeNote(note({ labs: ['epipe'] }), failing)
    expect(verdict.status).toBe('refuted')
    expect(verdict.reason).toBe('epipe: failed: sigpipe-default observed observed sigpipe-default')
  })

  it('judges only the linked check: another failing check of the lab does not refute the card', () => {
    const mixed = results(
      lab('epipe', 'fail', [
        check('write-after-peer-close', 'pass'),
        check('sigpipe-default', 'fail'),
      ]),
    )
    expect(judgeNote(note({ labs: ['epipe#write-after-peer-close'] }), mixed).status).toBe(
      'supported',
    )
  })

  it('leaves a card unverified when its lab was skipped, with the reason', () => {
    const verdict = judgeNote(
      note({ labs: ['socket-permissions#no-write-eacces'] }),
      results(lab('socket-permissions', 'skip', [], 'needs an unprivileged user')),
    )
    expect(verdict.status).toBe('unverified')
    expect(verdict.reason).toBe(
      'socket-permissions#no-write-eacces: lab skipped: needs an unprivileged user',
    )
  })

  it('leaves a card unverified (not refuted) when its lab errored', () => {
    const verdict = judgeNote(
      note({ labs: ['stale-socket'] }),
      results(lab('stale-socket', 'error', [], 'deadline exceeded (10000 ms)')),
    )
    expect(verdict.status).toBe('unverified')
    expect(verdict.reason).toBe('stale-socket: lab error: deadline exceeded (10000 ms)')
  })

  // A busy machine kept the lab past its deadline, twice: nothing was shown either way.
  it('leaves a card unverified, saying why, when a busy machine kept its lab past the deadline', () => {
    const slowed = lab(
      'stale-socket',
      'error',
      [],
      'deadline exceeded (10000 ms, and 30000 ms when run again) while other processes kept the CPUs 93% busy: the machine may be busy; rerun with --deadline 60000',
    )
    slowed.outOfTime = { deadlinesMs: [10_000, 30_000], othersBusyPercent: 93, busy: true }
    const verdict = judgeNote(
      note({ labs: ['stale-socket#connect-refused'], back: 'ECONNREFUSED' }),
      results(slowed),
    )
    expect(verdict.status).toBe('unverified')
    expect(verdict.reason).toBe(
      'stale-socket#connect-refused: lab stale-socket did not finish: deadline exceeded (10000 ms, and 30000 ms when run again) while other processes kept the CPUs 93% busy: the machine may be busy; rerun with --deadline 60000',
    )
  })

  it('leaves a card unverified when its check was skipped', () => {
    const verdict = judgeNote(
      note({ labs: ['scm-credentials#root-may-spoof'] }),
      results(lab('scm-credentials', 'pass', [check('root-may-spoof', 'skip')])),
    )
    expect(verdict.status).toBe('unverified')
  })

  it('does not trust a passing check from a run that left things behind', () => {
    const verdict = judgeNote(
      note({ labs: ['stale-socket#connect-refused'] }),
      results(
        lab(
          'stale-socket',
          'fail',
          [check('connect-refused', 'pass', 'ECONNREFUSED')],
          'left 1 thing(s) behind',
          ['socket file stale.sock left in the lab directory'],
        ),
      ),
    )
    expect(verdict.status).toBe('unverified')
    expect(verdict.reason).toBe('stale-socket#connect-refused: lab fail: left 1 thing(s) behind')
  })

  it('leaves a note without lab links unverified', () => {
    const verdict = judgeNote(note({}), results())
    expect(verdict).toMatchObject({
      status: 'unverified',
      reason: 'links no lab, so nothing compared its answer with the kernel',
      labs: [],
    })
  })

  it("gives the author's reason when a note says no lab can test it (`Lab: none: …`)", () => {
    const verdict = judgeNote({ ...note({}), noLabReason: 'needs a PostgreSQL server' }, results())
    expect(verdict).toMatchObject({
      status: 'unverified',
      reason: 'no lab here can test it: needs a PostgreSQL server',
    })
  })

  it('says when the note links no lab because its lab links are malformed, naming them and their lines', () => {
    const one = judgeNote(
      { ...note({}), malformedLabLinks: [{ text: 'stale socket', line: 12 }] },
      results(),
    )
    expect(one).toMatchObject({
      status: 'unverified',
      reason:
        'its lab link `stale socket` (line 12) is malformed, so it links no lab and nothing compared its answer with the kernel',
    })
    const two = judgeNote(
      {
        ...note({}),
        malformedLabLinks: [
          { text: 'stale socket', line: 12 },
          { text: 'none', line: 13 },
        ],
      },
      results(),
    )
    expect(two.reason).toBe(
      'its lab links `stale socket` (line 12), `none` (line 13) are malformed, so it links no lab and nothing compared its answer with the kernel',
    )
  })

  it('leaves a card unverified when its lab was not run, or does not exist', () => {
    expect(judgeNote(note({ labs: ['missing-socket'] }), results()).reason).toBe(
      'missing-socket: lab was not run',
    )
    const known = new Set(['missing-socket'])
    expect(judgeNote(note({ labs: ['no-such-lab'] }), results(), known).reason).toBe(
      'no-such-lab: no such lab',
    )
  })

  it('prefers refuted over unverified and keeps both reasons, refutation first', () => {
    const verdict = judgeNote(
      note({ labs: ['socket-permissions', 'stale-socket#connect-refused'] }),
      results(
        lab('socket-permissions', 'skip', [], 'needs an unprivileged user'),
        lab('stale-socket', 'fail', [check('connect-refused', 'fail')]),
      ),
    )
    expect(verdict.status).toBe('refuted')
    expect(verdict.reason?.startsWith('stale-socket#connect-refused: failed')).toBe(true)
    expect(verdict.reason).toContain('; socket-permissions: lab skipped')
  })

  describe('type-in cards', () => {
    const typeIn = (back: string, link = 'missing-socket#connect-enoent') =>
      note({ noteType: 'Basic (type in the answer)', back, labs: [link] })
    const observed = results(
      lab('missing-socket', 'pass', [check('connect-enoent', 'pass', 'ENOENT')]),
    )

    it("confirms when the Back equals the check's value after normalising", () => {
      expect(judgeNote(typeIn(' enoent '), observed).status).toBe('confirmed')
      expect(judgeNote(typeIn('`ENOENT`'), observed).status).toBe('confirmed')
    })

    it("compares what Anki's type-in check compares: struck-out and hidden text too", () => {
      // Anki marks a learner who types ENOENT wrong against either Back.
      expect(judgeNote(typeIn('~~EACCES~~ ENOENT'), observed).reason).toBe(
        'missing-socket#connect-enoent: card says "EACCES ENOENT", kernel says "ENOENT"',
      )
      expect(
        judgeNote(typeIn('<span style="display:none">EACCES</span>ENOENT'), observed).status,
      ).toBe('refuted')
    })

    it('compares a Back in a colour verify cannot read, as Anki compares what is typed with it', () => {
      const verdict = judgeNote(
        typeIn('<span style="color: rgb(from white r g b)">ENOENT</span>'),
        observed,
      )
      expect(verdict.status, verdict.reason).toBe('confirmed')
    })

    it('refutes when the Back differs, saying what the card and the kernel say', () => {
      const verdict = judgeNote(typeIn('ECONNREFUSED'), observed)
      expect(verdict.status).toBe('refuted')
      expect(verdict.reason).toBe(
        'missing-socket#connect-enoent: card says "ECONNREFUSED", kernel says "ENOENT"',
      )
    })

    it("compares with the check's value even when its typed values say the same with a unit", () => {
      const size = results(
        lab('l', 'pass', [
          check('c', 'pass', '108', [{ kind: 'number', value: '108 bytes', label: 'sun_path' }]),
        ]),
      )
      const card = (back: string) => typeIn(back, 'l#c')
      expect(judgeNote(card('108'), size).status).toBe('confirmed')
      expect(judgeNote(card('107'), size).reason).toBe('l#c: card says "107", kernel says "108"')
      // A unit typed is compared too, with the unit the typed values give.
      expect(judgeNote(card('108 bytes'), size).status).toBe('confirmed')
      expect(judgeNote(card('108 kilobytes'), size).status).toBe('refuted')
      expect(judgeNote(card('108 bits'), size).status).toBe('refuted')
      // With no unit published, the label's unit word is the value's.
      const kept = results(
        lab('l', 'pass', [
          check('c', 'pass', '108', [{ kind: 'number', value: '108', label: 'bytes kept' }]),
        ]),
      )
      expect(judgeNote(card('108 bytes'), kept).status).toBe('confirmed')
      expect(judgeNote(card('108 bits'), kept).status).toBe('refuted')
      const bare = results(lab('l', 'pass', [check('c', 'pass', '253')]))
      expect(judgeNote(card('253'), bare).status).toBe('confirmed')
      expect(judgeNote(card('253 MB'), bare).status).toBe('refuted')
    })

    it('compares a typed yes or no only with a yes/no claim its question states', () => {
      const stays = results(
        lab('l', 'pass', [
          check('c', 'pass', 'yes', [{ kind: 'bool', value: 'yes', label: 'stays | left behind' }]),
        ]),
      )
      const asked = (question: string, back: string) =>
        note({
          noteType: 'Basic (type in the answer)',
          fields: { Front: question, Back: back },
          labs: ['l#c'],
        })
      // The question names the claim: yes is the kernel's answer, no is not.
      expect(
        judgeNote(asked('Does the socket file stay after close()?', 'yes'), stays).status,
      ).toBe('confirmed')
      expect(judgeNote(asked('Does the socket file stay after close()?', 'no'), stays).status).toBe(
        'refuted',
      )
      // It asks the opposite claim, in words the check does not publish: neither answer is compared.
      for (const back of ['yes', 'no']) {
        const verdict = judgeNote(
          asked('Is the socket file deleted automatically on close()? (yes/no)', back),
          stays,
        )
        expect(verdict.status).toBe('supported')
        expect(verdict.reason).toContain(
          'names no claim the check published ("stays | left behind")',
        )
      }
    })

    it('reads a small number spelled out as its digits, as on any other card', () => {
      const card = (back: string) => typeIn(back, 'l#c')
      const five = results(lab('l', 'pass', [check('c', 'pass', '5')]))
      expect(judgeNote(card('five'), five).status).toBe('confirmed')
      expect(judgeNote(card('Five'), five).status).toBe('confirmed')
      expect(judgeNote(card('six'), five).reason).toBe('l#c: card says "six", kernel says "5"')
      expect(judgeNote(card('fives'), five).status).toBe('refuted')
      const bytes = results(
        lab('l', 'pass', [
          check('c', 'pass', '5', [{ kind: 'number', value: '5 bytes', label: 'name' }]),
        ]),
      )
      expect(judgeNote(card('five bytes'), bytes).status).toBe('confirmed')
      expect(judgeNote(card('five kilobytes'), bytes).status).toBe('refuted')
    })

    it('treats errno aliases as one value', () => {
      const eagain = results(lab('l', 'pass', [check('c', 'pass', 'EAGAIN')]))
      expect(judgeNote(typeIn('EWOULDBLOCK', 'l#c'), eagain).status).toBe('confirmed')
    })

    it('does not compare when the link names no check (supported, not confirmed)', () => {
      expect(judgeNote(typeIn('something else', 'missing-socket'), observed).status).toBe(
        'supported',
      )
    })
  })
})

describe('judgeNotes, linkedLabIds and countVerdicts', () => {
  it('judges in note order, lists distinct linked labs sorted, and counts statuses', async () => {
    const notes = [
      note({ labs: ['stale-socket#connect-refused', 'missing-socket'], line: 1 }),
      note({ back: 'ENOENT', labs: ['missing-socket#connect-enoent'], line: 2 }),
      note({ line: 3 }),
    ]
    expect(linkedLabIds(notes)).toEqual(['missing-socket', 'stale-socket'])
    const verdicts = await judgeNotes(
      notes,
      results(
        lab('missing-socket', 'pass', [check('connect-enoent', 'pass', 'ENOENT')]),
        lab('stale-socket', 'fail', [check('connect-refused', 'fail')]),
      ),
    )
    expect(verdicts.map((verdict) => [verdict.line, verdict.status])).toEqual([
      [1, 'refuted'],
      [2, 'confirmed'],
      [3, 'unverified'],
    ])
    expect(countVerdicts(verdicts)).toEqual({
      confirmed: 1,
      supported: 0,
      refuted: 1,
      unverified: 1,
    })
  })
})

/** A lab `l` whose check `c` passed and published `values`. */
const published = (...values: ObservedValue[]) =>
  results(lab('l', 'pass', [check('c', 'pass', undefined, values)]))
const errno = (value: string): ObservedValue => ({ kind: 'errno', value })

describe('every note type: a right answer is confirmed, a wrong one refuted', () => {
  const kernel = published(errno('EADDRINUSE'))
  const cases: Array<{
    noteType: string
    right: Record<string, string>
    wrong: Record<string, string>
  }> = [
    {
      noteType: 'Basic (type in the answer)',
      right: { Front: 'errno of bind() on a leftover file?', Back: 'EADDRINUSE' },
      wrong: { Front: 'errno of bind() on a leftover file?', Back: 'EEXIST' },
    },
    {
      noteType: 'Basic',
      right: { Front: 'What does bind() give?', Back: 'bind() fails with EADDRINUSE.' },
      wrong: { Front: 'What does bind() give?', Back: 'bind() fails with EEXIST.' },
    },
    {
      noteType: 'Basic (and reversed card)',
      right: { Front: 'EADDRINUSE', Back: 'what rebinding a leftover file fails with: EADDRINUSE' },
      wrong: { Front: 'EACCES', Back: 'what rebinding a leftover file fails with: EACCES' },
    },
    {
      noteType: 'Basic (optional reversed card)',
      right: {
        Front: 'EADDRINUSE',
        Back: 'bind() on a leftover file gives EADDRINUSE',
        'Add Reverse': 'y',
      },
      wrong: {
        Front: 'ENOENT',
        Back: 'bind() on a leftover file gives ENOENT',
        'Add Reverse': 'y',
      },
    },
    {
      noteType: 'Cloze',
      right: {
        Text: 'bind() on a leftover file fails with {{c1::EADDRINUSE::errno}}.',
        'Back Extra': '',
      },
      wrong: {
        Text: 'bind() on a leftover file fails with {{c1::EEXIST::errno}}.',
        'Back Extra': '',
      },
    },
  ]
  for (const { noteType, right, wrong } of cases) {
    it(noteType, () => {
      const good = judgeNote(note({ noteType, fields: right, labs: ['l#c'] }), kernel)
      expect(good.status, good.reason).toBe('confirmed')
      const bad = judgeNote(note({ noteType, fields: wrong, labs: ['l#c'] }), kernel)
      expect(bad.status).toBe('refuted')
      expect(bad.links[0]?.values[0]).toMatchObject({ kernel: 'EADDRINUSE', agrees: false })
    })
  }

  it('a Cloze deletion is judged without its hint, and a hint cannot state the value', () => {
    const hinted = note({
      noteType: 'Cloze',
      fields: { Text: 'bind() fails with {{c1::an errno::EADDRINUSE}}.', 'Back Extra': '' },
      labs: ['l#c'],
    })
    expect(judgeNote(hinted, kernel).status).toBe('refuted')
  })

  it('the Front of a reversed card is an answer too, so a conflicting errno there refutes', () => {
    const reversed = note({
      noteType: 'Basic (and reversed card)',
      fields: { Front: 'EPERM on rebind', Back: 'EADDRINUSE' },
      labs: ['l#c'],
    })
    const verdict = judgeNote(reversed, kernel)
    expect(verdict.status).toBe('refuted')
    expect(verdict.reason).toBe(
      'l#c: card says EPERM, which no linked check showed (the kernel showed EADDRINUSE)',
    )
  })
})

describe("confirmed: every card's own answer was compared", () => {
  const kernel = published(errno('EADDRINUSE'))
  const judge = (noteType: string, fields: Record<string, string>, labs = ['l#c']) =>
    judgeNote(note({ noteType, fields, labs }), kernel)

  it('a reversed card whose Front states no value is supported, naming card 2', () => {
    const verdict = judge('Basic (and reversed card)', {
      Front: 'Rebinding a leftover socket file',
      Back: 'fails with EADDRINUSE',
    })
    expect(verdict.status).toBe('supported')
    expect(verdict.reason).toBe(
      'card 2 (Front): states none of the values the kernel showed, so that answer was not compared',
    )
    // Without the reverse, the Front is only a question.
    expect(
      judge('Basic (optional reversed card)', {
        Front: 'Rebinding',
        Back: 'EADDRINUSE',
        'Add Reverse': '',
      }).status,
    ).toBe('confirmed')
  })

  it('an Add Reverse the model makes no card for (no text once stripped, as Anki 2.1.15 reads it) leaves the Front a question', () => {
    // A link definition is text as written, and renders to nothing: the package makes no card 2.
    for (const addReverse of [
      '&nbsp;',
      '<span></span>',
      '<!-- y -->',
      '[y]: https://example.com',
    ]) {
      const verdict = judge('Basic (optional reversed card)', {
        Front: 'Does rebinding a leftover socket file fail with EPERM?',
        Back: 'EADDRINUSE',
        'Add Reverse': addReverse,
      })
      expect(verdict.status, `${addReverse}: ${verdict.reason}`).toBe('confirmed')
    }
  })

  it('a reversed card whose Back says nothing the kernel showed is supported, however wrong the Back', () => {
    const verdict = judgeNote(
      note({
        noteType: 'Basic (and reversed card)',
        fields: {
          Front: 'SO_PEERCRED',
          Back: 'An environment variable the client sets to any text it likes.',
        },
        labs: ['l#c'],
      }),
      published({ kind: 'name', value: 'SO_PEERCRED' }),
    )
    expect(verdict.status).toBe('supported')
    expect(verdict.reason).toContain('card 1 (Back): states none of the values')
  })

  it('a Cloze card whose deletion states no value is supported, naming it', () => {
    const verdict = judge('Cloze', {
      Text: '{{c1::bind()}} on a leftover file fails with {{c2::EADDRINUSE}}.',
      'Back Extra': 'EADDRINUSE, as the kernel shows',
    })
    expect(verdict.status).toBe('supported')
    expect(verdict.reason).toMatch(/^c1: states none of the values/)
    // A deletion holding a token rule 3 compared (here negated) was compared too.
    const contrasted = judgeNote(
      note({
        noteType: 'Cloze',
        fields: { Text: 'It gets {{c1::EAGAIN}}, not {{c2::ECONNREFUSED}}.', 'Back Extra': '' },
        labs: ['l#c'],
      }),
      published(errno('EAGAIN')),
    )
    expect(contrasted.status).toBe('confirmed')
  })
})

describe('a name the lab chose (input) compares nothing', () => {
  const peercred = (input: boolean) =>
    published(
      input
        ? { kind: 'name', value: 'SO_PEERCRED', input: true }
        : { kind: 'name', value: 'SO_PEERCRED' },
    )

  it('a card that states only it is supported, with the reason; a wrong claim about it is not confirmed', () => {
    const wrong = note({
      back: 'SO_PEERCRED: a pid the client picks, which the kernel never checks',
      labs: ['l#c'],
    })
    const verdict = judgeNote(wrong, peercred(true))
    expect(verdict.status).toBe('supported')
    expect(verdict.reason).toBe(
      'l#c: the card names SO_PEERCRED, which the lab used, not a value the kernel gave back, so what the card says of it was not compared',
    )
    expect(verdict.links[0]?.values[0]).toMatchObject({
      kernel: 'SO_PEERCRED',
      agrees: true,
      input: true,
    })
    // Published as something the kernel gave back, the same name confirms.
    expect(judgeNote(wrong, peercred(false)).status).toBe('confirmed')
  })

  it('must still be stated, and beside a value the kernel gave back the note is confirmed', () => {
    expect(judgeNote(note({ back: 'the pid', labs: ['l#c'] }), peercred(true)).status).toBe(
      'refuted',
    )
    const both = published(
      { kind: 'name', value: 'SO_PEERCRED', input: true },
      { kind: 'bool', value: 'yes', label: 'real pid' },
    )
    expect(
      judgeNote(note({ back: 'SO_PEERCRED gives the real pid', labs: ['l#c'] }), both).status,
    ).toBe('confirmed')
  })

  // A type-in card typed the name the lab chose, and was confirmed: the kernel gave back nothing
  // that answer was compared with.
  it.each([
    ['its values', undefined],
    ['its typed value', 'SO_PEERCRED'],
  ])('typed on a type-in card, it is supported when it is %s', (_, value) => {
    const typeIn = note({
      noteType: 'Basic (type in the answer)',
      back: 'SO_PEERCRED',
      labs: ['l#c'],
    })
    const input: ObservedValue = { kind: 'name', value: 'SO_PEERCRED', input: true }
    const verdict = judgeNote(
      typeIn,
      results(lab('l', 'pass', [check('c', 'pass', value, [input])])),
    )
    expect(verdict.status).toBe('supported')
    expect(verdict.reason).toBe(
      'l#c: the card names SO_PEERCRED, which the lab used, not a value the kernel gave back, so what the card says of it was not compared',
    )
    // A wrong name is still refuted.
    const wrong = { ...typeIn, fields: { Front: 'Question?', Back: 'SO_PASSCRED' } }
    const refuted = judgeNote(
      wrong,
      results(lab('l', 'pass', [check('c', 'pass', value, [input])])),
    )
    expect(refuted.status).toBe('refuted')
  })
})

describe('rule 3 needs every link known', () => {
  it('a value a skipped lab would have shown does not refute: the note is unverified', () => {
    const verdict = judgeNote(
      note({
        back: 'ENOENT for a missing path, EPROTONOSUPPORT for protocol 1',
        labs: ['a#c', 'b#d'],
      }),
      results(
        lab('a', 'pass', [check('c', 'pass', undefined, [errno('ENOENT')])]),
        lab('b', 'skip', [], 'no cc'),
      ),
    )
    expect(verdict.status).toBe('unverified')
    expect(verdict.reason).toBe('b#d: lab skipped: no cc')
  })

  it('values a whole lab linked beside a check published are no conflict', () => {
    const verdict = judgeNote(
      note({ back: 'EAGAIN at first, EPIPE once the peer closes', labs: ['a#c', 'b'] }),
      results(
        lab('a', 'pass', [check('c', 'pass', undefined, [errno('EAGAIN')])]),
        lab('b', 'pass', [check('d', 'pass', undefined, [errno('EPIPE')])]),
      ),
    )
    expect(verdict.status).toBe('confirmed')
  })
})

describe('supported: a passing check that publishes no value', () => {
  it('is supported, with the reason, and never confirmed', () => {
    const verdict = judgeNote(
      note({ back: 'anything at all', labs: ['l#c'] }),
      results(lab('l', 'pass', [check('c', 'pass')])),
    )
    expect(verdict.status).toBe('supported')
    expect(verdict.reason).toBe(
      "l#c: the check passed but publishes no value, so the card's text was not compared",
    )
    expect(countVerdicts([verdict])).toMatchObject({ confirmed: 0, supported: 1 })
  })

  it('beside a confirming link, leaves the note confirmed and says what was not compared', () => {
    const verdict = judgeNote(
      note({ back: 'EPIPE', labs: ['l#c', 'l#d'] }),
      results(lab('l', 'pass', [check('c', 'pass', 'EPIPE'), check('d', 'pass')])),
    )
    expect(verdict.status).toBe('confirmed')
    expect(verdict.links.map((link) => link.status)).toEqual(['confirmed', 'supported'])
    expect(verdict.reason).toContain('l#d: the check passed but publishes no value')
  })

  it('a yes/no value without a claim phrase compares nothing', () => {
    const verdict = judgeNote(
      note({ back: 'It blocks.', labs: ['l#c'] }),
      published({ kind: 'bool', value: 'yes' }),
    )
    expect(verdict.status).toBe('supported')
  })
})

describe('rule 4: a value named beside a denial or supposition the rules cannot bind', () => {
  const judge = (back: string, ...values: ObservedValue[]) =>
    judgeNote(note({ back, labs: ['l#c'] }), published(...values))
  const hello: ObservedValue = { kind: 'name', value: 'HELLO' }

  // "Students often answer ENOENT. They are wrong." was confirmed: the denial stood in a
  // clause of its own, and rule 4 looked in the value's clause only.
  it('a clause right after that is only a verdict on it frames the value too', () => {
    const enoent: ObservedValue = { kind: 'errno', value: 'ENOENT' }
    for (const back of [
      'Students often answer ENOENT. They are wrong.',
      'Many expect ENOENT, but that is a myth.',
      'ENOENT, which is simply not true.',
      'ENOENT? No.',
      'The textbook says ENOENT.\nWrong!',
    ]) {
      const verdict = judge(back, enoent)
      expect(verdict.status, back).toBe('supported')
      expect(verdict.reason).toContain('the card names ENOENT only beside')
    }
    // A claim followed by a verdict is stated neither way.
    const stays: ObservedValue = { kind: 'bool', value: 'yes', label: 'stays' }
    const claim = judge('Many think the file stays. They are wrong.', stays)
    expect(claim.status, claim.reason).toBe('supported')
    // Another clause, a verdict on something else, or one two clauses off frames nothing.
    expect(judge('It gives ENOENT, and a wrong path is the usual cause.', enoent).status).toBe(
      'confirmed',
    )
    expect(judge('It gives ENOENT, and TCP gives nothing. That is wrong.', enoent).status).toBe(
      'confirmed',
    )
    // A value the answer only asks about is not said: "Is it ENOENT? Think again." was confirmed.
    for (const back of ['Is it ENOENT? Think again.', 'ENOENT? Look closer at the path.']) {
      const asked = judge(back, enoent)
      expect(asked.status, back).toBe('supported')
      expect(asked.reason).toContain('the card names ENOENT only beside "?"')
    }
    expect(judge('Is it ENOENT? Yes.', enoent).status).toBe('confirmed')
    // The other value asked and denied refutes nothing, and keeps the note from confirmed (rule 4).
    expect(judge('Is it EPERM? No: it is ENOENT.', enoent).reason).toContain('EPERM only beside')
    // A claim the answer only asks about, or calls a joke, is stated neither way: a teacher's
    // "Does it stay? Think again." was confirmed for `stays`.
    for (const back of [
      'Does it stay? Think again.',
      'It is left behind? Hardly.',
      'It stays… just kidding.',
    ]) {
      const said = judge(back, { kind: 'bool', value: 'yes', label: 'stays | left behind' })
      expect(said.status, back).toBe('supported')
      expect(said.reason).toContain('the card states neither yes (stays | left behind) nor')
    }
    expect(judge('Does it stay? Yes.', stays).status).toBe('confirmed')
    // The verdict frames EPERM, which then refutes nothing but keeps the note from confirmed.
    const other = judge('It gives ENOENT. Many say EPERM; they are wrong.', enoent)
    expect(other.status).toBe('supported')
    expect(other.reason).toContain('EPERM only beside "wrong"')
  })

  it('is neither stated nor contradicted: the note is supported, with the word', () => {
    const verdict = judge('HELLO is what a client might send; the server sends nothing.', hello)
    expect(verdict.status).toBe('supported')
    expect(verdict.reason).toBe(
      'l#c: the card names HELLO only beside "might" in its clause, which may deny or suppose it and which the judge cannot bind, so that answer was not compared',
    )
    expect(verdict.links[0]?.values[0]).toMatchObject({
      card: 'HELLO (beside "might")',
      agrees: false,
    })
    for (const back of [
      'It is false that the server sends HELLO first.',
      'The server never sends anything like HELLO.',
      'HELLO is never what the server sends first.',
      'The server that starts never sends anything like HELLO.',
      'No server sends HELLO first.',
      'A client could send HELLO first.',
      'HELLO is the wrong answer.',
      'Sending HELLO first is incorrect.',
    ]) {
      expect([back, judge(back, hello).status]).toEqual([back, 'supported'])
    }
    const eagain = errno('EAGAIN')
    expect(
      judge('it is not true that a nonblocking connect fails at once with EAGAIN', eagain).status,
    ).toBe('supported')
  })

  it('a denial the rules bind elsewhere, or in another clause, leaves the value stated', () => {
    for (const [back, value] of [
      ['The server sends HELLO first.', hello],
      ['The server sends HELLO first; a client would never send HELLO.', hello],
      ['HELLO, which a client never sends.', hello],
      ['a path that does not exist gets ENOENT', errno('ENOENT')],
      ['a port with no listener gets ECONNREFUSED', errno('ECONNREFUSED')],
      ['a pid no process has gives ESRCH', errno('ESRCH')],
      ['It fails at once with EAGAIN where TCP would wait.', errno('EAGAIN')],
      ['It does not block and fails with EAGAIN.', errno('EAGAIN')],
      ['ECONNREFUSED not ENOENT', errno('ECONNREFUSED')],
      ['EAGAIN when nothing is queued', errno('EAGAIN')],
    ] as const) {
      expect([back, judge(back, value).status]).toEqual([back, 'confirmed'])
    }
    // A negation within reach still negates it: the card says not HELLO, which disagrees.
    expect(judge('The server does not send HELLO.', hello).reason).toBe(
      'l#c: card says not HELLO where the kernel showed HELLO',
    )
  })

  it('holds the note back from confirmed beside a link that is confirmed', () => {
    const verdict = judgeNote(
      note({
        back: 'It is false that a nonblocking connect fails at once with EAGAIN. TCP just waits.',
        labs: ['l#c', 'l#d'],
      }),
      results(
        lab('l', 'pass', [
          check('c', 'pass', undefined, [errno('EAGAIN')]),
          check('d', 'pass', undefined, [{ kind: 'bool', value: 'yes', label: 'waits' }]),
        ]),
      ),
    )
    expect(verdict.links.map((link) => link.status)).toEqual(['supported', 'confirmed'])
    expect(verdict.links[0]?.values[0]).toMatchObject({ framed: 'false', agrees: false })
    expect(verdict.status).toBe('supported')
  })

  // A myth-busting answer names the wrong value to deny it: that is not stating it.
  it('a value called wrong is not stated, so never confirms the card', () => {
    const refused = errno('ECONNREFUSED')
    expect(judge('`ECONNREFUSED` is wrong: it is not ECONNREFUSED.', refused).status).toBe(
      'refuted',
    )
    // Beside a value the kernel showed, the one called wrong is not compared, as with "might".
    expect(judge('ECONNREFUSED is wrong; connect() gives ENOENT.', errno('ENOENT')).status).toBe(
      'supported',
    )
    // The kernel's value named only so is not compared (rule 4 comes before a conflicting
    // token): not refuted, but never confirmed.
    expect(judge('ECONNREFUSED is wrong; connect() gives ENOENT.', refused).status).toBe(
      'supported',
    )
  })

  it('a conflicting token beside such a word refutes nothing, and is not compared', () => {
    const verdict = judge('It gives ENOENT; it might also give EPERM.', errno('ENOENT'))
    expect(verdict.status).toBe('supported')
    expect(verdict.reason).toContain('the card names EPERM only beside "might"')
    expect(judge('It gives ENOENT; it also gives EPERM.', errno('ENOENT')).status).toBe('refuted')
  })

  it('a question is not read so: "Could connect() give ENOENT?" answered Yes states it', () => {
    const verdict = judgeNote(
      note({ fields: { Front: 'Could connect() give ENOENT here?', Back: 'Yes.' }, labs: ['l#c'] }),
      published(errno('ENOENT')),
    )
    expect(verdict.status).toBe('confirmed')
  })
})

describe('value kinds', () => {
  const judge = (back: string, ...values: ObservedValue[]) =>
    judgeNote(note({ back, labs: ['l#c'] }), published(...values))

  it('errno: stated only un-negated; a contrasted errno is not a conflict', () => {
    expect(judge('EAGAIN at once, not ECONNREFUSED', errno('EAGAIN')).status).toBe('confirmed')
    expect(judge('it does not give EAGAIN', errno('EAGAIN')).status).toBe('refuted')
    expect(judge('EAGAIN; a blocking one gets ECONNREFUSED', errno('EAGAIN')).status).toBe(
      'refuted',
    )
    expect(judge('EOF, then EAGAIN', errno('EAGAIN')).status).toBe('confirmed')
    // `no` binds the next word only; cloze markup is not a clause end.
    expect(judge('a port with no listener gets ECONNREFUSED', errno('ECONNREFUSED')).status).toBe(
      'confirmed',
    )
    expect(judge('neither ENOENT nor EPERM, but EAGAIN', errno('EAGAIN')).status).toBe('confirmed')
    // What follows `but` is affirmed: the negation before it does not reach past it.
    expect(judge('New connects get not ECONNREFUSED but EAGAIN', errno('EAGAIN')).status).toBe(
      'confirmed',
    )
    expect(judge('not EAGAIN but ECONNREFUSED', errno('EAGAIN')).status).toBe('refuted')
    const cloze = (text: string) =>
      judgeNote(
        note({ noteType: 'Cloze', fields: { Text: text, 'Back Extra': '' }, labs: ['l#c'] }),
        published(errno('EAGAIN')),
      ).status
    expect(cloze('It gets {{c1::EAGAIN}}, not {{c2::ECONNREFUSED}}.')).toBe('confirmed')
    expect(cloze('It does not get {{c1::EAGAIN}}.')).toBe('refuted')
  })

  it('errno: a verb negated in a subordinate clause before it does not negate it', () => {
    const missing = errno('ENOENT')
    expect(judge('a path that does not exist gets ENOENT', missing).status).toBe('confirmed')
    expect(judge("a connect() to a path which doesn't exist gets ENOENT", missing).status).toBe(
      'confirmed',
    )
    // The value right after the negated verb is still negated, in a subordinate clause too.
    expect(judge('a call that does not give ENOENT', missing).status).toBe('refuted')
    expect(judge('connect() does not ever give ENOENT', missing).status).toBe('refuted')
  })

  it('number: separators and units; a different count of the same unit conflicts', () => {
    const sun: ObservedValue = { kind: 'number', value: '108 bytes', label: 'sun_path' }
    // Another unit does not state it; a word that is no unit is no matter.
    expect(judge('108 kilobytes.', sun).status).toBe('refuted')
    expect(judge('108 kilobytes.', sun).reason).toBe('l#c: card does not state 108 bytes')
    expect(judge('108 on Linux.', sun).status).toBe('confirmed')
    // A count published beside its rule: `n - 1` states the 1 but not the rule.
    const rule = (text: string) =>
      judgeNote(
        note({ noteType: 'Cloze', fields: { Text: text, 'Back Extra': '' }, labs: ['l#c'] }),
        published({ kind: 'number', value: '1' }, { kind: 'name', value: 'n + 1' }),
      ).status
    expect(rule('listen(fd, n) lets {{c1::n + 1}} connections wait')).toBe('confirmed')
    expect(rule('listen(fd, n) lets {{c1::n - 1}} connections wait')).toBe('refuted')
    const sndbuf: ObservedValue = { kind: 'number', value: '212992 bytes', label: 'SO_SNDBUF' }
    expect(judge('212,992 bytes by default', sndbuf).status).toBe('confirmed')
    expect(judge('212992 (minus 32 bytes of overhead)', sndbuf).status).toBe('refuted')
    expect(judge('212993 bytes', sndbuf).reason).toBe(
      'l#c: card says 212993 where the kernel showed 212992 bytes',
    )
    const count: ObservedValue = { kind: 'number', value: '10' }
    expect(judge('10, raised to 512 by systemd', count).status).toBe('confirmed')
    expect(judge('11', count).status).toBe('refuted')
    expect(judge('-10', count).status).toBe('refuted')
    expect(judge('ten', count).status).toBe('confirmed')
    expect(judge('eleven', count).status).toBe('refuted')
  })

  // `108<rt>x</rt>` read "108x" and `2<sup>16</sup>` read 216: one token each, so a right card was refuted.
  it('a ruby gloss, a superscript or a subscript is read apart from the number it stands by', () => {
    const sun: ObservedValue = { kind: 'number', value: '108 bytes', label: 'sun_path' }
    expect(judge('<ruby>108<rt>x</rt></ruby> bytes', sun).status).toBe('confirmed')
    // 108 in base 10 is 108, not 10810; 2 to the 16th is not 216.
    expect(judge('108<sub>10</sub> bytes', sun).status).toBe('confirmed')
    const glued: ObservedValue = { kind: 'number', value: '10810' }
    expect(judge('108<sub>10</sub>', glued).status).toBe('refuted')
    const window: ObservedValue = { kind: 'number', value: '216', label: 'window' }
    expect(judge('2<sup>16</sup>', window).status).toBe('refuted')
  })

  it('mode: octal with or without a leading zero, or rwx; another 0NNN conflicts', () => {
    const mode: ObservedValue = { kind: 'mode', value: '0755' }
    expect(judge('0755', mode).status).toBe('confirmed')
    expect(judge('mode 755 (srwxr-xr-x)', mode).status).toBe('confirmed')
    expect(judge('rwxr-xr-x', mode).status).toBe('confirmed')
    expect(judge('0777', mode).status).toBe('refuted')
    expect(judge('0755, or 0777 with umask 0', mode).status).toBe('refuted')
  })

  it('name: whole word, case kept; other names beside it are its subject, not a conflict', () => {
    const trunc: ObservedValue = { kind: 'name', value: 'MSG_TRUNC' }
    expect(judge('recv() sets MSG_TRUNC in msg_flags', trunc).status).toBe('confirmed')
    expect(judge('recv() sets MSG_TRUNCATED', trunc).status).toBe('refuted')
    expect(judge('recv() sets msg_trunc', trunc).status).toBe('refuted')
    expect(judge('MSG_TRUNC, unlike MSG_PEEK', trunc).status).toBe('confirmed')
    expect(judge('MSG_TRUNC with SO_SNDBUF', trunc).status).toBe('confirmed')
    const phrase: ObservedValue = { kind: 'name', value: 'n + 1' }
    expect(judge('N + 1 connections', phrase).status).toBe('confirmed')
    expect(judge('n connections', phrase).status).toBe('refuted')
  })

  it('a name negated after it, as what does not show up, is not stated', () => {
    const trunc: ObservedValue = { kind: 'name', value: 'MSG_TRUNC' }
    expect(judge('MSG_TRUNC is never set', trunc).reason).toBe(
      'l#c: card says not MSG_TRUNC where the kernel showed MSG_TRUNC',
    )
    for (const back of [
      'MSG_TRUNC is not returned in msg_flags.',
      'MSG_TRUNC isn\u2019t reported.',
      'MSG_TRUNC never appears.',
      'The MSG_TRUNC flag does not get set.',
      'Note that MSG_TRUNC will never be set.',
    ]) {
      expect([back, judge(back, trunc).status]).toEqual([back, 'refuted'])
    }
    const cloze = judgeNote(
      note({
        noteType: 'Cloze',
        fields: {
          Text: 'recv() with a short buffer: {{c1::MSG_TRUNC}} is never set.',
          'Back Extra': '',
        },
        labs: ['l#c'],
      }),
      published(trunc),
    )
    expect(cloze.status).toBe('refuted')
    // A verb that does not say it is missing, or the name as the object in a subordinate clause:
    // not negated, but a negation after it in its clause may deny it (rule 4), so not compared.
    expect(judge('MSG_TRUNC is set and never cleared.', trunc).status).toBe('confirmed')
    expect(judge('MSG_TRUNC is never cleared by recv().', trunc).status).toBe('supported')
    expect(judge('A datagram that gets MSG_TRUNC is not delivered whole.', trunc).status).toBe(
      'supported',
    )
    const refused = errno('ECONNREFUSED')
    // The negation after a name, and a conflicting name the card says does not show up.
    expect(judge('ECONNREFUSED is never returned.', refused).status).toBe('refuted')
    expect(judge('ECONNREFUSED; ENOENT is never returned.', refused).status).toBe('confirmed')
    // A contrast or a negated verb after `and` says nothing of the name before it.
    expect(judge('ECONNREFUSED, not ENOENT.', refused).status).toBe('confirmed')
    expect(judge('ECONNREFUSED not ENOENT.', refused).status).toBe('confirmed')
    expect(judge('connect() returns ECONNREFUSED and never blocks.', refused).status).toBe(
      'confirmed',
    )
    expect(judge('connect() returns ECONNREFUSED; it never blocks.', refused).status).toBe(
      'confirmed',
    )
  })

  it('bool: the label is the claim phrase; yes needs it stated, no needs it negated', () => {
    const blocks: ObservedValue = { kind: 'bool', value: 'yes', label: 'blocks | waits' }
    expect(judge('A blocking connect() waits.', blocks).status).toBe('confirmed')
    expect(judge('It does not block.', blocks).status).toBe('refuted')
    expect(judge('It never waits.', blocks).status).toBe('refuted')
    // Not stating the claim either way is not disagreeing: not compared.
    expect(judge('It returns at once.', blocks).reason).toBe(
      'l#c: the card states neither yes (blocks | waits) nor its negation, so that claim was not compared',
    )
    expect(judge('It returns at once.', blocks).status).toBe('supported')
    const stays: ObservedValue = { kind: 'bool', value: 'no', label: 'removed' }
    expect(judge('The file is not removed.', stays).status).toBe('confirmed')
    expect(judge('The file isn\u2019t removed.', stays).status).toBe('confirmed')
    expect(judge('The file is removed.', stays).status).toBe('refuted')
    expect(judge('The file is no longer removed.', stays).status).toBe('confirmed')
    expect(judge('Not closed; the file is removed.', stays).status).toBe('refuted')
  })

  // The auditor's wrong answers: a claim limited by `only`, `usually`, … states it neither way.
  it('reads a claim limited by a hedge (`only when`, `usually`, a clause opening with `only`) as not stated', () => {
    const stays: ObservedValue = { kind: 'bool', value: 'yes', label: 'stays' }
    const newNumber: ObservedValue = { kind: 'bool', value: 'yes', label: 'new number' }
    const socketpair: ObservedValue = { kind: 'bool', value: 'yes', label: 'socketpair' }
    const hedged = [
      judge('close() removes it; the file stays only when the server is killed.', stays),
      judge(
        'Usually the same number; it gets a new number only when that one is taken.',
        newNumber,
      ),
      judge('An ordinary pipe. Only the ipc channel of fork() is a socketpair.', socketpair),
      judge('The file usually stays.', stays),
    ]
    for (const verdict of hedged) {
      expect(verdict.status, verdict.reason).toBe('supported')
      expect(verdict.reason).toMatch(/states neither yes \(.*\) nor its negation/)
    }
    // The claim's own words do not hedge it, and a hedge in another clause does not either.
    const onlyOwner: ObservedValue = { kind: 'bool', value: 'yes', label: 'only the owner' }
    expect(judge('By default only the owner can connect.', onlyOwner).status).toBe('confirmed')
    expect(judge('The file stays; only unlink() removes it.', stays).status).toBe('confirmed')
    // `rather than` reaches one word further: `rather than using the exact length`.
    const exact: ObservedValue = { kind: 'bool', value: 'yes', label: 'exact length' }
    expect(judge('It pads the name rather than using the exact length.', exact).status).toBe(
      'refuted',
    )
  })

  it("a negation reaches across a call's () and a finished aside in parentheses", () => {
    const unlinks: ObservedValue = { kind: 'bool', value: 'yes', label: 'unlinks' }
    const stays: ObservedValue = { kind: 'bool', value: 'yes', label: 'stays' }
    const faster: ObservedValue = { kind: 'bool', value: 'yes', label: 'faster' }
    // The tester's wrong answers: the negation sat before a call or an aside.
    expect(
      judge('Never: not even server.close() unlinks the file it created.', unlinks).reason,
    ).toBe('l#c: card says not unlinks where the kernel showed yes (unlinks)')
    expect(
      judge("The file doesn't (unlike the kernel socket) stay in the directory.", stays).status,
    ).toBe('refuted')
    expect(judge("Round trips aren't (in practice) faster.", faster).status).toBe('refuted')
    expect(judge('server.close() unlinks the file.', unlinks).status).toBe('confirmed')
    // A negation inside an aside reaches nothing outside it, and a word inside an
    // aside still open is not reached by a negation before it.
    expect(judge('The file (not the socket) stays.', stays).status).toBe('confirmed')
    expect(
      judge('Each message arrives whole (no framing, unlike a stream) and stays.', stays).status,
    ).toBe('confirmed')
    expect(judge('connect() (never bind()) gives ECONNREFUSED', errno('ECONNREFUSED')).status).toBe(
      'confirmed',
    )
    expect(judge('A nonblocking connect does not wait (EAGAIN).', errno('EAGAIN')).status).toBe(
      'confirmed',
    )
    // After a name too: an aside between it and its negated verb.
    const trunc: ObservedValue = { kind: 'name', value: 'MSG_TRUNC' }
    expect(judge('MSG_TRUNC (the flag in msg_flags) is never set.', trunc).status).toBe('refuted')
    expect(judge('MSG_TRUNC is set (never cleared).', trunc).status).toBe('confirmed')
  })

  it('bool: a claim word in another form of the same word states the claim, another word does not', () => {
    const padded: ObservedValue = { kind: 'bool', value: 'yes', label: 'padded' }
    expect(judge('Node pads the name with NULs to the full 108 bytes.', padded).status).toBe(
      'confirmed',
    )
    expect(judge('Node is padding the name with NULs.', padded).status).toBe('confirmed')
    expect(judge('Node does not pad the name.', padded).status).toBe('refuted')
    // Another word that starts the same is not a form of it.
    expect(judge('Node hands the name over like a paddle.', padded).reason).toBe(
      'l#c: the card states neither yes (padded) nor its negation, so that claim was not compared',
    )
    const discarded: ObservedValue = { kind: 'bool', value: 'yes', label: 'discarded' }
    expect(judge('The kernel discards the rest of the datagram.', discarded).status).toBe(
      'confirmed',
    )
    expect(judge('The kernel never discards the rest.', discarded).status).toBe('refuted')
    expect(judge('The rest is a discardable copy.', discarded).status).toBe('supported')
    // e → ed, -es, y → ies, and every word of a phrase.
    const queued: ObservedValue = { kind: 'bool', value: 'yes', label: 'stays queued' }
    expect(judge('The unread bytes stay queued.', queued).status).toBe('confirmed')
    expect(judge('The rest stayed queued.', queued).status).toBe('confirmed')
    const refuses: ObservedValue = { kind: 'bool', value: 'yes', label: 'refuses' }
    expect(judge('Python refused the path.', refuses).status).toBe('confirmed')
    expect(judge('Python is refusing it.', refuses).status).toBe('confirmed')
    const retries: ObservedValue = { kind: 'bool', value: 'yes', label: 'retries' }
    expect(judge('The client retried.', retries).status).toBe('confirmed')
    expect(judge('The client will retry.', retries).status).toBe('confirmed')
    // Function words keep their form: `can` is not `cans`.
    expect(wordForms('can')).toEqual(['can'])
    expect(wordForms('pad')).toEqual(expect.arrayContaining(['pad', 'pads', 'padded', 'padding']))
    expect(wordForms('padded')).not.toContain('paddle')
    expect(wordForms('status')).not.toContain('statu')
    expect(wordForms('address')).not.toContain('addres')
  })

  it('bool: a claim stated neither way is not compared; an opposite word states it negated', () => {
    const stays: ObservedValue = { kind: 'bool', value: 'yes', label: 'stays' }
    const faster: ObservedValue = { kind: 'bool', value: 'yes', label: 'faster' }
    const send: ObservedValue = { kind: 'bool', value: 'yes', label: 'can still send' }
    // The tester's correct rewordings: another word, so nothing the kernel contradicts.
    expect(judge('Nothing: the file remains in the directory.', stays).status).toBe('supported')
    expect(judge('Round trips take less time.', faster).status).toBe('supported')
    expect(judge('The other side is still able to send.', send).status).toBe('supported')
    // The opposite word, plainly: the card says the other thing.
    expect(judge('The file disappears.', stays).reason).toBe(
      'l#c: card says disappears where the kernel showed yes (stays)',
    )
    expect(judge('Round trips are slower.', faster).status).toBe('refuted')
    expect(judge('The other side can no longer send.', send).status).toBe('refuted')
    const tell: ObservedValue = { kind: 'bool', value: 'yes', label: 'cannot tell' }
    expect(judge('The reader can tell who wrote which bytes.', tell).status).toBe('refuted')
    const eof: ObservedValue = { kind: 'bool', value: 'yes', label: 'never reads EOF' }
    expect(judge('The parent always reads EOF.', eof).status).toBe('refuted')
    // A negated opposite says neither; the phrase itself, when there, decides alone.
    expect(judge('Round trips are not slower.', faster).status).toBe('supported')
    expect(judge('UDS round trips are faster; TCP ones are slower.', faster).status).toBe(
      'confirmed',
    )
    const gone: ObservedValue = { kind: 'bool', value: 'no', label: 'stays' }
    expect(judge('The file disappears.', gone).status).toBe('confirmed')
  })

  it('bool: a claim stated neither way keeps the note from confirmed beside a confirming link', () => {
    const both = results(
      lab('l', 'pass', [
        check('c', 'pass', undefined, [{ kind: 'errno', value: 'EAGAIN' }]),
        check('d', 'pass', undefined, [{ kind: 'bool', value: 'yes', label: 'waits' }]),
      ]),
    )
    const verdict = judgeNote(note({ back: 'EAGAIN at once.', labs: ['l#c', 'l#d'] }), both)
    expect(verdict.status).toBe('supported')
    expect(verdict.reason).toBe(
      'l#d: the card states neither yes (waits) nor its negation, so that claim was not compared',
    )
    // In one check beside a value the card gets wrong, only the disagreement is told.
    const one = results(
      lab('l', 'pass', [
        check('c', 'pass', undefined, [
          { kind: 'errno', value: 'EAGAIN' },
          { kind: 'bool', value: 'yes', label: 'waits' },
        ]),
      ]),
    )
    const wrong = judgeNote(note({ back: 'ECONNREFUSED at once.', labs: ['l#c'] }), one)
    expect(wrong.status).toBe('refuted')
    expect(wrong.reason).toBe('l#c: card says ECONNREFUSED where the kernel showed EAGAIN')
  })

  it('bool: another form of a claim word inside a hyphenated compound is another word', () => {
    // `out-of-order` and `non-blocking` say the opposite of `ordered` and `blocks`.
    const ordered: ObservedValue = { kind: 'bool', value: 'yes', label: 'ordered' }
    expect(judge('Datagrams never arrive out-of-order.', ordered).reason).toBe(
      'l#c: the card states neither yes (ordered) nor its negation, so that claim was not compared',
    )
    expect(judge('Datagrams are never ordered.', ordered).status).toBe('refuted')
    const blocks: ObservedValue = { kind: 'bool', value: 'no', label: 'blocks' }
    expect(judge('It fails at once: the socket is non-blocking.', blocks).reason).toBe(
      'l#c: the card states neither no (blocks) nor its negation, so that claim was not compared',
    )
    // The label as written still counts inside a compound, as it always did.
    const writable: ObservedValue = { kind: 'bool', value: 'yes', label: 'writable' }
    expect(judge('The file is world-writable.', writable).status).toBe('confirmed')
  })

  it('bool: a subject with no negates the claim after it, but not after a preposition', () => {
    const stays: ObservedValue = { kind: 'bool', value: 'yes', label: 'stays' }
    expect(judge('No file stays behind: close() unlinks it.', stays).status).toBe('refuted')
    expect(judge('Nothing stays behind.', stays).status).toBe('refuted')
    const refuses: ObservedValue = { kind: 'bool', value: 'yes', label: 'refuses' }
    expect(judge('A path with no listener refuses the connection.', refuses).status).toBe(
      'confirmed',
    )
    expect(judge('It refuses it.', refuses).status).toBe('confirmed')
    // Across an aside between commas.
    const connects: ObservedValue = { kind: 'bool', value: 'yes', label: 'can connect' }
    expect(judge('Nobody, not even root, can connect to it.', connects).status).toBe('refuted')
    expect(judge('No user, root included, can connect to it.', connects).status).toBe('refuted')
    expect(judge('Root, like any user, can connect to it.', connects).status).toBe('confirmed')
  })

  it('bool: a verb negation earlier in its clause negates the claim, however far back', () => {
    const password: ObservedValue = { kind: 'bool', value: 'no', label: 'password' }
    expect(judge('The server never asks the client for a password.', password).status).toBe(
      'confirmed',
    )
    expect(
      judge('The bus does not ask the connecting client for a password.', password).status,
    ).toBe('confirmed')
    expect(
      judge('It checks the uid and never asks the client for a password.', password).status,
    ).toBe('confirmed')
    expect(judge('The server asks the client for a password.', password).status).toBe('refuted')
    // Another clause joined on, or a subordinate clause the negation may belong to: not negated.
    expect(judge('It never waits and asks the client for a password.', password).status).toBe(
      'refuted',
    )
    expect(
      judge('A bus that never restarts asks the client for a password.', password).status,
    ).toBe('refuted')
    expect(judge('It never waits but asks the client for a password.', password).status).toBe(
      'refuted',
    )
    const refuses: ObservedValue = { kind: 'bool', value: 'yes', label: 'refuses' }
    expect(judge('A path that never had a listener refuses it.', refuses).status).toBe('confirmed')
  })

  it('bool: a yes/no question naming the claim phrase is answered by a leading Yes or No', () => {
    const needs: ObservedValue = { kind: 'bool', value: 'no', label: 'need write permission' }
    const asked = (back: string) =>
      judgeNote(
        note({
          fields: { Front: 'Does root need write permission on a socket file?', Back: back },
          labs: ['l#c'],
        }),
        published(needs),
      )
    expect(asked('No: root bypasses the permission check.').status).toBe('confirmed')
    expect(asked('Yes: root bypasses nothing.').status).toBe('refuted')
    expect(asked('No, though it does need write permission.').status).toBe('refuted')
    expect(asked('No: root bypasses the permission check.').links[0]?.values[0]?.card).toBe('No')
    // Without the phrase in the question, a bare No binds nothing: the claim was not compared.
    const unasked = judgeNote(
      note({ fields: { Front: 'Is root special?', Back: 'No.' }, labs: ['l#c'] }),
      published(needs),
    )
    expect(unasked.status).toBe('supported')
  })

  // "When …, are the extra ones closed?" was not read as a yes/no question: its No was not
  // compared, and a wrong "Yes" stayed supported instead of refuted.
  it('bool: a yes/no question may open with a clause that sets the scene', () => {
    const closed: ObservedValue = { kind: 'bool', value: 'yes', label: 'closed' }
    const asked = (front: string, back: string) =>
      judgeNote(note({ fields: { Front: front, Back: back }, labs: ['l#c'] }), published(closed))
    const front = 'When the receiver gives too small a buffer, are the extra descriptors closed?'
    expect(asked(front, 'Yes, and MSG_CTRUNC is set.').status).toBe('confirmed')
    expect(asked(front, 'No, they stay open in the sender.').status).toBe('refuted')
    expect(asked('On Linux, is the extra descriptor closed?', 'No.').status).toBe('refuted')
    // A clause that does not set a scene ("Which …, …") leaves the question open: No answers nothing.
    const which = asked('Which descriptors, the first or the extra, are closed?', 'No.')
    expect(which.status).toBe('supported')
  })

  // "No, it stays." to "Does the socket file disappear?" was supported: the question names the
  // claim's opposite, so its No states the claim as plainly as "Yes" to "Does it stay?".
  it('bool: a yes/no question naming an opposite of the claim phrase is answered the other way', () => {
    const stays: ObservedValue = { kind: 'bool', value: 'yes', label: 'stays' }
    const asked = (front: string, back: string) =>
      judgeNote(note({ fields: { Front: front, Back: back }, labs: ['l#c'] }), published(stays))
    const disappear = 'Does the socket file disappear when the server exits?'
    expect(asked(disappear, 'No, it stays.').status).toBe('confirmed')
    expect(asked(disappear, 'No.').status).toBe('confirmed')
    const yes = asked(disappear, 'Yes, it stays.')
    expect(yes.status).toBe('refuted')
    expect(yes.links[0]?.values[0]?.card).toBe('Yes (disappear), stays')
    expect(asked(disappear, 'Yes.').status).toBe('refuted')
    // The claim's value no: a Yes to its opposite says it.
    const gone = { ...stays, value: 'no' }
    const goneNote = note({ fields: { Front: disappear, Back: 'Yes.' }, labs: ['l#c'] })
    expect(judgeNote(goneNote, published(gone)).status).toBe('confirmed')
    // A negated opposite in the question asks neither way.
    const unasked = asked('Does the socket file not disappear?', 'No.')
    expect(unasked.status).toBe('supported')
  })

  // "No, it stays." to "Is the socket file removed?" stays supported, for a reason: nothing tells
  // the judge that "removed" is the opposite of "stays", so the No answers a question it cannot
  // relate to the claim, and "Yes, it stays." (a card that contradicts itself) reads the same.
  // Confirming the one would confirm the other.
  it('bool: a Yes/No to a question naming neither the claim nor an opposite is not compared, whatever follows', () => {
    const stays: ObservedValue = { kind: 'bool', value: 'yes', label: 'stays' }
    const removed = (back: string) =>
      judgeNote(
        note({
          fields: { Front: 'Is the socket file removed on exit?', Back: back },
          labs: ['l#c'],
        }),
        published(stays),
      )
    for (const back of ['No, it stays.', 'Yes, it stays.']) {
      const verdict = removed(back)
      expect(verdict.status, back).toBe('supported')
      expect(verdict.reason).toContain('names no claim a linked check published')
    }
    // Without the leading word the answer states the claim, and is compared.
    expect(removed('It stays.').status).toBe('confirmed')
    expect(removed('It does not stay.').status).toBe('refuted')
  })

  // "Yes." to "Does … give ENOENT?" was refuted ("card does not state ENOENT"), though it says
  // just that: the question asks about the value, the leading Yes/No answers it.
  it('errno, number, mode: a yes/no question naming the value alone is answered by a leading Yes or No', () => {
    const asked = (front: string, back: string, value: ObservedValue) =>
      judgeNote(note({ fields: { Front: front, Back: back }, labs: ['l#c'] }), published(value))
    const enoent: ObservedValue = { kind: 'errno', value: 'ENOENT' }
    const question = 'Does connect() to a missing path fail with ENOENT?'
    expect(asked(question, 'Yes.', enoent).status).toBe('confirmed')
    expect(asked(question, 'Yes.', enoent).links[0]?.values[0]?.card).toBe('Yes (ENOENT)')
    expect(asked(question, 'Yes, ENOENT: no file there.', enoent).status).toBe('confirmed')
    const denied = asked(question, 'No.', enoent)
    expect(denied.status).toBe('refuted')
    expect(denied.links[0]?.reason).toContain('card says No (not ENOENT) where the kernel showed')
    // A question naming another value of the kind too asks which: its Yes states nothing.
    expect(asked('Does it give ENOENT or ECONNREFUSED?', 'Yes.', enoent).status).toBe('refuted')
    // A question asking about another value alone: Yes says that value, which conflicts; No
    // denies it and says nothing of the kernel's, so it is not compared (it was refuted).
    const yes = asked('Does it give ECONNREFUSED?', 'Yes.', enoent)
    expect(yes.status).toBe('refuted')
    expect(yes.links[0]?.reason).toContain('card says Yes (ECONNREFUSED) where the kernel showed')
    const no = asked('Does it give ECONNREFUSED?', 'No.', enoent)
    expect(no.status).toBe('supported')
    expect(no.links[0]?.reason).toContain(
      'the card answers No to a question asking about ECONNREFUSED, which denies that but does not state ENOENT',
    )
    expect(asked('Does it give ECONNREFUSED?', 'No, ENOENT.', enoent).status).toBe('confirmed')
    const minusOne: ObservedValue = { kind: 'number', value: '-1' }
    expect(asked('Does send() return -1 here?', 'Yes.', minusOne).status).toBe('confirmed')
    expect(asked('Does send() return -1 here?', 'No.', minusOne).status).toBe('refuted')
    const mode: ObservedValue = { kind: 'mode', value: '0755' }
    expect(asked('Is the socket file created with mode 0755?', 'Yes.', mode).status).toBe(
      'confirmed',
    )
    // Not a yes/no question: a bare Yes answers nothing.
    expect(asked('What does connect() give: ENOENT?', 'Yes.', enoent).status).toBe('refuted')
  })

  it('order: every item, first mentioned in that order', () => {
    const order: ObservedValue = { kind: 'order', value: 'a < b < c' }
    expect(judge('Reads a, then b, then c.', order).status).toBe('confirmed')
    expect(judge('Reads b, then a, then c.', order).status).toBe('refuted')
    expect(judge('Reads a and c.', order).status).toBe('refuted')
  })

  it("a check's typed values supersede its legacy value, which is then only the type-in answer", () => {
    const both = results(
      lab('l', 'pass', [
        check('c', 'pass', '0 < 1 < 2', [{ kind: 'bool', value: 'yes', label: 'in order' }]),
      ]),
    )
    expect(judgeNote(note({ back: 'They arrive in order.', labs: ['l#c'] }), both).status).toBe(
      'confirmed',
    )
    // A legacy value alone is compared, typed by its shape: here an order.
    const legacy = results(lab('l', 'pass', [check('c', 'pass', '0 < 1 < 2')]))
    expect(judgeNote(note({ back: 'They arrive in order.', labs: ['l#c'] }), legacy).status).toBe(
      'refuted',
    )
    expect(judgeNote(note({ back: 'Read 0, then 1, then 2.', labs: ['l#c'] }), legacy).status).toBe(
      'confirmed',
    )
  })

  it('every published value must be stated, and each is shown beside what the card says', () => {
    const verdict = judge(
      'EAGAIN after 11 datagrams',
      errno('EAGAIN'),
      { kind: 'number', value: '11 datagrams' },
      { kind: 'number', value: '10', label: 'max_dgram_qlen' },
    )
    expect(verdict.status).toBe('refuted')
    expect(verdict.links[0]?.values).toEqual([
      { kind: 'errno', label: null, kernel: 'EAGAIN', card: 'EAGAIN', agrees: true },
      { kind: 'number', label: null, kernel: '11 datagrams', card: '11', agrees: true },
      { kind: 'number', label: 'max_dgram_qlen', kernel: '10', card: '11', agrees: false },
    ])
  })
})

describe('text in a colour verify cannot read is not confirmed', () => {
  const kernel = published(errno('EADDRINUSE'))
  const judge = (noteType: string, fields: Record<string, string>) =>
    judgeNote(note({ noteType, fields, labs: ['l#c'] }), kernel)

  it('is supported, naming the colour, whatever Chromium draws it in', () => {
    // Chromium draws each of these white: on the card's white the first hides the answer.
    for (const style of [
      'color: rgb(from white r g b)',
      'color: white; background: color(srgb 0 0 0)',
      'color: black; background: color(srgb 0 0 0)',
      'color: white; background-color: color-mix(in srgb, black, black)',
      'color: black; background: light-dark(white, black)',
      'color: white; background-image: var(--x, linear-gradient(black, black))',
    ]) {
      const verdict = judge('Basic', {
        Front: 'Rebinding a leftover socket file gives?',
        Back: `<span style="${style}">EADDRINUSE</span>`,
      })
      expect(verdict.status, style).toBe('supported')
      expect(verdict.reason, style).toContain('a colour verify cannot read')
      expect(verdict.reason, style).toMatch(/^the Back: text in `(?:color|background)/)
    }
  })

  it('names each card whose answer is in one, a Cloze deletion too', () => {
    const reversed = judge('Basic (and reversed card)', {
      Front: '<span style="color: rgb(from white r g b)">EADDRINUSE</span>',
      Back: 'EADDRINUSE',
    })
    expect(reversed.status).toBe('supported')
    expect(reversed.reason).toContain(
      'card 2 (Front): text in `color: rgb(from white r g b)`, a colour verify cannot read, so whether the card shows it was not compared',
    )
    const cloze = judge('Cloze', {
      Text: 'It fails with <span style="background: var(--x, white); color: white">{{c1::EADDRINUSE}}</span>.',
      'Back Extra': '',
    })
    expect(cloze.status).toBe('supported')
    expect(cloze.reason).toContain('c1: text in `background: var(--x, white)`')
  })

  it('names the colour of each card, where the cards are in different ones', () => {
    const reversed = judge('Basic (and reversed card)', {
      Front: '<span style="color: rgb(from white r g b)">EADDRINUSE</span>',
      Back: '<span style="color: black; background: color(srgb 0 0 0)">EADDRINUSE</span>',
    })
    expect(reversed.status).toBe('supported')
    expect(reversed.reason).toContain(
      'card 1 (Back): text in `background: color(srgb 0 0 0)`; card 2 (Front): text in `color: rgb(from white r g b)`, colours verify cannot read, so whether the card shows it was not compared',
    )
    const same = judge('Basic (and reversed card)', {
      Front: '<span style="color: rgb(from white r g b)">EADDRINUSE</span>',
      Back: '<span style="color: rgb(from white r g b)">EADDRINUSE</span>',
    })
    expect(same.reason).toContain(
      'card 1 (Back), card 2 (Front): text in `color: rgb(from white r g b)`, a colour verify cannot read',
    )
  })

  it("reads the colours decklab's sheet gives highlight.js's classes, which a field may use too", () => {
    // On `.hljs-addition`'s light green, text in that green shows nothing.
    const hidden = judge('Basic', {
      Front: 'Rebinding gives?',
      Back: '<span class="hljs-addition" style="color: #dafbe1">EADDRINUSE</span>',
    })
    expect(hidden.status).toBe('refuted')
    expect(hidden.reason).toBe('l#c: card does not state EADDRINUSE')
    // A token's own colour shows in text whose colour does not.
    const shown = judge('Basic', {
      Front: 'Rebinding gives?',
      Back: '<span style="color: white"><span class="hljs-keyword">EADDRINUSE</span></span>',
    })
    expect(shown.status, shown.reason).toBe('confirmed')
  })

  it('leaves a colour it reads, or one on no shown text, confirmed', () => {
    for (const back of [
      '<span style="color: white; background: black">EADDRINUSE</span>',
      'EADDRINUSE<span style="color: rgb(from white r g b); display: none">x</span>',
      'EADDRINUSE<span style="color: rgb(from white r g b)"> </span>',
    ]) {
      const verdict = judge('Basic', { Front: 'Rebinding gives?', Back: back })
      expect(verdict.status, `${back}: ${verdict.reason}`).toBe('confirmed')
    }
  })
})
