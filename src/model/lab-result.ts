/**
 * What a lab run gives (DESIGN.md §3): a `LabResult` with its `Check`s and
 * the values they observed. The lab runner (src/labs) writes it; the verify
 * judge and the reports read it, so it is part of the model every stage
 * shares, not of the runner.
 */

export type LabStatus = 'pass' | 'fail' | 'skip' | 'error'
export type CheckStatus = 'pass' | 'fail' | 'skip'

/**
 * The kinds of value a check can publish; the verify judge compares a card's
 * answer with values of the same kind (an errno name with errno names, a
 * number with numbers, …).
 */
export type ValueKind =
  /** An errno name: `ECONNREFUSED`. */
  | 'errno'
  /** A decimal number, optionally with a unit the card may state: `108`, `212992`. */
  | 'number'
  /** A file mode in octal: `0755`, `srwxr-xr-x` style text is not a mode value. */
  | 'mode'
  /** A yes/no outcome: `yes` or `no`, named by `label` (e.g. `label: 'blocks'`). */
  | 'bool'
  /** An order of events or messages, items joined by ` < `: `a < b < c`. */
  | 'order'
  /** A symbolic name that is not an errno: `MSG_TRUNC`, `SIGPIPE`, `SOCK_DGRAM`. */
  | 'name'

/** One fact the kernel showed, as a value a card's answer can be compared with. */
export interface ObservedValue {
  kind: ValueKind
  value: string
  /** What the value is, in a few words (`max_dgram_qlen`, `bytes read`). */
  label?: string | undefined
  /**
   * A name the lab chose (the option it set, the call it made), not one the
   * kernel gave back: a card must still state it, but stating it compares
   * nothing of what the card claims about it.
   */
  input?: true | undefined
  /**
   * What the value is said of, as the card names it: phrases with ` | `
   * between alternatives (`TCP | port`, `missing path | does not exist`).
   * A card that states the value only of another subject is refuted, and
   * one that states several values of a kind none of which it binds is not
   * compared (src/verify/README.md, "Binding").
   */
  about?: string | undefined
  /**
   * The other side of the comparison the lab ran, of which the value does
   * not hold (`TCP` for a UDS that `fails` with EAGAIN where TCP waits):
   * a card that states the value only of it is refuted.
   */
  contrast?: string | undefined
}

export interface Check {
  /** kebab-case, unique within the lab; cards link it as `Lab: lab-id#check-name`. */
  name: string
  status: CheckStatus
  /** What the card claims, in words or as a value. */
  expected: string
  /** What was observed, in words or as a value. */
  observed: string
  /** Raw evidence: errno names, /proc/net/unix lines, file modes, byte counts. */
  evidence?: string[] | undefined
  /**
   * The observed fact as a short value (e.g. `ECONNREFUSED`, `108`). A
   * "type in the answer" card linking this check is confirmed only if its
   * Back equals this value (case and whitespace normalised).
   */
  value?: string | undefined
  /** Every fact this check observed as a typed value (the judge compares cards with these). */
  values?: ObservedValue[] | undefined
}

export interface LabResult {
  lab: string
  title: string
  status: LabStatus
  checks: Check[]
  durationMs: number
  /** Human transcript of what happened, line by line. */
  transcript: string[]
  /** Why the lab was skipped or errored. */
  reason?: string | undefined
  /** Leftovers found after the lab (socket files, temp dirs, processes): non-empty means fail. */
  leftovers?: string[] | undefined
  /** Set when the lab was stopped at its deadline (status `error`): how long it had, how busy the machine was. */
  outOfTime?: OutOfTime | undefined
}

/**
 * A lab stopped at its deadline. A busy machine slows a lab past it without
 * anything being wrong: then `verify` counts its cards as unverified, not its
 * run as broken (README, "Verifying cards").
 */
export interface OutOfTime {
  /** Each run's deadline, in order (two when `verify` ran the lab again). */
  deadlinesMs: number[]
  /** Other processes' share of the CPUs' time during the last run, in percent; null when it could not be told (a deadline under 0.5 s, no /proc/stat). */
  othersBusyPercent: number | null
  /**
   * Other processes kept the CPUs at least half busy, or a CPU quota held decklab back for at least
   * half the deadline: the machine, not the lab, is the likely cause.
   */
  busy: boolean
  /** How long a CPU quota held decklab's control group back during the last run, in ms; absent when it did not (or there is none). */
  throttledMs?: number | undefined
}

/**
 * A lab a busy machine kept past its deadline: shown as `TIMEOUT`, not
 * `ERROR`, since nothing is wrong with it (`verify` does not count it as
 * broken, and its cards are unverified, not judged on an error).
 */
export function isBusyTimeout(result: LabResult): boolean {
  return result.status === 'error' && result.outOfTime?.busy === true
}
