/**
 * The lab contract. A lab is a module in `labs/` whose default export is a
 * `LabDefinition`; the runner (`src/labs/`) owns isolation and cleanup, the
 * lab owns the experiment and records checks through its context.
 */
import type { ChildProcess, SpawnOptions } from 'node:child_process'
import type { Check } from '../model/lab-result.js'

/** What a lab needs from the machine; a missing one makes the lab `skip` with the reason. */
/** The programs a lab may need on PATH. */
export type ToolRequirement = 'cc' | 'go' | 'dbus-daemon' | 'Xvfb' | 'systemd-socket-activate'

export type Requirement =
  | 'linux'
  | 'python3'
  | 'socat'
  /** A user other than root to run a peer as (root bypasses socket file permissions). */
  | 'unprivileged-user'
  /** The `node-unix-socket` addon (SOCK_DGRAM and SOCK_SEQPACKET from Node). */
  | 'node-unix-socket'
  /** A program on PATH the lab runs or builds with (`toolRequirements` says which package has it). */
  | ToolRequirement

/** The kind of echo server `decklab lab serve <id>` starts for a lab. */
export type ServeKind = 'stream' | 'datagram' | 'seqpacket'

/** Options for starting a peer, as a lab passes them. */
export interface PeerOptions {
  /** Whom to run the peer as; `undefined` means "as this process". */
  uid?: number | undefined
  gid?: number | undefined
  /** Give the peer a writable stdin (`process.stdin`), for peers that step on a line we write. */
  stdin?: boolean | undefined
  /** Pass the script's text to `python3 -c` (default: only when `uid` cannot read the script). */
  inline?: boolean | undefined
}

/** A started peer: its process, the text after `READY `, and its further stdout lines. */
export interface StartedPeer {
  process: ChildProcess
  ready: string
  lines: AsyncIterable<string>
}

/** Node's spawn options, and the signal the kernel sends the child when decklab ends. */
export interface LabSpawnOptions extends SpawnOptions {
  /**
   * Default SIGKILL. SIGTERM for a program that removes its own files when
   * it stops, and put them where the runner cannot (Xvfb's /tmp/.X11-unix/XN).
   */
  deathSignal?: 'SIGKILL' | 'SIGTERM' | undefined
}

/** What the runner gives a lab. */
export interface LabContext {
  /** A fresh private (0700) directory with a short path; removed by the runner. */
  dir: string
  /** Aborted when the deadline passes or the user interrupts. */
  signal: AbortSignal
  /** Short unique token (for abstract names etc.), fresh per run. */
  token: string
  /** Append a line to the transcript. */
  log(line: string): void
  /**
   * Record a check. `pass` decides the status; record both sides honestly
   * (a comparison where both sides failed must pass `false`).
   */
  check(check: Omit<Check, 'status'> & { pass: boolean }): void
  /** Record a check as skipped (a precondition for this one check is missing). */
  skipCheck(name: string, reason: string): void
  /** Skip the whole lab with a reason (throws; never counted as a pass). */
  skip(reason: string): never
  /**
   * Spawn a child process in its own process group (the runner kills the
   * group at the end), behind the lifeline: it dies with decklab, even one
   * killed with SIGKILL (`kit/lifeline.ts`). Defaults: cwd = dir, stdio pipes.
   */
  spawn(
    command: string,
    args: readonly string[],
    options?: LabSpawnOptions | undefined,
  ): ChildProcess
  /**
   * Run an independent python3 peer script from `labs/peers/<script>` and
   * wait for its `READY …` line on stdout; resolves with the process and the
   * text after `READY `.
   */
  startPeer(
    script: string,
    args: readonly string[],
    options?: PeerOptions | undefined,
  ): Promise<StartedPeer>
  /** Run a python3 peer script to completion; resolves with its stdout parsed as JSON. */
  runPeer(
    script: string,
    args: readonly string[],
    options?: PeerOptions | undefined,
  ): Promise<unknown>
  /** Register cleanup to run when the lab ends (LIFO), even on failure. */
  defer(cleanup: () => unknown): void
  /**
   * Remove this directory outside `dir` when the run ends, if it is empty
   * then (never what is in it): one the lab made, or a program it started
   * made (Xvfb's /tmp/.X11-unix). The cleanup does it after the `defer`s;
   * should decklab be killed with SIGKILL, which runs no `defer`, the run's
   * janitor does it once the lab's processes are stopped. With
   * `onlyIfKilled`, only the janitor does: the lab removes it itself (a
   * folder runs share, `kit/shared-folder.ts`, is removed under its lock).
   */
  removeWhenEmpty(directory: string, options?: { onlyIfKilled?: boolean } | undefined): void
}

export interface LabDefinition {
  /** kebab-case id, equal to the module's file name. */
  id: string
  title: string
  /** One paragraph: what the lab shows and how. */
  summary: string
  requires: readonly Requirement[]
  /** Every check name the lab can record (so `Lab: id#check` links can be validated statically). */
  checks: readonly string[]
  /** Kind of echo server for `lab serve`, or null. */
  serve: ServeKind | null
  run(context: LabContext): Promise<void>
}
