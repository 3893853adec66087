/**
 * `check` is what people put in CI: it must report everything `build` would
 * (issue 16, item 1). Over every adversarial fixture, `check --json` and
 * `build --dry-run --json` give the same diagnostics and the same exit code,
 * and neither writes anything.
 */
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it, onTestFinished } from 'vitest'
import { runDecklab } from '../support/decklab.js'

const fixtures = fileURLToPath(new URL('../fixtures/', import.meta.url))

interface Reported {
  file: string
  line: number
  column: number
  severity: string
  code: string
  message: string
  hint?: string
}

/** A temp folder holding copies of `sources` (fixture-relative) under the given names. */
async function vault(sources: Record<string, string>): Promise<string> {
  const directory = await mkdtemp(join(tmpdir(), 'decklab-check-build-'))
  onTestFinished(() => rm(directory, { recursive: true, force: true }))
  for (const [name, source] of Object.entries(sources)) {
    await cp(join(fixtures, source), join(directory, name), { recursive: true })
  }
  return directory
}

async function listing(directory: string): Promise<string[]> {
  return (await readdir(directory, { recursive: true })).sort()
}

function diagnostics(stdout: string): Reported[] {
  return (JSON.parse(stdout).diagnostics as Reported[]).map((d) => ({
    file: d.file,
    line: d.line,
    column: d.column,
    severity: d.severity,
    code: d.code,
    message: d.message,
    ...(d.hint === undefined ? {} : { hint: d.hint }),
  }))
}

/** The cards `check --json` counts: its notes' `cards`. */
function checkedCards(stdout: string): number {
  return (JSON.parse(stdout).notes as Array<{ cards: number }>).reduce(
    (n, note) => n + note.cards,
    0,
  )
}

/** The cards `build --dry-run --json` would package. */
function builtCards(stdout: string): number {
  return JSON.parse(stdout).cards as number
}

/** Run both commands in `cwd` and return what they reported. */
async function both(cwd: string, paths: string[] = []) {
  const before = await listing(cwd)
  const check = runDecklab(['check', ...paths, '--json'], { cwd })
  const build = runDecklab(['build', ...paths, '--dry-run', '--json'], { cwd })
  expect(await listing(cwd)).toEqual(before)
  expect(check.code, check.stderr).not.toBe(70)
  expect(build.code, build.stderr).not.toBe(70)
  return { check, build, checked: diagnostics(check.stdout), built: diagnostics(build.stdout) }
}

const adversarial = [
  'script-and-missing-media',
  'duplicate-ids',
  'media-outside',
  'unknown-lab',
  'broken-front-matter',
  'not-utf8',
  'empty',
  'mixed',
  'plugin-synced',
  'unsafe-math',
  'empty-render',
  'cloze-join',
  'cloze-hidden',
  'cloze-old-anki',
  'card-counts',
]

async function noteFixtures(): Promise<Record<string, string>> {
  const names = await readdir(join(fixtures, 'notes'))
  return Object.fromEntries(names.map((name) => [`${name}.md`, join('notes', name, 'input.md')]))
}

async function renderFixtures(): Promise<Record<string, string>> {
  const names = await readdir(join(fixtures, 'render'))
  // Under `vault/` so that `_outside/` is outside the vault decklab runs in.
  return Object.fromEntries(
    names.map((name) => [name === '_outside' ? name : join('vault', name), join('render', name)]),
  )
}

