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
import { isatty } from 'node:tty'

/** The standard streams that were terminals at start. */
const terminals = [0, 1, 2].filter((descriptor) => isatty(descriptor))

/** Whether a standard stream that was a terminal is one no more (it hung up: `isatty` fails with EIO). */
export function terminalHungUp(): boolean {
  return terminals.some((descriptor) => !isatty(descriptor))
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
