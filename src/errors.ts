/**
 * Exceptions are for programmer and environment errors; problems in user
 * content are Diagnostics. Only `main.ts` turns these into exit codes.
 */
export class DecklabError extends Error {
  readonly code: string
  constructor(code: string, message: string, options?: { cause?: unknown } | undefined) {
    super(message, options)
    this.name = 'DecklabError'
    this.code = code
  }
}

/**
 * A command line wrong as typed (an unknown flag, a missing or bad value):
 * exit 2, printed with "Run `decklab <command> --help` for usage." A refusal
 * of what is on disk or in the environment (a file in the way, a folder that
 * cannot be written, a lock held) is a `DecklabError` with a code of its own
 * (`output-not-ours`, `vault-locked`, …), exit 2 without that line.
 */
export class UsageError extends DecklabError {
  constructor(message: string, options?: { cause?: unknown } | undefined) {
    super('usage', message, options)
    this.name = 'UsageError'
  }
}

/** Thrown by a command that has already printed its message; carries the exit code. */
export class ExitError extends Error {
  readonly exitCode: number
  constructor(exitCode: number) {
    super(`exit ${exitCode}`)
    this.name = 'ExitError'
    this.exitCode = exitCode
  }
}

/** SIGINT, SIGTERM or SIGHUP arrived: the command stopped before finishing (exit 130). */
export class InterruptedError extends DecklabError {
  constructor(signal = 'a signal', options?: { cause?: unknown } | undefined) {
    super('interrupted', `interrupted by ${signal}`, options)
    this.name = 'InterruptedError'
  }
}

/** A broken invariant: printed with a "please report" hint, exit 70. */
export class InternalError extends DecklabError {
  constructor(message: string, options?: { cause?: unknown } | undefined) {
    super('internal', message, options)
    this.name = 'InternalError'
  }
}

/** Exit codes are a documented contract. */
export const exitCodes = {
  ok: 0,
  findings: 1,
  usage: 2,
  internal: 70,
  interrupted: 130,
} as const
