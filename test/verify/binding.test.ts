/**
 * The tester's wrong answers (notes/NN:line of the course, answer edited):
 * each stated every published value somewhere and was confirmed. Each value
 * is now bound to what it is said of. The values are those the labs
 * publish, with their `about`/`contrast`.
 */
import { describe, expect, it } from 'vitest'
import { judgeMutants, judgeNote } from '../../src/commands/verify/judge-rendered.js'
import type { Check, LabResult, ObservedValue } from '../../src/model/lab-result.js'
import type { LabLink, Note } from '../../src/model/note.js'
import { oppositeSubject } from '../../src/verify/binding.js'

function note(noteType: string, fields: Record<string, string>, links: string[]): Note {
  const labs: LabLink[] = links.map((text, index) => {
    const [lab, check] = text.split('#') as [string, string]
    return { lab, check, line: 10 + index, column: 6 }
  })
  return {
    id: 1763700000001,
    guid: 'guid',
    noteType,
    fields,
    tags: [],
    deck: 'Default',
    labs,
    kind: 'block',
    source: {
      file: 'notes/a.md',
      absolutePath: '/vault/notes/a.md',
      vaultRoot: '/vault',
      line: 3,
      column: 1,
      idInsertOffset: 0,
    },
  }
}

/** Lab results: `lab#check` → the values it published (every check passed). */
function results(published: Record<string, ObservedValue[]>): Map<string, LabResult> {
  const labs = new Map<string, LabResult>()
  for (const [link, values] of Object.entries(published)) {
    const [lab, name] = link.split('#') as [string, string]
    const result = labs.get(lab) ?? {
      lab,
      title: lab,
      status: 'pass' as const,
      checks: [] as Check[],
      durationMs: 1,
      transcript: [],
    }
    result.checks.push({ name, status: 'pass', expected: 'e', observed: 'o', values })
    labs.set(lab, result)
  }
  return labs
}

/** `lab#check` for every check of `lab`. */
function labLinks(lab: Map<string, LabResult>): string[] {
  return [...lab.values()].flatMap((result) =>
    result.checks.map((check) => `${result.lab}#${check.name}`),
  )
}

const uds = 'UDS | AF_UNIX | Unix-domain | Unix socket | Unix sockets'

interface Case {
  name: string
  noteType: string
  /** The course's fields; `field` is the one edited. */
  fields: Record<string, string>
  field: string
  wrong: string
  published: Record<string, ObservedValue[]>
  /** What the wrong answer gets, and a word its reason contains. */
  verdict: 'refuted' | 'supported'
  reason: string
}

