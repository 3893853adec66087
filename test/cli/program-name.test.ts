/**
 * Commands decklab tells the user to type name it as they started it: a clone
 * has no `decklab` on the PATH, and the README runs every command there as
 * `npx decklab …`. npx (and `npm exec`, `npm x`) run decklab with
 * `npm_command=exec` and `npm_lifecycle_script='decklab'` (npm 11.19,
 * measured); without them (on the PATH after `npm link`, or `node
 * lib/src/main.js`) the commands say `decklab …`.
 */
import { spawnSync } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it, onTestFinished } from 'vitest'
import { runDecklab } from '../support/decklab.js'
import { tempProject } from '../support/project.js'

const repository = fileURLToPath(new URL('../..', import.meta.url))

// As npx sets them for `npx decklab …`, and as no npm sets them: empty is unset to decklab.
const started = {
  npx: { npm_command: 'exec', npm_lifecycle_event: 'npx', npm_lifecycle_script: "'decklab'" },
  plain: { npm_command: '', npm_lifecycle_event: '', npm_lifecycle_script: '' },
}

const card = ['START', 'Basic', 'Front', 'Back: back', 'END', ''].join('\n')

function diagnosticsOf(stdout: string): { code: string; message: string; hint?: string }[] {
  return (JSON.parse(stdout) as { diagnostics: { code: string; message: string; hint?: string }[] })
    .diagnostics
}

describe.each([
  ['npx', 'npx decklab'],
  ['plain', 'decklab'],
] as const)('started %s, the commands it names are `%s …`', (how, name) => {
  const env = started[how]

  it('in --help and --help --json', () => {
    const help = runDecklab(['--help'], { env })
    expect(help.code).toBe(0)
    expect(help.stdout).toContain(`\nUsage: ${name} <command> [options] [paths...]\n`)
    const build = runDecklab(['build', '--help'], { env })
    expect(build.stdout).toMatch(new RegExp(`^Usage: ${name} build \\[paths\\.\\.\\.\\]`))
    expect(build.stdout).toContain(`\n  ${name} build --dry-run\n`)
    const json = JSON.parse(runDecklab(['sync', '--help', '--json'], { env }).stdout)
    expect(json.usage.startsWith(`${name} sync [paths...]`)).toBe(true)
  })

  it('in the usage error', () => {
    const usage = runDecklab(['build', '--nope'], { env })
    expect(usage.code).toBe(2)
    expect(usage.stderr).toContain(`Run \`${name} build --help\` for usage.\n`)
  })

  it('in lab list’s closing line', () => {
    const list = runDecklab(['lab', 'list'], { env })
    expect(list.code).toBe(0)
    expect(list.stdout).toMatch(new RegExp(`\\. Run one with \`${name} lab run <id>\`\\.\\n$`))
  })

  it('in the quiz’s refusal off a terminal (commands/quiz)', async () => {
    const cwd = await tempProject({ 'notes/cards.md': card })
    const quiz = runDecklab(['quiz', '--state', join(cwd, 'state')], { cwd, env })
    expect(quiz.code).toBe(2)
    expect(quiz.stderr).toContain(`${name} quiz needs a terminal`)
    expect(quiz.stderr).toContain(`\n  ${name} quiz --answers answers.txt\n`)
  })

  it('in a stage’s diagnostic, on stderr and in check --json (codes unchanged)', async () => {
    const cwd = await tempProject({ 'notes/cards.md': card.replace('END', 'Lab: stream-ech\nEND') })
    const check = runDecklab(['check', '--json'], { cwd, env })
    expect(check.code).toBe(1)
    const lab = diagnosticsOf(check.stdout).find((diagnostic) => diagnostic.code === 'unknown-lab')
    expect(lab?.message).toContain(`expected a lab id from \`${name} lab list\``)
    expect(check.stderr).toContain(`expected a lab id from \`${name} lab list\``)
  })

  it('in sync’s error when Anki is not there, in --json too', async () => {
    const cwd = await tempProject({ 'notes/cards.md': card })
    const args = ['sync', '--state', join(cwd, 'state'), '--url', 'http://127.0.0.1:9', '--json']
    const sync = runDecklab(args, { cwd, env })
    expect(sync.code).toBe(2)
    const { error } = JSON.parse(sync.stdout) as { error: { code: string; message: string } }
    expect(error.code).toBe('anki-unreachable')
    expect(error.message).toContain(`build a package to import instead (\`${name} build\`)`)
  })

  it('on the preview page: a note without an ID, "run … build"', async () => {
    const cwd = await tempProject({ 'notes/cards.md': card })
    const preview = runDecklab(['preview', '-o', 'site'], { cwd, env })
    expect(preview.code, preview.stderr).toBe(0)
    const page = await readFile(join(cwd, 'site', 'index.html'), 'utf8')
    expect(page).toContain(`no ID yet — run ${name} build</span>`)
  })

  it('in a command’s hint: build --frozen', async () => {
    const cwd = await tempProject({ 'notes/cards.md': card })
    const frozen = runDecklab(['build', '--frozen', '--json'], { cwd, env })
    expect(frozen.code).toBe(1)
    const missing = diagnosticsOf(frozen.stdout).find(
      (diagnostic) => diagnostic.code === 'missing-id',
    )
    expect(missing?.hint).toBe(
      `Run \`${name} build\` without \`--frozen\` to write the missing IDs, and commit them.`,
    )
    expect(frozen.stderr).toContain(`Run \`${name} build\` without \`--frozen\``)
  })
})

describe('npx decklab in the repository', () => {
  // npx links the clone into its cache (a fresh one here, so the user's is untouched) and runs
  // lib/src/main.js; --offline and no scripts (`prepare` would compile): no network, ~1.5 s.
  it('names the commands `npx decklab …`', async () => {
    const cache = await mkdtemp(join(tmpdir(), 'decklab-npx-cache-'))
    onTestFinished(() => rm(cache, { recursive: true, force: true }))
    const run = spawnSync('npx', ['decklab', 'build', '--nope'], {
      cwd: repository,
      encoding: 'utf8',
      env: {
        ...process.env,
        NO_COLOR: '1',
        npm_config_cache: cache,
        npm_config_offline: 'true',
        npm_config_ignore_scripts: 'true',
        npm_config_update_notifier: 'false',
      },
      timeout: 60_000,
    })
    expect(run.stderr).toContain('Run `npx decklab build --help` for usage.\n')
    expect(run.status).toBe(2)
  })
})
