/**
 * The terminal in ASCII (`ascii-output.ts`): an `Io` whose stdout and stderr,
 * when they are terminals, write the ASCII stand-ins of decklab's marks.
 */
import { asciiStream, widerInAscii } from './ascii-output.js'
import { measureAsDrawn } from './cell-width.js'
import type { Io } from './io.js'

/**
 * `io` with what goes to a terminal in ASCII, for a locale that is not
 * UTF-8. Pipes and files get the text as it is.
 */
export function asciiTerminal(io: Io): Io {
  const ascii = <T extends Io['stdout']>(stream: T) => {
    if (stream.isTTY !== true) return stream
    // Lines are fitted to the terminal with `≥` as the two cells `>=` takes there.
    measureAsDrawn(widerInAscii())
    return asciiStream(stream)
  }
  const stdout = once(() => ascii(io.stdout))
  const stderr = once(() => ascii(io.stderr))
  // Getters: `stdin` and `stdout` are opened on first use (main.ts).
  return {
    cwd: io.cwd,
    env: io.env,
    now: io.now,
    signal: io.signal,
    get stdin() {
      return io.stdin
    },
    get stdout() {
      return stdout()
    },
    get stderr() {
      return stderr()
    },
  }
}

/** `make`'s value, made on the first call. */
function once<T>(make: () => T): () => T {
  let made: { value: T } | undefined
  return () => {
    made ??= { value: make() }
    return made.value
  }
}
