import { basename } from 'node:path'

/** The environment variables the name is read from (a part of `process.env`). */
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

let name: string | undefined

/** decklab's name as this run was started (`programNameIn` of this process), read once. */
export function programName(): string {
  name ??= programNameIn(process.env)
  return name
}