describe('check and build --dry-run report the same diagnostics', () => {
  it('on every adversarial fixture, each as its own vault, and on the parser and renderer fixtures', async () => {
    const seen = new Set<string>()
    const cases: Array<{ name: string; sources: Record<string, string>; cwd?: string }> = [
      ...adversarial.map((name) => ({ name, sources: { '.': join('adversarial', name) } })),
      { name: 'notes fixtures', sources: await noteFixtures() },
      { name: 'render fixtures', sources: await renderFixtures(), cwd: 'vault' },
    ]
    for (const { name, sources, cwd } of cases) {
      const directory = await vault(sources)
      const { check, build, checked, built } = await both(join(directory, cwd ?? '.'))
      expect(checked, name).toEqual(built)
      expect(check.code, name).toBe(build.code)
      // The cards the package would hold (a failed build counts none).
      if (build.code === 0) expect(checkedCards(check.stdout), name).toBe(builtCards(build.stdout))
      for (const diagnostic of checked) seen.add(diagnostic.code)
    }
    // The comparison is not vacuous: the fixtures reach every stage of the pipeline.
    for (const code of [
      'missing-media',
      'unsafe-html-removed',
      'media-outside-vault',
      'duplicate-id',
      'id-out-of-range',
      'unknown-lab',
      'unknown-note-type',
      'no-notes',
      'plugin-synced-vault',
      'unsafe-math',
      'missing-first-field',
      'unsafe-cloze-join',
      'cloze-without-deletion',
      'cloze-empty-in-old-anki',
    ]) {
      expect(seen, code).toContain(code)
    }
    // Twenty runs of the binary: a generous ceiling on a shared machine, never a pass condition.
  }, 300_000)

  it('check counts the cards build makes from the rendered fields, not from the Markdown', async () => {
    const cwd = await vault({ '.': 'adversarial/card-counts' })
    const { check, build } = await both(cwd)
    expect(build.code, build.stderr).toBe(0)
    expect(builtCards(build.stdout)).toBe(8)
    expect(
      (JSON.parse(check.stdout).notes as Array<{ cards: number }>).map((note) => note.cards),
    ).toEqual([1, 1, 1, 1, 2, 2])
    expect(check.stderr).toContain('6 notes, 8 cards in 1 file')
  })

  it('check reports the issue’s vault: missing media and raw <script> (it said 0 errors)', async () => {
    const cwd = await vault({ '.': 'adversarial/script-and-missing-media' })
    const result = runDecklab(['check'], { cwd })
    expect(result.code).toBe(1)
    // Each where it is written: `![[nope.png]]` in the question, `<script>` in the answer.
    expect(result.stderr).toMatch(/^note\.md:3:24 error missing-media /m)
    expect(result.stderr).toMatch(/^note\.md:4:7 warning unsafe-html-removed /m)
    // `<img src=x>` names a local image too: a file `x` that is not there.
    expect(result.stderr).toMatch(
      /^note\.md:4:51 error missing-media Unexpected missing media file `x`/m,
    )
    expect(result.stderr).toContain('1 note, 1 card in 1 file; 2 errors, 1 warning')
  })
})

describe('a first field that renders to nothing', () => {
  it('is an error where it is written, so no empty card reaches Anki', async () => {
    const cwd = await vault({ '.': 'adversarial/empty-render' })
    const result = runDecklab(['build'], { cwd })
    expect(result.code).toBe(1)
    for (const line of [3, 9, 15]) {
      expect(result.stderr).toMatch(
        new RegExp(
          `^note\\.md:${line}:1 error missing-first-field Unexpected \`Front\` that renders to nothing`,
          'm',
        ),
      )
    }
    expect(result.stderr).toContain('3 errors, 1 warning')
    expect(result.stderr).toContain('build failed: no package written')
    expect(await listing(cwd)).not.toContain('dist')
  })
})

describe('build --json', () => {
  // check --json and preview --json print the problems on stderr too; build --json printed
  // nothing there, so a script's log of the run held no word of what was wrong.
  it('prints the problems on stderr as check --json does, the JSON on stdout', async () => {
    const cwd = await vault({ '.': 'adversarial/script-and-missing-media' })
    const build = runDecklab(['build', '--dry-run', '--json'], { cwd })
    const check = runDecklab(['check', '--json'], { cwd })
    expect(build.code).toBe(1)
    expect(JSON.parse(build.stdout).diagnostics).toHaveLength(3)
    expect(build.stderr).toMatch(/^note\.md:3:24 error missing-media /m)
    expect(build.stderr).toContain('2 errors, 1 warning')
    expect(build.stderr.split('\n').filter((line) => /^note\.md:/.test(line))).toEqual(
      check.stderr.split('\n').filter((line) => /^note\.md:/.test(line)),
    )
  })
})

