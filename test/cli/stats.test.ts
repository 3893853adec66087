import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { packageRoot } from '../../src/package-info.js'
import { createVault, type Vault } from '../quiz/vault-fixture.js'
import { runDecklab } from '../support/decklab.js'
import { middayTimeZone } from '../support/midday-time-zone.js'
import { runDecklabOnTerminal, terminalUnavailable } from '../support/on-terminal.js'

// The 10-minute step of the Good card must stay on today's date, whenever the suite runs.
process.env.TZ = middayTimeZone()

const vaults: Vault[] = []
afterEach(() => {
  for (const vault of vaults.splice(0)) vault.remove()
})

function decklab(cwd: string, args: string[], input?: string) {
  return runDecklab(args, { cwd, input })
}

describe('decklab stats', () => {
  // The help listed the document's fields without `stateDirectory` and `reviewLog`.
  it('lists in its help every field --json prints', () => {
    const vault = createVault()
    vaults.push(vault)
    const stats = JSON.parse(
      decklab(vault.root, ['stats', '--state', vault.state, '--json']).stdout,
    )
    const help = JSON.parse(decklab(vault.root, ['stats', '--help', '--json']).stdout)
    const json = help.options.find((option: { name: string }) => option.name === 'json')
    for (const key of Object.keys(stats)) expect(json.description).toContain(`"${key}"`)
    for (const key of Object.keys(stats.reviewLog)) {
      expect(json.description).toContain(`"${key}"`)
    }
  })

  // A folder without notes (a mistyped path, the wrong folder) gave a table of zeros without a word.
  it('warns no-notes, as check does, where the paths read hold no card block', () => {
    const vault = createVault()
    vaults.push(vault)
    writeFileSync(join(vault.root, 'plain.md'), '# Just text\n')
    const empty = decklab(vault.root, ['stats', 'plain.md', '--state', vault.state])
    expect(empty.code, empty.stderr).toBe(0)
    expect(empty.stderr).toContain(
      'plain.md:1:1 warning no-notes Unexpected empty deck: no card blocks found in `plain.md`, expected at least one note',
    )
    expect(empty.stdout).toContain('Cards 0 · new 0')
    const counted = decklab(vault.root, ['stats', '--state', vault.state])
    expect(counted.stderr).not.toContain('no-notes')
  })

  it('counts every card as new before any review, and writes no state', () => {
    const vault = createVault()
    vaults.push(vault)
    const result = decklab(vault.root, ['stats', '--state', vault.state, '--json'])
    expect(result.code).toBe(0)
    const stats = JSON.parse(result.stdout)
    expect(stats).toMatchObject({ cards: 4, new: 4, due: 0, reviews: 0, retention: null })
    expect(stats.decks).toEqual([{ deck: 'Test::Quiz', cards: 4, new: 4, due: 0 }])
    expect(stats.week).toHaveLength(7)
    expect(result.stderr).toContain(
      '1 note has no ID yet: it is counted by its content until `decklab build` writes its ID\n',
    )
  })

  // Stats counted cards from the Markdown: 12 for the card-counts fixture, where the package has
  // 8 (a reverse of a Back that is only a comment, a deletion in code, ...).
  it('counts the cards the package has, from the rendered fields', () => {
    const vault = createVault(
      readFileSync(new URL('../fixtures/adversarial/card-counts/note.md', import.meta.url), 'utf8'),
    )
    vaults.push(vault)
    const result = decklab(vault.root, ['stats', '--state', vault.state, '--json'])
    expect(result.code, result.stderr).toBe(0)
    expect(JSON.parse(result.stdout)).toMatchObject({ cards: 8, new: 8 })
  })

  // A note decklab could not read was left out of the counts without a word (the quiz said so).
  it('says how many errors in the notes may have left cards out of the counts', () => {
    const vault = createVault()
    vaults.push(vault)
    writeFileSync(join(vault.root, 'notes', 'broken.md'), 'START\nNo Such Type\nQ\nBack: A\nEND\n')
    const result = decklab(vault.root, ['stats', '--state', vault.state, '--json'])
    expect(result.code).toBe(0)
    expect(JSON.parse(result.stdout)).toMatchObject({ cards: 4 })
    expect(result.stderr).toContain(
      'warning 1 error in the notes; their cards may be missing from these counts (run `decklab check`)',
    )
  })

  it('prints the numbers, the decks and a chart of the coming week', () => {
    const vault = createVault()
    vaults.push(vault)
    decklab(vault.root, ['quiz', '--answers', '-', '--state', vault.state], 'easy\nENOENT\n')
    const result = decklab(vault.root, ['stats', '--state', vault.state])
    // The Good card is due 10 minutes after its answer: today (it is midday, see the top).
    const today = 1
    expect(result.code).toBe(0)
    const lines = result.stdout.split('\n')
    expect(lines[0]).toBe(`Cards 4 · new 2 · due today ${today} · reviews 2 · retention –`)
    expect(result.stdout).toMatch(new RegExp(`^Test::Quiz +4 +2 +${today}$`, 'm'))
    expect(result.stdout).toContain('Due in the coming week')
    // Easy puts the other card 8 days out, beyond the chart.
    expect(result.stdout).toMatch(new RegExp(`^ {2}today +${today} █*$`, 'm'))
    expect(lines.filter((line) => /^ {2}\d{4}-\d\d-\d\d +\d+/.test(line))).toHaveLength(6)
  })

  // A line of reviews.jsonl doubled (a copy, a merge of two copies of the state) was two reviews:
  // `reviews` and the retention counted it twice, and --revlog gave the optimizer both rows.
  it('counts a review record the log repeats once, and says so', () => {
    const vault = createVault()
    vaults.push(vault)
    decklab(vault.root, ['quiz', '--answers', '-', '--state', vault.state], 'easy\nENOENT\n')
    const log = join(vault.state, 'reviews.jsonl')
    const lines = readFileSync(log, 'utf8').trimEnd().split('\n')
    expect(lines).toHaveLength(2)
    const csv = join(vault.root, 'revlog.csv')
    const before = decklab(vault.root, ['stats', '--state', vault.state, '--revlog', csv, '--json'])
    const rows = readFileSync(csv, 'utf8')
    // The first line twice, and the whole log again after it, as a careless merge leaves it.
    writeFileSync(log, `${[lines[0], ...lines, ...lines].join('\n')}\n`)
    // A log written from the doubled file before lists a row twice: still decklab's to replace.
    const [header, ...csvRows] = rows.trimEnd().split('\n')
    writeFileSync(csv, `${[header, csvRows[0], ...csvRows].join('\n')}\n`)
    const after = decklab(vault.root, ['stats', '--state', vault.state, '--revlog', csv, '--json'])
    expect(after.code, after.stderr).toBe(0)
    const stats = JSON.parse(after.stdout)
    expect(stats.reviews).toBe(2)
    expect(stats).toEqual({
      ...JSON.parse(before.stdout),
      reviewLog: { ...JSON.parse(before.stdout).reviewLog, repeated: 3 },
    })
    expect(JSON.parse(before.stdout).reviewLog.repeated).toBe(0)
    expect(readFileSync(csv, 'utf8')).toBe(rows)
    expect(after.stderr).toContain(
      `note ${log} repeats 3 review records (the number, card, time and grade of an earlier one, as a copied line does): they are counted once`,
    )
    expect(before.stderr).not.toContain('repeats')
    const text = decklab(vault.root, ['stats', '--state', vault.state])
    expect(text.stdout.split('\n')[0]).toBe(
      'Cards 4 · new 2 · due today 1 · reviews 2 · retention –',
    )
    // The quiz goes on over such a log, and its next answer is counted too.
    const next = decklab(vault.root, ['quiz', '--answers', '-', '--state', vault.state], 'good\n')
    expect(next.code, next.stderr).toBe(0)
    const later = JSON.parse(
      decklab(vault.root, ['stats', '--state', vault.state, '--json']).stdout,
    )
    expect(later).toMatchObject({ reviews: 3, reviewLog: { repeated: 3 } })
  })

  // The day turned at local midnight: at 00:30 a card due at 23:00 that calendar day counted as
  // due today (the quiz showed it), and at 22:00 one due at 01:00 the next morning did not,
  // where Anki and `build --with-progress` start the day at 4 a.m.
  it('counts today from 4 a.m. local time, as Anki does', () => {
    const vault = createVault(
      ['One', 'Two'].map((front) => `START\nBasic\n${front}\nBack: b\nEND\n`).join('\n'),
    )
    vaults.push(vault)
    const clock = join(packageRoot(), 'test', 'support', 'fixed-clock.mjs')
    // UTC+10, no daylight saving time.
    const at = (time: string) => ({
      TZ: 'Etc/GMT-10',
      NODE_OPTIONS: `--import=${clock}`,
      DECKLAB_TEST_NOW: time,
    })
    const quiz = ['quiz', '--answers', '-', '--state', vault.state, '--new', '1']
    // Easy gives 8 days: One is due on 03-10 at 23:00 local, Two on 03-11 at 01:00 local.
    for (const time of ['2026-03-02T13:00:00Z', '2026-03-02T15:00:00Z']) {
      const session = runDecklab(quiz, { cwd: vault.root, input: 'easy\n', env: at(time) })
      expect(session.code, session.stderr).toBe(0)
      // The day both are due on, as stats counts them below; Two's due time is on 03-11 at
      // 01:00, which the grade line gave, though the card is due from 03-10 at 4 a.m.
      expect(session.stdout).toContain('→ Easy · next in 8d (2026-03-10) · saved')
      // And the closing line, when the first of them comes due: that day's 4 a.m., not
      // One's due time (23:00), when the quiz has shown it for 19 hours already.
      expect(session.stdout).toMatch(/Session: 1 reviewed .* · next due 2026-03-10 04:00\n/)
    }
    const stats = (time: string) => {
      const result = runDecklab(['stats', '--state', vault.state, '--json'], {
        cwd: vault.root,
        env: at(time),
      })
      expect(result.code, result.stderr).toBe(0)
      return JSON.parse(result.stdout)
    }
    // 03-10 00:30 local is still the day of 03-09.
    const afterMidnight = stats('2026-03-09T14:30:00Z')
    expect(afterMidnight.due).toBe(0)
    expect(afterMidnight.week.slice(0, 2)).toEqual([
      { date: '2026-03-09', due: 0 },
      { date: '2026-03-10', due: 2 },
    ])
    // 03-10 22:00 local: its day runs to 03-11 04:00, so Two (01:00) is due today too.
    const evening = stats('2026-03-10T12:00:00Z')
    expect(evening.due).toBe(2)
    expect(evening.week[0]).toEqual({ date: '2026-03-10', due: 2 })
  })

  // "due today" counted a note's second card, which the quiz holds back until a later session
  // (one card per note), with nothing to tell it apart.
  it('says how many of the cards due today are siblings that wait for a later session', () => {
    const vault = createVault('START\nBasic (and reversed card)\nFront\nBack: back\nEND\n')
    vaults.push(vault)
    const clock = join(packageRoot(), 'test', 'support', 'fixed-clock.mjs')
    const at = (time: string) => ({
      TZ: 'UTC',
      NODE_OPTIONS: `--import=${clock}`,
      DECKLAB_TEST_NOW: time,
    })
    const quiz = ['quiz', '--answers', '-', '--state', vault.state]
    // One card per session: the reverse waits for the second one. Easy: due in 8 days.
    for (const time of ['2026-03-02T10:00:00Z', '2026-03-02T11:00:00Z']) {
      const session = runDecklab(quiz, { cwd: vault.root, input: 'easy\n', env: at(time) })
      expect(session.code, session.stderr).toBe(0)
      expect(session.stdout).toMatch(/Session: 1 reviewed/)
    }
    const stats = (json: boolean) =>
      runDecklab(['stats', '--state', vault.state, ...(json ? ['--json'] : [])], {
        cwd: vault.root,
        env: at('2026-03-10T12:00:00Z'),
      }).stdout
    expect(JSON.parse(stats(true))).toMatchObject({ due: 2, dueSiblings: 1 })
    expect(stats(false).split('\n')[0]).toBe(
      'Cards 2 · new 0 · due today 2 (1 of them siblings, for a later session) · reviews 2 · retention –',
    )
    // The quiz shows one of the two, as said.
    const session = runDecklab(quiz, {
      cwd: vault.root,
      input: 'good\ngood\n',
      env: at('2026-03-10T12:00:00Z'),
    })
    expect(session.stdout).toMatch(/Session: 1 reviewed/)
  })

  // The crash sweep: a log cut short was taken as the whole history, and the quiz appended to it.
  it('says so when the review log lost records cards.json includes, in stats, and the quiz refuses to start', () => {
    const vault = createVault()
    vaults.push(vault)
    decklab(vault.root, ['quiz', '--answers', '-', '--state', vault.state], 'easy\nENOENT\n')
    const log = join(vault.state, 'reviews.jsonl')
    const [first] = readFileSync(log, 'utf8').split('\n')
    writeFileSync(log, `${first}\n`)
    const stats = decklab(vault.root, ['stats', '--state', vault.state, '--json'])
    expect(stats.code).toBe(0)
    expect(JSON.parse(stats.stdout)).toMatchObject({ reviews: 1 })
    expect(stats.stderr).toMatch(
      /^warning \S+reviews\.jsonl ends at record 1, but cards\.json includes records up to 2: the log was cut short/m,
    )
    writeFileSync(log, '')
    const quiz = decklab(
      vault.root,
      ['quiz', '--answers', '-', '--state', vault.state, '--cram'],
      'good\n',
    )
    expect(quiz.code).toBe(2)
    expect(quiz.stderr.split('\n')[0]).toMatch(
      /^error \S+reviews\.jsonl holds no record, but cards\.json includes records up to 2/,
    )
    // A whole log says nothing.
    const whole = createVault()
    vaults.push(whole)
    decklab(whole.root, ['quiz', '--answers', '-', '--state', whole.state], 'easy\n')
    expect(decklab(whole.root, ['stats', '--state', whole.state]).stderr).not.toContain(
      'reviews.jsonl',
    )
  })

  // Reviews of a note since removed from the vault went uncounted without a word: `reviews`
  // fell, and nothing said why.
  it('says how many reviews are of cards no longer in the notes read', () => {
    const vault = createVault()
    vaults.push(vault)
    const quiz = decklab(
      vault.root,
      ['quiz', '--answers', '-', '--state', vault.state],
      'easy\nENOENT\n',
    )
    expect(quiz.code, quiz.stderr).toBe(0)
    const before = decklab(vault.root, ['stats', '--state', vault.state, '--json'])
    expect(JSON.parse(before.stdout)).toMatchObject({ reviews: 2, removedReviews: 0 })
    expect(before.stderr).not.toContain('no longer')
    // The Basic note reviewed first is taken out of the file.
    const file = join(vault.root, 'notes', 'quiz.md')
    const notes = readFileSync(file, 'utf8')
    const start = notes.indexOf('START\nBasic\nWhat does')
    writeFileSync(file, notes.slice(0, start) + notes.slice(notes.indexOf('END\n', start) + 4))
    const after = decklab(vault.root, ['stats', '--state', vault.state, '--json'])
    expect(after.code, after.stderr).toBe(0)
    expect(JSON.parse(after.stdout)).toMatchObject({ reviews: 1, removedReviews: 1 })
    expect(after.stderr).toContain(
      'note 1 review is of cards no longer in these notes (removed since, or their note lost the card): not counted in reviews or retention\n',
    )
    // Another vault sharing the state directory is not this one's removed notes.
    const other = createVault(
      'START\nBasic\nElsewhere?\nBack: yes\n<!--ID: 1763700000009-->\nEND\n',
    )
    vaults.push(other)
    const elsewhere = decklab(other.root, ['stats', '--state', vault.state, '--json'])
    expect(JSON.parse(elsewhere.stdout)).toMatchObject({ reviews: 0, removedReviews: 0 })
    // Nor are the notes of a file that had errors, nor those outside the paths given.
    writeFileSync(join(vault.root, 'notes', 'other.md'), 'START\nBasic\nOther?\nBack: x\nEND\n')
    const outside = decklab(vault.root, [
      'stats',
      'notes/other.md',
      '--state',
      vault.state,
      '--json',
    ])
    expect(JSON.parse(outside.stdout)).toMatchObject({ removedReviews: 0 })
    writeFileSync(file, `${notes.slice(0, start)}START\nBasic\nunterminated\n`)
    const broken = decklab(vault.root, ['stats', '--state', vault.state, '--json'])
    expect(JSON.parse(broken.stdout)).toMatchObject({ removedReviews: 0 })
  })

  it('limits the numbers to the paths given', () => {
    const vault = createVault()
    vaults.push(vault)
    const result = decklab(vault.root, ['stats', 'notes/quiz.md', '--state', vault.state, '--json'])
    expect(JSON.parse(result.stdout).cards).toBe(4)
    const missing = decklab(vault.root, ['stats', 'nowhere', '--state', vault.state, '--json'])
    expect(missing.code).toBe(2)
    expect(JSON.parse(missing.stdout)).toEqual({
      error: {
        code: 'path-not-found',
        message: 'Unexpected path `nowhere`: it does not exist, expected a note file or folder',
      },
    })
  })

  it('reports a hand-edited review log line as damaged (exit 2), never as an internal error', () => {
    const vault = createVault()
    vaults.push(vault)
    decklab(vault.root, ['quiz', '--answers', '-', '--state', vault.state], 'good\nENOENT\n')
    const path = join(vault.state, 'reviews.jsonl')
    const lines = readFileSync(path, 'utf8').trimEnd().split('\n')
    expect(lines).toHaveLength(2)
    const edits: Record<string, (record: Record<string, unknown>) => void> = {
      'no log': (record) => delete record.log,
      'a log that is no object': (record) => (record.log = 'x'),
      'a state out of range': (record) => (record.log = { state: 7 }),
      'a time that is no date': (record) => (record.time = 'yesterday'),
      'a grade out of range': (record) => (record.grade = 9),
      'no previous card': (record) => delete record.previous,
      'a seq that is no whole number': (record) => (record.seq = 1.5),
      'a note with no file': (record) => (record.note = { id: 1 }),
    }
    for (const [what, edit] of Object.entries(edits)) {
      const record = JSON.parse(lines[0]!)
      edit(record)
      // The first of two lines: a bad middle line, not a cut-off last one.
      const text = `${JSON.stringify(record)}\n${lines[1]}\n`
      writeFileSync(path, text)
      for (const args of [[], ['--revlog', '-']]) {
        const result = decklab(vault.root, ['stats', '--state', vault.state, ...args])
        expect(result.code, `${what} ${args}\n${result.stderr}`).toBe(2)
        expect(result.stderr).toContain(
          `damaged state file ${path}: line 1 is not a review or undo record`,
        )
        expect(result.stderr).not.toContain('internal error')
      }
      expect(readFileSync(path, 'utf8')).toBe(text)
    }
  })

  it('refuses a state directory that is a file, instead of showing every card as new', () => {
    const vault = createVault()
    vaults.push(vault)
    const file = join(vault.root, 'state-file')
    writeFileSync(file, 'progress?\n')
    for (const state of [file, join(file, 'below')]) {
      const result = decklab(vault.root, ['stats', '--state', state, '--json'])
      expect(result.code).toBe(2)
      expect(JSON.parse(result.stdout).error.message).toContain(
        `Unexpected state directory \`${state}\``,
      )
      expect(result.stderr).toContain(`Unexpected state directory \`${state}\``)
      expect(result.stderr).not.toContain('internal error')
    }
    expect(readFileSync(file, 'utf8')).toBe('progress?\n')
    const missing = join(vault.root, 'no-state-yet')
    expect(decklab(vault.root, ['stats', '--state', missing, '--json']).code).toBe(0)
    expect(existsSync(missing)).toBe(false)
  })

  // Where the locale is not UTF-8 the chart's bars and the separators showed as mojibake.
  it.skipIf(terminalUnavailable)(
    'draws its chart and separators in ASCII on a terminal whose locale is not UTF-8',
    { timeout: 30_000 },
    () => {
      const vault = createVault()
      vaults.push(vault)
      decklab(vault.root, ['quiz', '--answers', '-', '--state', vault.state], 'again\n')
      const args = ['stats', '--state', vault.state]
      const { status, output } = runDecklabOnTerminal(args, {
        cwd: vault.root,
        env: { LANG: 'C', LC_ALL: '', LC_CTYPE: '' },
      })
      expect(status, output).toBe(0)
      expect(output).toContain('Cards 4 | new 3 | due today 1 | reviews 1 | retention -')
      expect(output).toMatch(/^ {2}today +1 #+$/m)
      expect(output).toMatch(/^[\x00-\x7f]*$/)
      // A pipe gets the text as it is.
      expect(decklab(vault.root, args).stdout).toContain('Cards 4 · new 3')
    },
  )

  // The table was as wide as the longest deck name on any terminal: on 40 columns the
  // terminal wrapped every row of the course's decks, its numbers under the names.
  it.skipIf(terminalUnavailable)(
    'fits a terminal: long deck names keep their end, whole on a pipe',
    { timeout: 30_000 },
    () => {
      const deck = 'Unix Domain Sockets::Message boundaries and ordering'
      const vault = createVault(
        `---\ndeck: ${deck}\n---\n\nSTART\nBasic\nQ\nBack: A\n<!--ID: 1763700000001-->\nEND\n`,
      )
      vaults.push(vault)
      const args = ['stats', '--state', vault.state]
      const { status, output } = runDecklabOnTerminal(args, {
        cwd: vault.root,
        env: { COLUMNS: '40' },
      })
      expect(status, output).toBe(0)
      // As the terminal shows it: the status line (`reading .…`) is erased before the report.
      const shown = output.replace(/[^\n]*\r\u001b\[2K/g, '')
      const lines = shown.split(/\r?\n/).map((line) => line.trimEnd())
      for (const line of lines) expect([...line].length, line).toBeLessThanOrEqual(40)
      expect(lines).toContain('…aries and ordering      1      1      0')
      expect(lines).toContain('Cards 1 · new 1 · due today 0 · reviews')
      expect(lines.some((line) => /^ {2}today +0 *$/.test(line))).toBe(true)
      expect(decklab(vault.root, args).stdout).toMatch(new RegExp(`^${deck} +1 +1 +0$`, 'm'))
    },
  )
})
