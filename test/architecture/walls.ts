/**
 * The walls between decklab's floors, as data, and the check that reads them
 * from the code: which folder may import which (docs/architecture.md draws
 * the same table), and that only `src/main.ts` ends the process.
 */
import { dirname, posix } from 'node:path'
import ts from 'typescript'
import type { SourceModule } from './source-modules.js'

/** The floors, from the ground up. */
export type Floor =
  | 'model'
  | 'bottom'
  | 'diagnostics'
  | 'stage'
  | 'commands'
  | 'cli'
  | 'main'
  | 'labs'

/** Every folder (or top-level file) of `src/` and `labs/` on its floor. A new one must be added here. */
export const floorPlan: Readonly<Record<string, Floor>> = {
  'src/model': 'model',
  // The bottom floor: helpers every floor may use, importing nothing of decklab but each other.
  'src/errors.ts': 'bottom',
  'src/package-info.ts': 'bottom',
  'src/interrupt.ts': 'bottom',
  'src/locks': 'bottom',
  'src/fs': 'bottom',
  'src/terminal': 'bottom',
  'src/text': 'bottom',
  // The Markdown reading both card renderers (Anki's HTML, the quiz's terminal) share.
  'src/markdown': 'bottom',
  'src/diagnostics': 'diagnostics',
  // The stages: each a pure step of the data flow (I/O only at its edges), importing no other stage.
  'src/notes': 'stage',
  'src/ids': 'stage',
  'src/render': 'stage',
  'src/anki': 'stage',
  'src/rebuild': 'stage',
  'src/media': 'stage',
  'src/quiz': 'stage',
  'src/labs': 'stage',
  'src/verify': 'stage',
  'src/sync': 'stage',
  'src/preview': 'stage',
  'src/commands': 'commands',
  'src/cli': 'cli',
  'src/main.ts': 'main',
  labs: 'labs',
}

/** What each floor may import besides its own folder: floors, or single folders (`src/labs`). */
export const mayImport: Readonly<Record<Floor, readonly string[]>> = {
  model: [],
  bottom: ['bottom'],
  diagnostics: ['model', 'bottom'],
  stage: ['model', 'bottom', 'diagnostics'],
  // The only place where stages meet: each command's pipeline.
  commands: ['model', 'bottom', 'diagnostics', 'stage', 'commands', 'cli'],
  // argv wiring and the lazy command table.
  cli: ['model', 'bottom', 'diagnostics', 'commands'],
  main: ['cli', 'bottom'],
  // Lab definitions are experiments on the lab toolkit, never on notes, render or anki; the
  // model gives them the vocabulary of results (an observed value's kinds).
  labs: ['model', 'bottom', 'src/labs'],
}

/**
 * The one module besides `src/main.ts` that may end the process, how, and
 * why. The lab watchdog's thread runs beside a main thread that a lab's code
 * holds: it asks `main.ts` to end the process (through `src/interrupt.ts`),
 * and kills the process itself only when the main thread, stuck in a system
 * call, never takes the request.
 */
export const exitExceptions: Readonly<Record<string, { allowed: readonly string[]; why: string }>> =
  {
    'src/labs/watchdog-thread.ts': {
      allowed: ['process.kill'],
      why: "the last resort when a lab's code holds the main thread in a system call",
    },
    'src/labs/exit-guard.ts': {
      allowed: ['process.exit'],
      why: "it puts a guard in place of process.exit while labs run, so a lab's call throws; decklab's own calls go through",
    },
  }

/** An import across a wall, or a process exit outside `src/main.ts`. */
export interface Breach {
  from: string
  /** The imported module, or `process.exit`-like for an exit. */
  to: string
  wall: string
}

/** The folder (or top-level file) of the floor plan a path belongs to, if any. */
export function areaOf(path: string): string | undefined {
  const parts = path.split('/')
  for (let length = parts.length; length > 0; length -= 1) {
    const candidate = parts.slice(0, length).join('/')
    if (candidate in floorPlan) return candidate
  }
  return undefined
}

/** The decklab modules a module imports (static, `export … from`, `import()`), as `.ts` paths, each once. */
export function importsOf(module: SourceModule): string[] {
  const imported = ts.preProcessFile(module.text, true, true).importedFiles
  const paths = imported
    .map((file) => file.fileName)
    .filter((name) => name.startsWith('./') || name.startsWith('../'))
    .map((name) => posix.join(dirname(module.path), name).replace(/\.js$/, '.ts'))
  return [...new Set(paths)]
}

/** How a module ends the process or sets its exit code (`process.exit`, `process.exitCode`, killing itself), one entry per use. */
export function exitsOf(module: SourceModule): string[] {
  const source = ts.createSourceFile(module.path, module.text, ts.ScriptTarget.Latest, true)
  const found: string[] = []
  const visit = (node: ts.Node): void => {
    if (
      ts.isPropertyAccessExpression(node) &&
      ts.isIdentifier(node.expression) &&
      node.expression.text === 'process'
    ) {
      const name = node.name.text
      const killsItself =
        name === 'kill' &&
        ts.isCallExpression(node.parent) &&
        node.parent.arguments[0]?.getText(source) === 'process.pid'
      if (name === 'exit' || name === 'exitCode' || name === 'abort' || killsItself) {
        found.push(`process.${name}`)
      }
    }
    ts.forEachChild(node, visit)
  }
  visit(source)
  return found
}

/** Every breach of the walls among `modules`. */
export function findBreaches(modules: readonly SourceModule[]): Breach[] {
  const breaches: Breach[] = []
  for (const module of modules) {
    const area = areaOf(module.path)
    if (area === undefined) {
      breaches.push({
        from: module.path,
        to: module.path,
        wall: 'not on the floor plan (add its folder)',
      })
      continue
    }
    if (area === 'src/commands' && dirname(module.path) === 'src/commands') {
      breaches.push({
        from: module.path,
        to: module.path,
        wall: 'each command lives in src/commands/<name>/',
      })
    }
    for (const target of importsOf(module)) {
      const wall = wallBetween(area, areaOf(target))
      if (wall) breaches.push({ from: module.path, to: target, wall })
    }
    if (module.path !== 'src/main.ts') {
      const allowed = exitExceptions[module.path]?.allowed ?? []
      for (const exit of exitsOf(module)) {
        if (allowed.includes(exit)) continue
        breaches.push({ from: module.path, to: exit, wall: 'only src/main.ts exits' })
      }
    }
  }
  return breaches
}

/** Why an import from one area to another crosses a wall, or undefined when it may. */
function wallBetween(from: string, to: string | undefined): string | undefined {
  if (to === undefined) return 'imports a module that is not on the floor plan'
  if (from === to) return undefined
  const fromFloor = floorPlan[from] as Floor
  const toFloor = floorPlan[to] as Floor
  const allowed = mayImport[fromFloor]
  if (allowed.includes(toFloor) || allowed.includes(to)) return undefined
  if (fromFloor === 'model') return 'the model imports nothing of decklab'
  if (toFloor === 'cli' || toFloor === 'commands') return `the core never imports ${to}`
  if (fromFloor === 'stage' && toFloor === 'stage') return 'stages do not import each other'
  if (fromFloor === 'labs') return 'lab definitions import only src/labs and the bottom floor'
  return `${fromFloor} (${from}) may not import ${toFloor} (${to})`
}