const cases: Case[] = [
  {
    name: '04:112 two errnos swapped between their subjects (Cloze)',
    noteType: 'Cloze',
    fields: {
      Text: 'A TCP connection to a port with no listener and an AF_UNIX stream connect() to a socket file whose server is gone both get {{c1::ECONNREFUSED}}; a connect() to a missing path gets {{c3::ENOENT}}.',
      'Back Extra':
        "The local errors mirror TCP's where they can; a missing path is the filesystem speaking, because a pathname socket is found like any file. See the socket-file note for the stale-file case.",
    },
    field: 'Text',
    wrong:
      'A TCP connection to a port with no listener and an AF_UNIX stream connect() to a socket file whose server is gone both get {{c1::ENOENT}}; a connect() to a missing path gets {{c3::ECONNREFUSED}}.',
    published: {
      'tcp-vs-udp#tcp-connect-refused': [
        { kind: 'errno', value: 'ECONNREFUSED', about: 'TCP | port' },
      ],
      'stale-socket#connect-refused': [
        {
          kind: 'errno',
          value: 'ECONNREFUSED',
          about: 'stale | server is gone | left behind | died | killed | nothing listens',
        },
      ],
      'missing-socket#connect-enoent': [
        {
          kind: 'errno',
          value: 'ENOENT',
          about: 'missing | does not exist | no such file | nonexistent | free',
        },
      ],
    },
    verdict: 'supported',
    reason: 'the card states ENOENT beside "server is gone"',
  },
  {
    name: '19:114 Go network names swapped between socket types (Cloze)',
    noteType: 'Cloze',
    fields: {
      Text: 'In Go, net.Listen and net.Dial pick the socket type by network name: {{c1::"unix"}} for SOCK_STREAM, {{c2::"unixgram"}} for SOCK_DGRAM and {{c3::"unixpacket"}} for SOCK_SEQPACKET.',
      'Back Extra': '',
    },
    field: 'Text',
    wrong:
      'In Go, net.Listen and net.Dial pick the socket type by network name: {{c1::"unixgram"}} for SOCK_STREAM, {{c2::"unix"}} for SOCK_DGRAM and {{c3::"unixpacket"}} for SOCK_SEQPACKET.',
    published: {
      'go-sockets#network-names': [
        ['SOCK_STREAM', 'unix'],
        ['SOCK_DGRAM', 'unixgram'],
        ['SOCK_SEQPACKET', 'unixpacket'],
      ].flatMap(([type, network]) => [
        {
          kind: 'name' as const,
          label: `go network for ${type}`,
          value: `${network}`,
          about: type,
        },
        {
          kind: 'name' as const,
          label: `socket type of "${network}"`,
          value: `${type}`,
          about: `"${network}"`,
        },
      ]),
    },
    verdict: 'supported',
    reason: 'the card states unix beside "SOCK_DGRAM"',
  },
  {
    name: '17:60 the faster side named TCP',
    noteType: 'Basic',
    fields: {
      Front:
        'Roughly how do Unix-domain sockets compare with TCP loopback on Linux, as the lab and published benchmarks measure it?',
      Back: 'Small-message round trips are faster, and bulk throughput is higher. By how much depends on the machine, its load and the language.',
    },
    field: 'Back',
    wrong:
      'TCP loopback round trips are faster, and TCP bulk throughput is higher. By how much depends on the machine, its load and the language.',
    published: {
      'uds-vs-tcp-perf#c-latency-faster': [
        { kind: 'bool', label: 'faster', value: 'yes', about: uds, contrast: 'TCP' },
      ],
      'uds-vs-tcp-perf#c-throughput-higher': [
        { kind: 'bool', label: 'higher', value: 'yes', about: uds, contrast: 'TCP' },
      ],
    },
    verdict: 'supported',
    reason: 'the card states yes (faster) beside "TCP"',
  },
  {
    name: '08:55 the modes before and after the umask swapped',
    noteType: 'Basic',
    fields: {
      Front:
        'What mode does a freshly bound socket file get, and who can connect to it by default?',
      Back: '0777 minus the umask: 0755 (srwxr-xr-x) under the usual umask 022, so only the owner (and root) has write permission and can connect.',
    },
    field: 'Back',
    wrong:
      '0755 minus the umask: 0777 (srwxr-xr-x) under the usual umask 022, so only the owner (and root) has write permission and can connect.',
    published: {
      'socket-permissions#default-mode-umask': [
        {
          kind: 'mode',
          label: 'before the umask',
          value: '0777',
          about: 'minus the umask | before the umask | requested',
        },
        { kind: 'mode', label: 'usual umask', value: '022', about: 'umask' },
        {
          kind: 'mode',
          label: 'mode under umask 022',
          value: '0755',
          about: 'under the usual umask | under umask | umask 022 | under',
        },
      ],
    },
    verdict: 'supported',
    reason: 'the card states 0755 beside "minus the umask"',
  },
  {
    name: '14:43 the accepted and refused lengths swapped',
    noteType: 'Basic',
    fields: {
      Front: 'Why does Python refuse a 108-byte socket path even though sun_path is 108 bytes?',
      Back: 'It insists on a terminating NUL inside sun_path, so the longest path it accepts is 107 bytes; 108 raises "AF_UNIX path too long".',
    },
    field: 'Back',
    wrong:
      'It insists on a terminating NUL inside sun_path, so the longest path it accepts is 108 bytes; 107 raises "AF_UNIX path too long".',
    published: {
      'path-limit#python-max-107': [
        {
          kind: 'number',
          label: 'longest path Python accepts',
          value: '107 bytes',
          about: 'accepts | accepted | longest | fits',
        },
        {
          kind: 'number',
          label: 'refused path length',
          value: '108',
          about: 'raises | refuses | refused | rejects | too long',
        },
      ],
    },
    verdict: 'supported',
    reason: 'the card states 108 beside "accepts"',
  },
  {
    name: '06:121 Python and Node swapped, and 20 and 108',
    noteType: 'Basic',
    fields: {
      Front:
        'Why can an abstract name bound by Node 20 fail to match the "same" name used by Python?',
      Back: 'Abstract names are length-delimited and every byte counts, trailing NULs included. Node 20 pads the name (it is padded with NULs to the full 108 bytes), while Python uses the exact length, so the two are distinct names (ECONNREFUSED).',
    },
    field: 'Back',
    wrong:
      'Abstract names are length-delimited and every byte counts, trailing NULs included. Python pads the name (it is padded with NULs to the full 20 bytes), while Node 108 uses the exact length, so the two are distinct names (ECONNREFUSED).',
    published: {
      'abstract-names#exact-length-peer': [
        {
          kind: 'bool',
          label: 'exact length | reach',
          value: 'yes',
          about: 'Python | exact-length',
          contrast: 'Node',
        },
      ],
      'abstract-names#node-pads-name': [
        { kind: 'bool', label: 'padded', value: 'yes', about: 'Node', contrast: 'Python' },
        {
          kind: 'number',
          label: 'bytes of sun_path',
          value: '108',
          about: 'pads | padded | full | sun_path',
        },
        { kind: 'errno', label: 'exact-length peer', value: 'ECONNREFUSED' },
        { kind: 'number', label: 'node major version', value: '20', about: 'Node' },
      ],
    },
    verdict: 'supported',
    reason: 'the card states yes (padded) beside "Python"',
  },
  {
    name: '15:55 UDS and TCP swapped',
    noteType: 'Basic',
    fields: {
      Front:
        'How does a full listen backlog look to a client on a UDS compared with TCP on 127.0.0.1?',
      Back: 'UDS: a nonblocking connect fails at once with EAGAIN (a blocking one waits). TCP: the connection attempt is queued or retried and the client just waits; there is no immediate error.',
    },
    field: 'Back',
    wrong:
      'TCP: a nonblocking connect fails at once with EAGAIN (a blocking one waits). UDS: the connection attempt is queued or retried and the client just waits; there is no immediate error.',
    published: {
      'listen-backlog#backlog-full-eagain': [
        {
          kind: 'errno',
          label: 'connect beyond the backlog',
          value: 'EAGAIN',
          about: uds,
          contrast: 'TCP',
        },
        { kind: 'bool', label: 'fails', value: 'yes', about: uds, contrast: 'TCP' },
      ],
      'listen-backlog#tcp-queues-instead': [
        { kind: 'bool', label: 'immediate error', value: 'no', about: 'TCP', contrast: uds },
        { kind: 'bool', label: 'waits | wait', value: 'yes' },
      ],
    },
    verdict: 'supported',
    reason: 'the card states EAGAIN beside "TCP"',
  },
  {
    name: '10:36 boundaries kept, bytes lost and out of order',
    noteType: 'Basic',
    fields: {
      Front:
        'A client makes three quick write() calls of "a", "b" and "c" on a SOCK_STREAM socket. What can the server\'s reads return?',
      Back: 'Any split of the bytes "abc", e.g. all three in a single read: a stream delivers the bytes in their order but not the write boundaries.',
    },
    field: 'Back',
    wrong:
      'Exactly three reads, "a", "b" and "c": a stream keeps the write boundaries, but some bytes may be lost and arrive out of order.',
    published: {
      'stream-coalesce#writes-coalesce': [
        {
          kind: 'bool',
          label: 'merged | single read | several | boundaries between writes are lost | abcdefg',
          value: 'yes',
          about: 'stream | streams | SOCK_STREAM',
          contrast: 'datagram | datagrams | SOCK_DGRAM | SOCK_SEQPACKET',
        },
      ],
      'stream-coalesce#bytes-preserved': [{ kind: 'bool', label: 'ordered | order', value: 'yes' }],
    },
    verdict: 'refuted',
    reason: 'card says not order',
  },
  {
    name: '10:101 datagram and stream outcomes swapped',
    noteType: 'Basic',
    fields: {
      Front:
        "What does this print, and what would change with SOCK_STREAM?\n```python\na, b = socket.socketpair(socket.AF_UNIX, socket.SOCK_DGRAM)\na.send(b'abc')\na.send(b'defg')\nprint(b.recv(100))\n```",
      Back: "b'abc' — each datagram is received whole and alone, even though the buffer could hold both. On SOCK_STREAM the read may return b'abcdefg', because a stream has no boundaries.",
    },
    field: 'Back',
    wrong:
      "b'abcdefg' — datagrams are merged whole. On SOCK_STREAM the read may return b'abc', because a stream has no boundaries.",
    published: {
      'dgram-boundaries#boundaries-kept': [
        {
          kind: 'bool',
          label: 'one separate datagram | exactly one | whole',
          value: 'yes',
          about: 'datagram | datagrams | SOCK_DGRAM',
          contrast: 'stream | streams | SOCK_STREAM',
        },
      ],
      'stream-coalesce#writes-coalesce': [
        {
          kind: 'bool',
          label: 'merged | single read | several | boundaries between writes are lost | abcdefg',
          value: 'yes',
          about: 'stream | streams | SOCK_STREAM',
          contrast: 'datagram | datagrams | SOCK_DGRAM | SOCK_SEQPACKET',
        },
      ],
    },
    verdict: 'supported',
    reason: 'beside "datagrams"',
  },
  {
    name: '13:74 No, the receiver can read nothing',
    noteType: 'Basic',
    fields: {
      Front: 'Can you pass a descriptor for a file that has already been unlinked?',
      Back: 'It works: SCM_RIGHTS passes the open file, not its name, so the receiver can read it even though no path leads to it now.',
    },
    field: 'Back',
    wrong: 'No: SCM_RIGHTS passes the name, so once it is unlinked the receiver can read nothing.',
    published: {
      'scm-rights#unlinked-file-readable': [{ kind: 'bool', label: 'can read', value: 'yes' }],
    },
    verdict: 'refuted',
    reason: 'card says not can read',
  },
  {
    name: '08:72 Yes, root needs write permission (the question names no published claim)',
    noteType: 'Basic',
    fields: {
      Front: 'Does root need write permission on a socket file to connect to it?',
      Back: 'Root needs none: it has CAP_DAC_OVERRIDE, which bypasses file permission checks, so it can connect even to a socket file with mode 0000.',
    },
    field: 'Back',
    wrong:
      'Yes: root needs it, since even root can connect only to a socket file with mode 0000 removed.',
    published: {
      'socket-permissions#root-bypasses': [
        { kind: 'bool', label: 'can connect', value: 'yes' },
        { kind: 'mode', label: 'socket file mode', value: '0000' },
      ],
    },
    verdict: 'supported',
    // `can connect only to …` limits the claim: it is stated neither way (negation.ts, isHedged).
    reason: 'the card states neither yes (can connect) nor its negation',
  },
]