describe('what the last build’s record adds', () => {
  // check and build --dry-run left out every warning that comes from the last build's record,
  // and the notes it names removed: they read no record, as if the vault were never built.
  const cloze = '---\ndeck: R::D1\n---\nSTART\nCloze\n{{c1::a}} {{c2::b}}\nEND\n'
  const basic = '\nSTART\nBasic\nq\nBack: a\nEND\n'
  const reversed = '\nSTART\nBasic (and reversed card)\nFront: f\nBack: r\nEND\n'

  /** Each command's codes and removed notes, checked to write nothing. */
  function reported(cwd: string, args: string[]) {
    const result = runDecklab([...args, '--json'], { cwd })
    expect(result.code, result.stderr).toBe(0)
    const json = JSON.parse(result.stdout)
    return { codes: diagnostics(result.stdout), removed: json.removed, json }
  }

  it('check and --dry-run report the changed deck, the lost cards and the removed note as build then does', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'decklab-check-record-'))
    onTestFinished(() => rm(cwd, { recursive: true, force: true }))
    await mkdir(join(cwd, '.obsidian'))
    await writeFile(join(cwd, 'a.md'), cloze + basic + reversed)
    expect(runDecklab(['build'], { cwd }).code).toBe(0)
    const text = await readFile(join(cwd, 'a.md'), 'utf8')
    // Another deck, card 2 gone, the reversed card's Back emptied, the Basic note deleted.
    const blocks = text.split('\nSTART\nBasic\n')
    const edited = `${blocks[0]!.replace('D1', 'D2').replace('{{c2::b}}', 'b')}${blocks[1]!.slice(blocks[1]!.indexOf('END\n') + 4).replace('Back: r', 'Back:')}`
    await writeFile(join(cwd, 'a.md'), edited)
    const before = await listing(cwd)
    const checked = reported(cwd, ['check'])
    const dryRun = reported(cwd, ['build', '--dry-run'])
    const plain = runDecklab(['check'], { cwd })
    expect(await listing(cwd)).toEqual(before)
    const built = reported(cwd, ['build'])
    // The reversed note's emptied Back leaves its front card no answer: `empty-answer` too.
    expect(built.codes.map((d) => d.code).sort()).toEqual(
      ['card-removed', 'card-removed', 'deck-changed', 'empty-answer'].sort(),
    )
    expect(built.removed.ids).toHaveLength(1)
    expect(checked.codes).toEqual(built.codes)
    expect(dryRun.codes).toEqual(built.codes)
    expect(checked.removed).toEqual(built.removed)
    expect(dryRun.removed).toEqual(built.removed)
    // Without --json too: the removed note and its search.
    expect(plain.stderr).toContain('removed: 1 note from the last build')
    expect(plain.stderr).toContain(built.removed.search)
    // The package written, an unchanged build says the changes again and names nothing removed.
    const checkedAgain = reported(cwd, ['check'])
    const dryRunAgain = reported(cwd, ['build', '--dry-run'])
    const kept = reported(cwd, ['build'])
    expect(kept.json.unchanged).toBe(true)
    expect(kept.codes).toEqual(built.codes)
    expect(kept.removed.ids).toEqual([])
    expect(checkedAgain.codes).toEqual(kept.codes)
    expect(dryRunAgain.codes).toEqual(kept.codes)
    expect(checkedAgain.removed).toEqual(kept.removed)
    expect(dryRunAgain.removed).toEqual(kept.removed)
    // And it says the package would be kept, as the build then did: not "would write".
    expect(dryRun.json.unchanged).toBe(false)
    expect(dryRunAgain.json.unchanged).toBe(true)
    expect(dryRunAgain.json.written).toBe(false)
    expect(runDecklab(['build', '--dry-run'], { cwd }).stderr).toMatch(
      /^dry run: would keep dist\/R\.apkg unchanged \(.*\); nothing written$/m,
    )
  })

  it('check and --dry-run say a moved package and a damaged record, and change nothing', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'decklab-check-record-'))
    onTestFinished(() => rm(cwd, { recursive: true, force: true }))
    await mkdir(join(cwd, '.obsidian'))
    await writeFile(join(cwd, 'a.md'), cloze + basic)
    expect(runDecklab(['build'], { cwd }).code).toBe(0)
    // Another root deck: the default package name follows it.
    await writeFile(
      join(cwd, 'a.md'),
      (await readFile(join(cwd, 'a.md'), 'utf8')).replace('R::D1', 'S'),
    )
    const before = await listing(cwd)
    const moved = reported(cwd, ['check'])
    expect(moved.codes.map((d) => d.code)).toEqual(['deck-changed', 'package-moved'])
    expect(reported(cwd, ['build', '--dry-run']).codes).toEqual(moved.codes)
    expect(await listing(cwd)).toEqual(before)
    // A record that cannot be read: said, not copied aside (build copies it).
    await writeFile(join(cwd, 'dist/.decklab-build/S.apkg.json'), '{"cut')
    const damagedBefore = await listing(cwd)
    const damaged = reported(cwd, ['check'])
    expect(damaged.codes.map((d) => d.code)).toContain('build-record-damaged')
    expect(reported(cwd, ['build', '--dry-run']).codes).toEqual(damaged.codes)
    expect(await listing(cwd)).toEqual(damagedBefore)
  })
})
