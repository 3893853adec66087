/**
 * A note that lost its `<!--ID: N-->` line keeps its quiz progress: the quiz
 * goes on answering it under N, and the progress stays with the note when
 * `decklab build` cannot give N back and writes a new ID instead.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { guidForNoteId } from '../../src/model/guid.js'
import { createVault, type Vault } from '../quiz/vault-fixture.js'
import { runDecklab } from '../support/decklab.js'
import { tempProject } from '../support/project.js'

const vaults: Vault[] = []
afterEach(() => {
  for (const vault of vaults.splice(0)) vault.remove()
})

function vault(): Vault {
  const created = createVault()
  vaults.push(created)
  return created
}

describe('a note that lost its ID line', () => {
  // The quiz said to run `decklab build`, "which gives an ID back to a note still in its file";
  // but with the build's record gone (`rm -rf dist`, which README calls safe) the build gave
  // the note a new ID, and the progress the quiz had kept answering under the old one stayed
  // there: the card was new again, with no word from the build or the quiz.
  it('keeps its progress when build gives it a new ID instead of the one it had', () => {
    const { root, state } = vault()
    const file = join(root, 'notes', 'quiz.md')
    const quiz = (args: string[], input: string) =>
      runDecklab(['quiz', '--answers', '-', '--state', state, '--tag', 'noid', ...args], {
        cwd: root,
        input,
      })
    const build = () => runDecklab(['build', '--state', state], { cwd: root })
    expect(quiz([], 'easy\n').code).toBe(0)
    expect(build().code).toBe(0)
    const written = readFileSync(file, 'utf8')
    const id = /<!--ID: (\d+)-->\nEND\n$/.exec(written)![1]
    writeFileSync(file, written.replace(`<!--ID: ${id}-->\n`, ''))
    const lost = quiz(['--cram', '--json'], 'good\n')
    expect(lost.stderr).toContain('note 1 note lost its ID line')
    const [review] = JSON.parse(lost.stdout).reviews
    // The build's record is gone: the build cannot give the ID back, and writes a new one.
    rmSync(join(root, 'dist'), { recursive: true })
    const rebuilt = build()
    expect(rebuilt.code, rebuilt.stderr).toBe(0)
    const newId = /<!--ID: (\d+)-->\nEND\n$/.exec(readFileSync(file, 'utf8'))![1]
    expect(newId).not.toBe(id)
    const after = quiz(['--json'], '')
    expect(after.code, after.stderr).toBe(0)
    // Nothing new: the card is due when the answer under the old ID made it due.
    expect(JSON.parse(after.stdout)).toMatchObject({ reviewed: 0, planned: 0 })
    const stats = JSON.parse(
      runDecklab(['stats', '--state', state, '--json'], { cwd: root }).stdout,
    )
    expect(stats).toMatchObject({ new: 3, reviews: 2 })
    expect(review.key).not.toMatch(/^content:/)
  })

  // Only a note quizzed before it had an ID (its content linked to the ID by a build) was known
  // again: a note that had its ID from the start (a shipped course, a vault built before its
  // first quiz), whose ID line an editor or a merge lost, was "a note with no ID yet", shown
  // new, and its answers went to its content, where the ID the build gave back never looked.
  it('is known by the content it had when last answered, though it never lacked an ID before', () => {
    const { root, state } = vault()
    const file = join(root, 'notes', 'quiz.md')
    const quiz = (args: string[], input: string) =>
      runDecklab(['quiz', '--answers', '-', '--state', state, '--json', ...args], {
        cwd: root,
        input,
      })
    const build = () => runDecklab(['build', '--state', state], { cwd: root })
    expect(build().code).toBe(0)
    const first = quiz(['--limit', '1'], 'easy\n')
    expect(first.stderr).toContain('What does UDS stand for?')
    const written = readFileSync(file, 'utf8')
    writeFileSync(file, written.replace('<!--ID: 1763700000001-->\n', ''))
    const lost = quiz(['--cram', '--new', '0'], 'good\n')
    expect(lost.code, lost.stderr).toBe(0)
    expect(lost.stderr).toContain('── card 1 of 1 · Test::Quiz · review ──')
    expect(lost.stderr).toContain(
      'note 1 note lost its ID line: it is quizzed with the progress of the ID it had; put the line back, or run `decklab build`, which gives an ID back to a note still in its file: notes/quiz.md:5 (<!--ID: 1763700000001-->)\n',
    )
    expect(lost.stderr).not.toContain('has no ID yet')
    expect(JSON.parse(lost.stdout).reviews[0].key).not.toMatch(/^content:/)
    // The build gives the ID back, and the card keeps both answers.
    const rebuilt = build()
    expect(rebuilt.stderr).toContain('id-restored')
    expect(readFileSync(file, 'utf8')).toBe(written)
    expect(JSON.parse(quiz(['--new', '0'], '').stdout)).toMatchObject({ planned: 0 })
    const stats = JSON.parse(
      runDecklab(['stats', '--state', state, '--json'], { cwd: root }).stdout,
    )
    expect(stats).toMatchObject({ reviews: 2 })
  })

  // Known only by the content it had: a note whose ID line was lost and whose answer was edited
  // as well was "a note with no ID yet", shown new, its answers kept under its new content,
  // while `build` gave it its ID back (same file, type and first field) and the schedule went
  // on from the ID's older answers: the answers given in between counted in the review log
  // but not in the card's schedule. Now the quiz knows it by build's rule.
  it('edited as well, is known by its file, note type and first field, as build knows it', () => {
    const { root, state } = vault()
    const file = join(root, 'notes', 'quiz.md')
    const quiz = (args: string[], input: string) =>
      runDecklab(['quiz', '--answers', '-', '--state', state, '--json', ...args], {
        cwd: root,
        input,
      })
    const build = () => runDecklab(['build', '--state', state], { cwd: root })
    expect(build().code).toBe(0)
    expect(quiz(['--limit', '1'], 'easy\n').code).toBe(0)
    const written = readFileSync(file, 'utf8')
    const edited = written
      .replace('<!--ID: 1763700000001-->\n', '')
      .replace('Back: Unix domain sockets\n', 'Back: Unix-domain sockets (AF_UNIX)\n')
    writeFileSync(file, edited)
    const lost = quiz(['--cram', '--new', '0'], 'again\n')
    expect(lost.code, lost.stderr).toBe(0)
    expect(lost.stderr).toContain('── card 1 of 1 · Test::Quiz · review ──')
    expect(lost.stderr).toContain(
      'note 1 note lost its ID line: it is quizzed with the progress of the ID it had; put the line back, or run `decklab build`, which gives an ID back to a note still in its file: notes/quiz.md:5 (<!--ID: 1763700000001-->)\n',
    )
    const [review] = JSON.parse(lost.stdout).reviews
    expect(review.key).not.toMatch(/^content:/)
    // The build gives the same ID back; the card's schedule is the last answer's (Again).
    const rebuilt = build()
    expect(rebuilt.stderr).toContain('id-restored')
    expect(readFileSync(file, 'utf8')).toContain('(AF_UNIX)\n<!--ID: 1763700000001-->\n')
    const cards = JSON.parse(readFileSync(join(state, 'cards.json'), 'utf8')).cards
    expect(cards[review.key]).toMatchObject({ due: review.due, lapses: 1 })
    expect(Object.keys(cards).filter((key) => key.startsWith('content:'))).toEqual([])
    // Two notes of that file without an ID with that first field: neither is known (build
    // gives neither the ID back), both are quizzed by their content.
    writeFileSync(
      file,
      `${edited}\nSTART\nBasic\nWhat does **UDS** stand for?\nBack: a copy\nEND\n`,
    )
    const twice = runDecklab(['stats', '--state', state], { cwd: root })
    expect(twice.stderr).not.toContain('lost its ID line')
    expect(twice.stderr).toContain('2 notes have no ID yet')
  })

  it('edited as well, keeps its progress when build gives it a new ID instead', () => {
    const { root, state } = vault()
    const file = join(root, 'notes', 'quiz.md')
    const quiz = (args: string[], input: string) =>
      runDecklab(['quiz', '--answers', '-', '--state', state, '--json', ...args], {
        cwd: root,
        input,
      })
    expect(quiz(['--limit', '1'], 'easy\n').code).toBe(0)
    const written = readFileSync(file, 'utf8')
    writeFileSync(
      file,
      written
        .replace('<!--ID: 1763700000001-->\n', '')
        .replace('Back: Unix domain sockets\n', 'Back: Unix-domain sockets\n'),
    )
    const lost = quiz(['--cram', '--new', '0'], 'good\n')
    expect(JSON.parse(lost.stdout).reviews[0].key).not.toMatch(/^content:/)
    // No build record (never built here): the build writes a new ID, and the progress follows.
    const rebuilt = runDecklab(['build', '--state', state], { cwd: root })
    expect(rebuilt.code, rebuilt.stderr).toBe(0)
    expect(readFileSync(file, 'utf8')).not.toContain('<!--ID: 1763700000001-->')
    const after = quiz(['--cram', '--new', '0', '--limit', '1'], 'good\n')
    expect(after.stderr).toContain('── card 1 of 1 · Test::Quiz · review ──')
    expect(after.stderr).toContain('Unix-domain sockets')
  })

  // The quiz could not know it (its question edited after its last answer, with the ID still
  // there, so the quiz's index keeps the old question where build's record has the new one), so
  // its answers after the ID line was lost were kept under its content; build gave the ID back by
  // its record and linked that content to the ID, and the ID's older state won: an Again answered
  // after the loss left the card due 8 days on, the answer only in reviews.jsonl. The state of
  // the later answer wins now, and the log keeps both answers.
  it('edited where the quiz cannot know it, keeps its later answers when build gives the ID back', () => {
    const { root, state } = vault()
    const file = join(root, 'notes', 'quiz.md')
    const quiz = (args: string[], input: string) =>
      runDecklab(['quiz', '--answers', '-', '--state', state, '--json', ...args], {
        cwd: root,
        input,
      })
    const build = () => runDecklab(['build', '--state', state], { cwd: root })
    expect(build().code).toBe(0)
    expect(quiz(['--limit', '1'], 'easy\n').code).toBe(0)
    const written = readFileSync(file, 'utf8')
    writeFileSync(file, written.replace('What does **UDS** stand', 'What does **UDS** stand here'))
    expect(build().code).toBe(0)
    writeFileSync(
      file,
      readFileSync(file, 'utf8')
        .replace('<!--ID: 1763700000001-->\n', '')
        .replace('Back: Unix domain sockets\n', 'Back: Unix-domain sockets\n'),
    )
    const lost = quiz(['--limit', '1'], 'again\n')
    expect(lost.code, lost.stderr).toBe(0)
    expect(lost.stderr).toContain('What does UDS stand here for?')
    const [again] = JSON.parse(lost.stdout).reviews
    expect(again.key).toMatch(/^content:/)
    const rebuilt = build()
    expect(rebuilt.stderr).toContain('id-restored')
    expect(readFileSync(file, 'utf8')).toContain('sockets\n<!--ID: 1763700000001-->\n')
    // The card is due as the Again made it (within the minute), not 8 days on as the Easy did.
    const after = JSON.parse(quiz(['--new', '0'], '').stdout)
    expect(after.nextDue).toBe(again.due)
    const stats = JSON.parse(
      runDecklab(['stats', '--state', state, '--json'], { cwd: root }).stdout,
    )
    expect(stats).toMatchObject({ reviews: 2 })
    expect(readFileSync(join(state, 'reviews.jsonl'), 'utf8').trim().split('\n')).toHaveLength(2)
  })

  // Its ID marked `DELETE` (the note deleted on purpose, a new one written with its question),
  // build gives the new note a new ID and lists the old one as removed; but the quiz took the
  // new note for the old one that lost its ID line (by its file, type and first field), said
  // `decklab build` would give the ID back, answered it under the deleted note's ID, and build
  // then moved that progress to the new ID. IDs written in the files read are left out, as build
  // leaves them out, after a `DELETE` in another file too (which a quick start does not read).
  it('is not taken for a note whose ID is marked DELETE, as build does not take it so', () => {
    const { root, state } = vault()
    const file = join(root, 'notes', 'quiz.md')
    const quiz = (args: string[], input: string) =>
      runDecklab(['quiz', '--answers', '-', '--state', state, '--json', ...args], {
        cwd: root,
        input,
      })
    const build = () => runDecklab(['build', '--state', state], { cwd: root })
    expect(build().code).toBe(0)
    expect(quiz(['--limit', '1'], 'easy\n').code).toBe(0)
    writeFileSync(
      file,
      readFileSync(file, 'utf8')
        .replace('<!--ID: 1763700000001-->\n', '')
        .replace('Back: Unix domain sockets\n', 'Back: a new note, its answer new\n'),
    )
    writeFileSync(join(root, 'notes', 'removed.md'), 'DELETE\n<!--ID: 1763700000001-->\n')
    const cram = quiz(['--cram', '--new', '0'], '')
    expect(cram.code, cram.stderr).toBe(0)
    expect(cram.stderr).not.toContain('lost its ID line')
    expect(JSON.parse(cram.stdout)).toMatchObject({ planned: 0 })
    const stats = runDecklab(['stats', '--state', state], { cwd: root })
    expect(stats.stderr).not.toContain('lost its ID line')
    const rebuilt = build()
    expect(rebuilt.code, rebuilt.stderr).toBe(0)
    expect(rebuilt.stderr).not.toContain('id-restored')
    expect(existsSync(join(state, 'id-moves.jsonl'))).toBe(false)
    // The new note is new under its new ID; the deleted note's Easy stays with the old one.
    const fresh = quiz(['--limit', '1'], 'again\n')
    expect(fresh.stderr).toContain('── card 1 of 1 · Test::Quiz · new ──')
    expect(fresh.stderr).toContain('a new note, its answer new')
  })

  // A partial build (`decklab build sub`) linked the progress of a note that lost its ID line
  // without leaving out the IDs written in the rest of the vault: the note, copied with its ID
  // into other/, kept its ID there, yet the build moved that ID's progress to the new ID it
  // wrote into sub/'s copy, and the note in other/ was new again.
  it('keeps its progress with the note of another file that holds its ID, after a partial build', async () => {
    const id = 1763700000001
    const withId = `START\nBasic\nWhat is a socket?\nBack: an endpoint\n<!--ID: ${id}-->\nEND\n`
    const root = await tempProject({ '.obsidian/': '', 'sub/a.md': withId })
    const state = join(root, 'state')
    const quiz = (args: string[], input: string) =>
      runDecklab(['quiz', '--answers', '-', '--state', state, '--json', ...args], {
        cwd: root,
        input,
      })
    expect(quiz([], 'easy\n').code).toBe(0)
    writeFileSync(join(root, 'other.md'), withId)
    writeFileSync(join(root, 'sub/a.md'), withId.replace(`<!--ID: ${id}-->\n`, ''))
    const built = runDecklab(['build', 'sub', '--state', state], { cwd: root })
    expect(built.code, built.stderr).toBe(0)
    expect(readFileSync(join(root, 'sub/a.md'), 'utf8')).not.toContain(`${id}`)
    expect(existsSync(join(state, 'id-moves.jsonl'))).toBe(false)
    // The card with progress is other.md's, under its ID; sub/a.md's is new under its new ID.
    const cram = quiz(['--cram', '--new', '0'], 'good\n')
    expect(cram.code, cram.stderr).toBe(0)
    expect(JSON.parse(cram.stdout).reviews.map((review: { key: string }) => review.key)).toEqual([
      `${guidForNoteId(id)}/0`,
    ])
  })

  // A session that starts from a few files (quick-start.ts) says its warnings at the end, after
  // reading the files of its notes without an ID again, alone: there the note written again
  // after its `DELETE` (in another file) was one that "lost its ID line", and the warning
  // said to put the deleted note's ID line back, where the start and `stats` say "no ID yet".
  it('is not said of a note whose ID is marked DELETE in another file, at a session end', async () => {
    const id = 1763700000001
    const block = 'START\nBasic\nWhat is a socket?\nBack: an endpoint\n'
    const root = await tempProject({
      '.obsidian/': '',
      'a.md': `${block}<!--ID: ${id}-->\nEND\n`,
    })
    const state = join(root, 'state')
    const quiz = (args: string[], input: string) =>
      runDecklab(['quiz', '--answers', '-', '--state', state, ...args], { cwd: root, input })
    expect(quiz([], 'easy\n').code).toBe(0)
    writeFileSync(join(root, 'a.md'), `${block}END\n`)
    writeFileSync(join(root, 'b.md'), `DELETE\n<!--ID: ${id}-->\n`)
    // A new note in the first file: the session's plan needs only that file.
    writeFileSync(
      join(root, '0.md'),
      'START\nBasic\nFirst?\nBack: one\n<!--ID: 1763700000005-->\nEND\n',
    )
    const session = quiz(['--new', '1'], 'good\n')
    expect(session.code, session.stderr).toBe(0)
    // The plan needs only 0.md: the warnings wait for the end.
    expect(session.stdout).toMatch(/^\n?── card 1 of 1 · Default · new ──\n {2}First\?/)
    expect(session.stderr).not.toContain('lost its ID line')
    expect(session.stderr).toContain('warning 1 note has no ID yet')
  })

  // Known by its content only in its own file, as build gives an ID back only there: the same
  // text elsewhere may be a copy while the note itself sits, with its ID, in a file not read.
  it('is not known by its content in another file', () => {
    const { root, state } = vault()
    const file = join(root, 'notes', 'quiz.md')
    const quiz = (args: string[], input: string) =>
      runDecklab(['quiz', '--answers', '-', '--state', state, '--json', ...args], {
        cwd: root,
        input,
      })
    expect(quiz(['--limit', '1'], 'easy\n').code).toBe(0)
    const written = readFileSync(file, 'utf8')
    const block = /START\nBasic\nWhat does \*\*UDS\*\* stand for\?\n.*?END\n/s.exec(written)![0]
    writeFileSync(file, written.replace(block, ''))
    writeFileSync(
      join(root, 'notes', 'moved.md'),
      `---\ndeck: Test::Quiz\n---\n\n${block.replace('<!--ID: 1763700000001-->\n', '')}`,
    )
    const moved = quiz(['--cram', '--new', '0'], '')
    expect(moved.stderr).not.toContain('lost its ID line')
    expect(JSON.parse(moved.stdout)).toMatchObject({ planned: 0 })
    // But it is named, with the line that keeps its progress: it said only "no ID yet".
    const named =
      "warning 1 note without an ID has the text of a note last answered in another file, whose ID no note read has: if you moved it without its ID line, put the line back to keep its progress (a new ID from `decklab build` starts it again, and Anki's history): notes/moved.md:5 (<!--ID: 1763700000001-->, last answered in notes/quiz.md)\n"
    expect(moved.stderr).toContain(named)
    expect(runDecklab(['stats', '--state', state], { cwd: root }).stderr).toContain(named)
    // Not while the note is still in its file (it is a copy there).
    writeFileSync(file, written)
    expect(quiz(['--cram', '--new', '0'], '').stderr).not.toContain('without an ID has the text')
  })
})
