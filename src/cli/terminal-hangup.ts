/**
 * The terminal hanging up under a running command: its window closed, or
 * the ssh link dropped. Node cannot survive that on its own: a terminal
 * that hung up fails every mode change with EIO. readline's
 * `setRawMode(false)` when the dead terminal's input ends becomes an
 * uncaught error, and Node's own exit then restores the terminal's mode
 * (`ResetStdio`), asserts on that same EIO and crashes (SIGSEGV), whatever
 * the command did. So a mode change on a terminal that hung up does
 * nothing, and a process whose terminal hung up ends the way a closed
 * terminal ends a program: by SIGHUP's default action, once the command
 * has stopped (after the SIGHUP handler let it save and clean up): `main.ts`
 * does that, the one module that ends the process.
 */
import { fstatSync } from 'node:fs'
import { isatty } from 'node:tty'

/** Which file a descriptor is open on (a terminal that hung up is still that file). */
function fileOf(descriptor: number): string | undefined {
  try {
    const stats = fstatSync(descriptor)
    return `${stats.dev}:${stats.ino}`
  } catch {
    return undefined
  }
}

/** The standard streams that were terminals at start, and the file each was. */
const terminals = [0, 1, 2]
  .filter((descriptor) => isatty(descriptor))
  .map((descriptor) => ({ descriptor, file: fileOf(descriptor) }))

/**
 * Whether a standard stream that was a terminal is one no more (it hung up:
 * `isatty` fails with EIO). Not when decklab put another file in its place:
 * the lab watchdog's stop points stderr at /dev/null, and a held lab stopped
 * on a terminal then ended by SIGHUP (status 129, "Hangup") instead of exit 1.
 */
export function terminalHungUp(): boolean {
  return terminals.some(
    ({ descriptor, file }) => !isatty(descriptor) && fileOf(descriptor) === file,
  )
}

/**
 * Make `stdin.setRawMode` do nothing once the terminal hung up, instead of
 * emitting EIO; and call `onHangup` when its input ends because it hung up.
 * That end may come before the SIGHUP, and with nothing left to wait for
 * (a prompt waiting on that input) the process would exit there, in the
 * middle of the command: `onHangup` stops the command as SIGHUP does.
 */
export function watchTerminalHangup(stdin: NodeJS.ReadStream, onHangup: () => void): void {
  if (!stdin.isTTY || typeof stdin.setRawMode !== 'function') return
  const setRawMode = stdin.setRawMode.bind(stdin)
  stdin.setRawMode = (mode: boolean) => (terminalHungUp() ? stdin : setRawMode(mode))
  stdin.on('end', () => {
    if (terminalHungUp()) onHangup()
  })
}

/** Whether a standard stream was a terminal at start (only then can one hang up). */
export function startedOnTerminal(): boolean {
  return terminals.length > 0
}
