import { basename } from 'node:path'

/** The environment variables the name is read from (an `Io`'s `env`). */
export type ProgramEnvironment = Readonly<Record<string, string | undefined>>

/**
 * How a command the user is told to type names decklab: `npx decklab` when
 * npm started it as `decklab` (`npx decklab …`, `npm exec decklab …`, or an
 * npm script whose command is `decklab …`), else `decklab` (on the PATH after
 * `npm link` or a global install, or `node lib/src/main.js`).
 *
 * A clone has no `decklab` on the PATH, so the README runs every command as
 * `npx decklab …`; a hint saying `decklab build` fails there with "command not
 * found". npm 7 to 11 set `npm_command` (`exec` for npx, npm exec and npm x;
 * `run`, `run-script` before npm 11, for a script) and `npm_lifecycle_script`,
 * the command line it runs: `'decklab'` (quoted, its arguments apart) for
 * `npx decklab build`, the script's text for a script. Only its first word
 * counts: `npx vitest`, `npm test` and the tests they start (which spawn
 * `lib/src/main.js` under those variables) stay `decklab`.
 */
export function programNameIn(env: ProgramEnvironment): 'npx decklab' | 'decklab' {
  const command = env.npm_command
  if (command !== 'exec' && command !== 'run' && command !== 'run-script') return 'decklab'
  const first = /^\s*(?:'([^']*)'|"([^"]*)"|(\S+))/.exec(env.npm_lifecycle_script ?? '')
  const word = first?.[1] ?? first?.[2] ?? first?.[3]
  return word !== undefined && basename(word) === 'decklab' ? 'npx decklab' : 'decklab'
}

let name: string = 'decklab'

/**
 * Name decklab as the run whose environment is `env` was started: the CLI
 * calls it once, with its Io's environment, before any command (stages never
 * read `process.env`). Until then, and in a test that calls a stage itself,
 * the name is `decklab`. Text made when a module loads (each command's spec,
 * help's options) has the name because the CLI imports those modules after
 * this call (the command table and help are loaded lazily).
 */
export function nameProgramFrom(env: ProgramEnvironment): void {
  name = programNameIn(env)
}

/** decklab's name as this run was started (`nameProgramFrom`), for the commands a message tells the user to type. */
export function programName(): string {
  return name
}
