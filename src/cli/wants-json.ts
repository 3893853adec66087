/**
 * Whether the command line asks for `--json` (before any `--`, after which it
 * would be a path). `--json=true` is a usage error (the flag takes no value),
 * but its script reads stdout too: that error comes as JSON.
 */
export function wantsJson(argv: readonly string[]): boolean {
  const end = argv.indexOf('--')
  return (end === -1 ? argv : argv.slice(0, end)).some(
    (arg) => arg === '--json' || arg.startsWith('--json='),
  )
}

/** The one JSON document of a run stopped by an error before its result. */
export function jsonErrorDocument(error: { code: string; message: string }): string {
  return `${JSON.stringify({ error: { code: error.code, message: error.message } })}\n`
}