describe("binding a value to what it is said of: the tester's wrong answers", () => {
  for (const testCase of cases) {
    it(testCase.name, () => {
      const links = Object.keys(testCase.published)
      const lab = results(testCase.published)
      const right = note(testCase.noteType, testCase.fields, links)
      expect(judgeNote(right, lab)).toMatchObject({ status: 'confirmed' })
      const wrong = note(
        testCase.noteType,
        { ...testCase.fields, [testCase.field]: testCase.wrong },
        links,
      )
      const verdict = judgeNote(wrong, lab)
      expect(verdict.status).toBe(testCase.verdict)
      expect(verdict.reason).toContain(testCase.reason)
    })
  }
})

describe('binding: what is not refuted', () => {
  const published = {
    'stale-socket#connect-refused': [
      { kind: 'errno' as const, value: 'ECONNREFUSED', about: 'stale | left behind' },
    ],
    'socket-file-persists#rebind-eaddrinuse': [
      { kind: 'errno' as const, value: 'EADDRINUSE', about: 'bind | rebind' },
    ],
  }
  const links = Object.keys(published)

  it("a subject nearer to another value of the kind is that value's", () => {
    const card = note(
      'Basic',
      {
        Front: 'Stale socket file',
        Back: 'A socket file left behind: connect() gives ECONNREFUSED and a new bind() gives EADDRINUSE.',
      },
      links,
    )
    expect(judgeNote(card, results(published)).status).toBe('confirmed')
  })

  it('several values of one kind with no subject read beside them are supported, with the reason', () => {
    const card = note(
      'Basic',
      { Front: 'Which errnos?', Back: 'You see ECONNREFUSED, then EADDRINUSE.' },
      links,
    )
    const verdict = judgeNote(card, results(published))
    expect(verdict.status).toBe('supported')
    expect(verdict.reason).toContain(
      'the answer states several errno names the kernel showed (ECONNREFUSED, EADDRINUSE)',
    )
  })

  it('a subject after "than" is the other side of the comparison, not what the claim is said of', () => {
    const card = note(
      'Basic',
      { Front: 'How fast?', Back: 'Round trips are faster than over TCP.' },
      ['uds-vs-tcp-perf#c-latency-faster'],
    )
    const lab = results({
      'uds-vs-tcp-perf#c-latency-faster': [
        { kind: 'bool', label: 'faster', value: 'yes', about: uds, contrast: 'TCP' },
      ],
    })
    expect(judgeNote(card, lab).status).toBe('confirmed')
  })

  it('a leading Yes/No to a question that names the claim is compared as before', () => {
    const lab = results({
      'socket-permissions#root-bypasses': [{ kind: 'bool', label: 'can connect', value: 'yes' }],
    })
    const ask = (back: string) =>
      note(
        'Basic',
        { Front: 'Is it true that root can connect to a mode 0000 socket?', Back: back },
        ['socket-permissions#root-bypasses'],
      )
    expect(judgeNote(ask('Yes: root can connect.'), lab).status).toBe('confirmed')
    expect(judgeNote(ask('No.'), lab).status).toBe('refuted')
  })

  it('never refutes on binding alone: a correct answer that names the other side beside a value is supported, not refuted', () => {
    const lab = results({
      'listen-backlog#backlog-full-eagain': [
        {
          kind: 'errno',
          label: 'connect beyond the backlog',
          value: 'EAGAIN',
          about: uds,
          contrast: 'TCP',
        },
        { kind: 'bool', label: 'fails', value: 'yes', about: uds, contrast: 'TCP' },
      ],
    })
    const card = note(
      'Basic',
      {
        Front: 'What does a nonblocking connect() get when the listen backlog is full?',
        // Correct: the aside only says what TCP does instead (the sweep's 15:46/15:55 paraphrases).
        Back: 'A nonblocking connect fails at once with EAGAIN, and TCP would just wait.',
      },
      ['listen-backlog#backlog-full-eagain'],
    )
    const verdict = judgeNote(card, lab)
    expect(verdict.status).toBe('supported')
    expect(verdict.reason).toContain('the card states EAGAIN beside "TCP"')
  })

  it('a subject in a clause saying what the other side does instead ("where TCP would", "whereas TCP") is not what a value before it is said of', () => {
    const lab = results({
      'listen-backlog#backlog-full-eagain': [
        { kind: 'errno', value: 'EAGAIN', about: uds, contrast: 'TCP' },
        { kind: 'bool', label: 'fails', value: 'yes', about: uds, contrast: 'TCP' },
      ],
      'listen-backlog#tcp-waits': [
        { kind: 'bool', label: 'waits', value: 'yes', about: 'TCP', contrast: uds },
      ],
    })
    const judge = (back: string) =>
      judgeNote(
        note('Basic', { Front: 'What does a nonblocking connect() get?', Back: back }, [
          'listen-backlog#backlog-full-eagain',
          'listen-backlog#tcp-waits',
        ]),
        lab,
      )
    for (const back of [
      'A nonblocking connect fails at once with EAGAIN, where TCP would just wait.',
      'A nonblocking connect fails at once with EAGAIN, where a TCP client would just wait.',
      'A nonblocking connect fails at once with EAGAIN, whereas TCP just waits.',
      'A nonblocking connect fails at once with EAGAIN whereas TCP waits.',
    ]) {
      const verdict = judge(back)
      expect(verdict.status, back).toBe('confirmed')
      // The value in that clause is said of its subject there.
      expect(verdict.links[1]?.values[0]?.of, back).toBe('TCP')
    }
    // Swapped, the claim in the clause is said of the wrong side: not confirmed.
    const swapped = judge('A nonblocking connect fails at once with EAGAIN, where UDS would wait.')
    expect(swapped.status).toBe('supported')
    expect(swapped.reason).toContain('the card states yes (waits) beside "UDS"')
  })

  it('where a stretch names both sides, the subject nearer the value is what it is said of', () => {
    const lab = results({
      'read-write-vs-send-recv#recvfrom-address-replies': [
        { kind: 'bool', label: 'can reply', value: 'yes', about: 'receiver', contrast: 'sender' },
      ],
      'dgram-queue-limit#queue-full-eagain': [
        { kind: 'errno', value: 'EAGAIN', about: 'sender', contrast: 'receiver' },
      ],
    })
    const judge = (back: string) =>
      judgeNote(note('Basic', { Front: 'Datagrams?', Back: back }, [...labLinks(lab)]), lab)
    // 02:93 and 04:97 of the course, then with sender and receiver swapped.
    const right =
      "recvfrom() reports the sender's address so the receiver can reply; a full queue at the receiver makes the sender wait or gives EAGAIN."
    expect(judge(right).status).toBe('confirmed')
    const swapped = judge(
      "recvfrom() reports the receiver's address so the sender can reply; a full queue at the sender makes the receiver wait or gives EAGAIN.",
    )
    expect(swapped.status).toBe('supported')
    expect(swapped.reason).toContain('the card states yes (can reply) beside "sender"')
    expect(swapped.reason).toContain('the card states EAGAIN beside "receiver"')
  })

  it('a subject after a plain "over" (a preposition: "over TCP") is what the claim is said of; after "advantage … over" it is the other side', () => {
    const faster = results({
      'uds-vs-tcp-perf#c-latency-faster': [
        { kind: 'bool', label: 'faster', value: 'yes', about: uds, contrast: 'TCP' },
      ],
    })
    const shrinks = results({
      'uds-vs-tcp-perf#work-shrinks-advantage': [
        { kind: 'bool', label: 'shrinks', value: 'yes', about: uds, contrast: 'TCP' },
      ],
    })
    const judge = (back: string, lab: Map<string, LabResult>) =>
      judgeNote(
        note(
          'Basic',
          { Front: 'How fast?', Back: back },
          [...lab.keys()].map((id) => `${id}#${lab.get(id)?.checks[0]?.name}`),
        ),
        lab,
      )
    expect(judge('Round trips over a Unix socket are faster.', faster).status).toBe('confirmed')
    const swapped = judge('Round trips over TCP are faster.', faster)
    expect(swapped.status).toBe('supported')
    expect(swapped.reason).toContain('beside "TCP"')
    expect(judge('Round trips are faster than over TCP.', faster).status).toBe('confirmed')
    expect(
      judge('The speed advantage of a UDS over TCP loopback shrinks under load.', shrinks).status,
    ).toBe('confirmed')
    expect(judge('The speed advantage of TCP over a UDS shrinks under load.', shrinks).status).toBe(
      'supported',
    )
  })

  it('a Yes/No is an answer only to a yes/no question, and only as a word of its own', () => {
    const lab = results({
      'uds-vs-tcp-perf#c-latency-faster': [
        { kind: 'bool', label: 'faster', value: 'yes', about: uds, contrast: 'TCP' },
      ],
    })
    const card = (front: string, back: string) =>
      note('Basic', { Front: front, Back: back }, ['uds-vs-tcp-perf#c-latency-faster'])
    // "No TCP/IP stack" opens a why-answer: it says nothing about "faster", so it is not refuted.
    // Nor confirmed: the question states "faster" already, and the reason is not compared.
    const why = judgeNote(
      card(
        'Why are round trips over a Unix socket faster?',
        'No TCP/IP stack: the kernel copies data straight into the peer socket, so Unix socket round trips are faster.',
      ),
      lab,
    )
    expect(why.status).toBe('supported')
    expect(why.reason).toContain('the question states "faster" already')
    const asked = (back: string) =>
      card('Are Unix socket round trips faster than TCP loopback?', back)
    expect(
      judgeNote(asked('No TCP/IP stack is involved, so Unix socket round trips are faster.'), lab)
        .status,
    ).toBe('confirmed')
    expect(judgeNote(asked('No, Unix socket round trips are not faster.'), lab).status).toBe(
      'refuted',
    )
  })

  it('a why-question whose claim the answer only repeats is supported, with any reason', () => {
    const lab = results({
      'uds-vs-tcp-perf#c-latency-faster': [{ kind: 'bool', label: 'faster', value: 'yes' }],
    })
    const why = (back: string) =>
      judgeNote(
        note('Basic', { Front: 'Why is a Unix-domain socket faster than TCP?', Back: back }, [
          'uds-vs-tcp-perf#c-latency-faster',
        ]),
        lab,
      ).status
    // The right reason and a wrong one alike: neither is something the lab measured.
    expect(why('It bypasses the TCP/IP stack, so round trips are faster.')).toBe('supported')
    expect(why('It uses shared memory, so round trips are faster.')).toBe('supported')
    // Saying the claim the question states is false still refutes.
    expect(why('It is not: round trips are slower.')).toBe('refuted')
  })

  it('a why-question that states the claim in another of its phrases is supported, and says so in its words', () => {
    const lab = results({
      'uds-vs-tcp-perf#c-throughput-higher': [
        { kind: 'bool', label: 'higher | faster', value: 'yes', about: uds, contrast: 'TCP' },
      ],
    })
    const verdict = judgeNote(
      note(
        'Basic',
        {
          Front: 'Why does a Unix-domain socket move bulk data faster than TCP loopback?',
          Back: 'It uses shared memory, so bulk throughput over a UDS is higher.',
        },
        ['uds-vs-tcp-perf#c-throughput-higher'],
      ),
      lab,
    )
    expect(verdict.status).toBe('supported')
    // The question's word, not the answer's: the question says "faster", not "higher".
    expect(verdict.reason).toContain('the question states "faster" already')
  })

  it('--mutants counts a subject swap that binding holds back as held back, not caught', async () => {
    const published = {
      'uds-vs-tcp-perf#c-latency-faster': [
        { kind: 'bool' as const, label: 'faster', value: 'yes', about: uds, contrast: 'TCP' },
      ],
    }
    const card = note(
      'Basic',
      {
        Front: 'How do round trips compare between the two transports?',
        Back: 'UDS round trips are faster than TCP loopback ones.',
      },
      Object.keys(published),
    )
    const lab = results(published)
    expect(judgeNote(card, lab).status).toBe('confirmed')
    const report = await judgeMutants([card], lab)
    const swaps = report.notes[0]?.mutants.filter((mutant) => mutant.kind === 'swap-subjects') ?? []
    expect(swaps.length).toBeGreaterThan(0)
    expect(swaps.every((mutant) => mutant.status === 'supported')).toBe(true)
    // Its reason says what held it back: "faster" read beside TCP, which the kernel showed it not of.
    for (const mutant of swaps) {
      expect(mutant.why).toBe(
        `held back as supported, not refuted: the binding read the value said of the other subject ("faster" beside "TCP", where the kernel showed it of "${uds.split(' | ')[0]}"); binding withholds confirmed but never refutes`,
      )
    }
    expect(report.byKind['swap-subjects']).toMatchObject({ caught: 0, heldBack: swaps.length })
    expect(report.heldBack).toBeGreaterThanOrEqual(swaps.length)
  })
})

describe('the opposite of a subject that holds a negation', () => {
  it('is the other case: a value said beside it is not confirmed', () => {
    expect(oppositeSubject('does not exist')).toBe('does exist')
    expect(oppositeSubject("doesn't exist")).toBe('does exist')
    expect(oppositeSubject('is not removed')).toBe('is removed')
    expect(oppositeSubject('missing')).toBeNull()
    const published = results({
      'missing-socket#connect-enoent': [
        {
          kind: 'errno',
          value: 'ENOENT',
          about: 'missing | does not exist | no such file | nonexistent | free',
        },
      ],
    })
    const judge = (back: string) =>
      judgeNote(
        note('Basic', { Front: 'What does connect() give?', Back: back }, labLinks(published)),
        published,
      )
    expect(judge('A path that does not exist gets ENOENT.').status).toBe('confirmed')
    const wrong = judge('A path that does exist gets ENOENT.')
    expect(wrong.status).toBe('supported')
    expect(wrong.reason).toContain('the card states ENOENT beside "does exist"')
  })
})
