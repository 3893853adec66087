import { join } from 'node:path'
import type { CommandSpec, ParsedArgs } from '../../cli/command.js'
import { wholeNumberOption } from '../../cli/whole-number-option.js'
import { DecklabError, exitCodes, UsageError } from '../../errors.js'
import { labsDirectory, moduleExtension } from '../../labs/labs-folder.js'
import { loadBrokenLabs, loadLabCatalog, loadLabs, loadMisnamedLabs } from '../../labs/registry.js'
import { formatLabList, formatLabResult } from '../../labs/report.js'
import { notLoaded } from '../../labs/run-linked.js'
import { defaultDeadlineMs, runLab } from '../../labs/runner.js'
import { serveLab } from '../../labs/serve.js'
import { staleLabSources } from '../../labs/stale-sources.js'
import type { LabDefinition } from '../../labs/types.js'
import type { LabResult } from '../../model/lab-result.js'
import { vaultLabHint } from '../../notes/vault-lab.js'
import { vaultRootFor } from '../../notes/vault-root.js'
import { packageRoot } from '../../package-info.js'
import { fitText, fitWidth, type Io, stdoutColors, writeJson } from '../../terminal/io.js'
import { terminalLine } from '../../terminal/safe-text.js'
import { nearestName } from '../../text/nearest-name.js'
import { programName } from '../../text/program-name.js'

/** `decklab lab list|run|serve`: the Unix-domain-socket labs. */
export const command: CommandSpec = {
  name: 'lab',
  usage: `${programName()} lab list [--json] | run <id> [--deadline MS] [--json] | serve <id> [--path P] [--json]`,
  description:
    '`list` shows every lab and the kind of echo server it serves.\n\n' +
    `\`run\` runs one lab in a fresh private temp directory and prints a transcript, then each check with what was expected, what was observed and the evidence. A lab stopped at its deadline is an error, run once (only \`verify\` runs it again with longer): its reason says whether other processes kept the CPUs at least half busy meanwhile (\`TIMEOUT\`, "the machine may be busy; rerun with --deadline N") or the CPUs were mostly idle ("the lab may be stuck"). Exit 0 when the lab passes, 1 when it fails or errors (a \`TIMEOUT\` too), 2 when no lab directory can be made in TMPDIR (130 when interrupted; with \`--json\` the result then says \`"interrupted": true\`). A lab whose code holds decklab's thread (a synchronous loop, \`execSync\`) is stopped 2 s after its deadline with exit 1 (\`--json\`: the error \`lab-blocked\`), or 1 s after Ctrl-C with exit 130, its processes and directory removed. A lab whose requirement is missing (python3, socat, an unprivileged user, the node-unix-socket addon) is skipped: the reason is printed and the exit code is 0, but a skip proves nothing (\`${programName()} verify\` counts it as unverified).\n\n` +
    "`serve` starts the lab's echo server (stream, datagram or seqpacket), prints `READY <path>` as the first line on stdout (with `--json`, one JSON document instead: `ready`, `lab`, `kind`, `address` and `clients`, the client commands), logs each exchange on stderr, and serves until SIGINT, SIGTERM or SIGHUP, then removes its socket file and exits 130. On stderr it prints client commands that work for its kind: `nc -U P` or `socat - UNIX-CONNECT:P` for stream, `nc -uU -s P.nc P` for datagram (a datagram client must bind a path of its own to get a reply, and `-s` puts nc's beside the server's socket instead of in a /tmp/nc-XXXXXX folder that a Ctrl-C leaves behind; an abstract name gets none; socat drops a reply from any other spelling of the address it sent to, so give it the path as printed), and `socat - UNIX-CONNECT:P,socktype=5` for seqpacket (`nc -U` cannot open a seqpacket socket).",
  options: {
    json: {
      type: 'boolean',
      description:
        'print JSON on stdout (list, run; serve: one document once ready, then each exchange and the stop as JSON lines on stderr)',
    },
    deadline: {
      type: 'string',
      value: 'MS',
      description: `stop the lab as an error after MS milliseconds (default ${defaultDeadlineMs})`,
    },
    path: {
      type: 'string',
      value: 'P',
      description: 'socket path for `serve` (default: a fresh temp dir)',
    },
  },
  allowPositionals: true,
  examples: [
    `${programName()} lab list`,
    `${programName()} lab run stream-echo`,
    `${programName()} lab run dgram-boundaries --json`,
    `${programName()} lab serve seqpacket-boundaries --path ./echo.sock`,
  ],
  async run(args, io) {
    const [action, ...rest] = args.positionals
    if (action === 'list' || action === 'run' || action === 'serve') warnStaleLabs(io)
    switch (action) {
      case 'list':
        expectArguments(rest, 0, `${programName()} lab list`)
        expectOptions('list', args)
        return list(args, io)
      case 'run':
        expectArguments(rest, 1, `${programName()} lab run <id>`)
        expectOptions('run', args)
        return runOne(await labToRun(rest[0]!, io.cwd), args, io)
      case 'serve':
        expectArguments(rest, 1, `${programName()} lab serve <id>`)
        expectOptions('serve', args)
        // An empty path (an unset shell variable) would name the current folder.
        if (typeof args.values.path === 'string' && args.values.path.trim() === '') {
          throw new UsageError('`--path` needs a socket path')
        }
        return serveLab(await labToServe(rest[0]!, io.cwd), {
          path: typeof args.values.path === 'string' ? args.values.path : undefined,
          json: args.values.json === true,
          io,
        })
      case undefined:
        throw new UsageError('expected an action: list, run <id> or serve <id>')
      default:
        throw new UsageError(await unknownAction(action))
    }
  },
}

