/** Minimal ANSI styling; identity functions when colour is off (NO_COLOR, not a TTY). */
export interface Colors {
  enabled: boolean
  red(text: string): string
  green(text: string): string
  yellow(text: string): string
  cyan(text: string): string
  dim(text: string): string
  bold(text: string): string
  underline(text: string): string
  strikethrough(text: string): string
}

function wrap(enabled: boolean, open: number, close: number) {
  return (text: string) => (enabled ? `\u001b[${open}m${text}\u001b[${close}m` : text)
}

export function createColors(enabled: boolean): Colors {
  return {
    enabled,
    red: wrap(enabled, 31, 39),
    green: wrap(enabled, 32, 39),
    yellow: wrap(enabled, 33, 39),
    cyan: wrap(enabled, 36, 39),
    dim: wrap(enabled, 2, 22),
    bold: wrap(enabled, 1, 22),
    underline: wrap(enabled, 4, 24),
    strikethrough: wrap(enabled, 9, 29),
  }
}

/**
 * Colour only for a terminal, and never when `NO_COLOR` is set
 * (https://no-color.org) or the terminal says it has none (`TERM=dumb`:
 * Emacs's shell, some CI logs; Node's `hasColors()` says the same).
 */
export function shouldColor(
  stream: { isTTY?: boolean | undefined },
  env: Record<string, string | undefined>,
): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true
  return stream.isTTY === true && env.TERM !== 'dumb'
}

/** `text` without the SGR codes above, to measure or align what a reader sees. */
export function stripColors(text: string): string {
  return text.replace(/\u001b\[[\d;]*m/g, '')
}
