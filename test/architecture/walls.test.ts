import { describe, expect, it } from 'vitest'
import { readModules, type SourceModule } from './source-modules.js'
import { type Breach, findBreaches } from './walls.js'

const show = (breach: Breach) => `${breach.from} -> ${breach.to}: ${breach.wall}`

// No list of tolerated breaches: a module that must cross a wall moves, or the floor plan
// changes in walls.ts and docs/architecture.md, in the open.
describe('the walls of the house', () => {
  const modules = [...readModules('src'), ...readModules('labs')]

  it('reads the modules of src/ and labs/', () => {
    expect(modules.map((module) => module.path)).toContain('src/main.ts')
    expect(modules.length).toBeGreaterThan(100)
  })

  it('holds: no import crosses a wall and only src/main.ts exits', () => {
    expect(findBreaches(modules).map(show)).toEqual([])
  })
})

describe('findBreaches (the check itself)', () => {
  const module = (path: string, text: string): SourceModule => ({ path, text })

  it('allows a stage to import the model, the floor, diagnostics and its own folder', () => {
    const text = [
      "import type { Note } from '../model/note.js'",
      "import { UsageError } from '../errors.js'",
      "import { createDiagnostic } from '../diagnostics/diagnostic.js'",
      "import { renderCss } from './css.js'",
    ].join('\n')
    expect(findBreaches([module('src/render/made-up.ts', text)])).toEqual([])
  })

  it('finds a stage importing another stage', () => {
    const made = module(
      'src/quiz/made-up.ts',
      "import { loadVault } from '../notes/load-vault.js'\n",
    )
    expect(findBreaches([made])).toEqual([
      {
        from: 'src/quiz/made-up.ts',
        to: 'src/notes/load-vault.ts',
        wall: 'stages do not import each other',
      },
    ])
  })

  it('finds the model importing anything of decklab, even a type', () => {
    const made = module(
      'src/model/made-up.ts',
      "import type { Diagnostic } from '../diagnostics/diagnostic.js'\n",
    )
    expect(findBreaches([made]).map((breach) => breach.wall)).toEqual([
      'the model imports nothing of decklab',
    ])
  })

  it('finds the core importing cli/ or commands/, also through export-from and import()', () => {
    const text = [
      "export { stderrColors } from '../cli/io.js'",
      "const build = await import('../commands/build/command.js')",
    ].join('\n')
    expect(
      findBreaches([module('src/labs/made-up.ts', text)]).map((breach) => breach.wall),
    ).toEqual(['the core never imports src/cli', 'the core never imports src/commands'])
  })

  it('finds a lab definition importing notes, render or anki, not the toolkit or the model', () => {
    const text = [
      "import { runLab } from '../src/labs/runner.js'",
      "import type { ObservedValue } from '../src/model/lab-result.js'",
      "import { renderNote } from '../src/render/render-note.js'",
    ].join('\n')
    expect(findBreaches([module('labs/made-up.ts', text)]).map((breach) => breach.to)).toEqual([
      'src/render/render-note.ts',
    ])
  })

  it('lets commands import stages and each other, cli import commands, main import cli', () => {
    const modules = [
      module(
        'src/commands/check/command.ts',
        "import { checkNotes } from '../build/prepare-notes.js'\n",
      ),
      module(
        'src/commands/build/made-up.ts',
        "import { loadVault } from '../../notes/load-vault.js'\n",
      ),
      module('src/cli/made-up.ts', "const check = () => import('../commands/check/command.js')\n"),
      module('src/main.ts', "import { runCli } from './cli/run-cli.js'\nprocess.exitCode = 0\n"),
    ]
    expect(findBreaches(modules)).toEqual([])
  })

  it('finds a command outside its own folder', () => {
    expect(
      findBreaches([module('src/commands/made-up.ts', '')]).map((breach) => breach.wall),
    ).toEqual(['each command lives in src/commands/<name>/'])
  })

  it('finds process.exit, process.exitCode and self-kill outside src/main.ts, not words in comments', () => {
    const text = [
      '// process.exit would end the tests too',
      'process.exitCode = 1',
      'if (done) process.exit(2)',
      "process.kill(process.pid, 'SIGINT')",
      'process.kill(child.pid)',
    ].join('\n')
    expect(
      findBreaches([module('src/commands/lab/made-up.ts', text)]).map((breach) => breach.to),
    ).toEqual(['process.exitCode', 'process.exit', 'process.kill'])
  })

  it('finds a folder that is not on the floor plan', () => {
    expect(
      findBreaches([module('src/helpers/made-up.ts', '')]).map((breach) => breach.wall),
    ).toEqual(['not on the floor plan (add its folder)'])
  })
})