/**
 * The refusal of an action that is none: a lab's id typed where the action goes
 * (`decklab lab stream-echo`) is told how to run it, anything else the nearest action.
 */
async function unknownAction(action: string): Promise<string> {
  const catalog = await loadLabCatalog()
  if (catalog.checks.has(action) || catalog.broken.has(action)) {
    return `\`${action}\` is a lab, not an action (list, run or serve): run it with \`${programName()} lab run ${action}\``
  }
  const suggestion = nearestName(action, ['list', 'run', 'serve'])
  return `unknown action \`${action}\`${suggestion ? ` (did you mean \`${suggestion}\`?)` : ''}, expected list, run or serve`
}

/** The lab `id` when it has an echo server; else a refusal naming the labs that have one. */
async function labToServe(id: string, cwd: string): Promise<LabDefinition> {
  const lab = await labById(id, cwd)
  if (lab.serve !== null) return lab
  const serving = (await loadLabs())
    .filter((other) => other.serve !== null)
    .map((other) => other.id)
  throw new UsageError(
    `lab ${id} has no server, expected a lab that serves one: ${serving.join(', ')} (the SERVE column of \`${programName()} lab list\`)`,
  )
}

/** A lab written or edited since `npm run build` is said on stderr, before it is looked for. */
export function warnStaleLabs(io: Io): void {
  // Run from sources (under vitest), nothing is compiled to be stale.
  if (moduleExtension !== '.js') return
  const notes = staleLabSources(join(packageRoot(), 'labs'), labsDirectory())
  for (const note of notes) io.stderr.write(`warning ${note}\n`)
}

type Action = 'list' | 'run' | 'serve'

/** The options each action reads; any other is refused rather than silently ignored. */
const actionOptions: Record<Action, readonly string[]> = {
  list: ['json'],
  run: ['json', 'deadline'],
  serve: ['json', 'path'],
}

function expectOptions(action: Action, args: ParsedArgs): void {
  const allowed = actionOptions[action]
  for (const [name, value] of Object.entries(args.values)) {
    if (value === undefined || allowed.includes(name)) continue
    const owners = (Object.keys(actionOptions) as Action[]).filter((other) =>
      actionOptions[other].includes(name),
    )
    throw new UsageError(
      `Unexpected option \`--${name}\` for \`lab ${action}\`, expected ${allowed.map((option) => `\`--${option}\``).join(' or ')} (\`--${name}\` is for \`lab ${owners.join('`, `lab ')}\`)`,
    )
  }
}

function expectArguments(rest: readonly string[], count: number, usage: string): void {
  if (rest.length < count) throw new UsageError(`missing the lab id: ${usage}`)
  if (rest.length > count) throw new UsageError(`unexpected argument \`${rest[count]}\`: ${usage}`)
}

/**
 * The lab `lab run <id>` runs: its definition, or, for a lab whose module
 * failed to load, the error result `verify` gives it (the id was right: the
 * lab is what is wrong, so it is a lab error, exit 1, not a usage error).
 */
async function labToRun(id: string, cwd: string): Promise<LabDefinition | LabResult> {
  const problem = (await loadBrokenLabs()).get(id)
  return problem === undefined ? labById(id, cwd) : notLoaded(id, problem)
}

async function labById(id: string, cwd: string): Promise<LabDefinition> {
  const labs = await loadLabs()
  const lab = labs.find((candidate) => candidate.id === id)
  if (lab) return lab
  const problem = (await loadBrokenLabs()).get(id)
  if (problem) throw new DecklabError('broken-lab', `lab \`${id}\` cannot be loaded: ${problem}`)
  // A lab file renamed without its id: that file is meant, not the nearest other lab.
  const file = (await loadMisnamedLabs()).get(id)
  if (file !== undefined) {
    throw new UsageError(
      `unknown lab \`${id}\`: \`labs/${file}.ts\` declares it, but a lab's id is its file name (that module is broken; see \`${programName()} lab list\`)`,
    )
  }
  // A lab of the vault decklab stands in is no typo: say why it is unknown, not another lab's id.
  const inVault = vaultLabHint(vaultRootFor(cwd, cwd, true), id, join(packageRoot(), 'labs'))
  if (inVault !== undefined) throw new UsageError(`unknown lab \`${id}\`. ${inVault}`)
  // A card's `Lab: id#check` copied whole: a lab runs all its checks, so the id is meant.
  const [linked, check] = id.split('#')
  const whole = check === undefined ? undefined : labs.find((candidate) => candidate.id === linked)
  if (whole) {
    throw new UsageError(
      `unknown lab \`${id}\`; did you mean \`${whole.id}\`? A lab runs all its checks${whole.checks.includes(check as string) ? `, \`${check}\` among them` : ''}`,
    )
  }
  const suggestion = nearestName(
    id,
    labs.map((candidate) => candidate.id),
  )
  throw new UsageError(
    `unknown lab \`${id}\`${suggestion ? `; did you mean \`${suggestion}\`?` : ''} (see \`${programName()} lab list\`)`,
  )
}

async function list(args: ParsedArgs, io: Io): Promise<number> {
  const labs = await loadLabs()
  const broken = await loadBrokenLabs()
  if (args.values.json === true) {
    writeJson(io, {
      labs: labs.map((lab) => ({
        id: lab.id,
        title: lab.title,
        serve: lab.serve,
        summary: lab.summary,
        requires: lab.requires,
        checks: lab.checks,
      })),
      // What makes the exit 1: a reader of the document alone sees why.
      broken: [...broken].map(([id, reason]) => ({ id, reason })),
    })
  } else {
    io.stdout.write(formatLabList(labs, fitWidth(io.stdout, io.env)))
  }
  for (const problem of broken.values()) io.stderr.write(`error ${terminalLine(problem)}\n`)
  return broken.size === 0 ? exitCodes.ok : exitCodes.findings
}

async function runOne(lab: LabDefinition | LabResult, args: ParsedArgs, io: Io): Promise<number> {
  const deadlineMs = parseDeadline(args.values.deadline)
  const result = 'run' in lab ? await runLab(lab, { deadlineMs, signal: io.signal }) : lab
  // Stopped by a signal, the result says so: its status is the lab's as far as it ran.
  if (args.values.json === true) {
    writeJson(io, io.signal.aborted ? { ...result, interrupted: true } : result)
  } else {
    const report = formatLabResult(result, stdoutColors(io))
    // On a terminal each line wraps at words under its indent, as `lab list` and `verify` fit
    // theirs (the terminal broke them anywhere, to its left edge); a pipe gets them whole.
    io.stdout.write(fitText(report, fitWidth(io.stdout, io.env)))
  }
  if (io.signal.aborted) return exitCodes.interrupted
  return result.status === 'pass' || result.status === 'skip' ? exitCodes.ok : exitCodes.findings
}

/** A timer takes at most 2^31 − 1 ms; Node fires a longer one after 1 ms. */
const maxTimerMs = 2 ** 31 - 1

/** `--deadline MS` (lab run, verify): a lab's deadline, `runLab`'s default when not given. */
export function parseDeadline(value: unknown): number {
  return (
    wholeNumberOption('--deadline', value, {
      min: 1,
      max: maxTimerMs,
      unit: 'milliseconds',
      note: 'about 24 days',
    }) ?? defaultDeadlineMs
  )
}
