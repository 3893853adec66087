/**
 * The janitor: the part of a lab's clean-up that outlives a decklab killed
 * with SIGKILL. The runner stops a lab's process groups and removes its
 * directory itself, but a SIGKILLed decklab runs no code: the lifeline's
 * death signal reaches only the processes decklab started, not what they
 * fork, and the directory stays in TMPDIR.
 *
 * So each lab run starts a small shell, in a session of its own (no
 * terminal's Ctrl-C reaches it), that reads the run's directory and process
 * groups from a pipe. When the run has cleaned up, decklab writes `done` and
 * the shell ends. When decklab dies first, the kernel closes the pipe
 * without it: the shell stops the groups (SIGTERM, then SIGKILL for what is
 * left after a second) and removes the directory, and each directory outside
 * it the lab made (`context.removeWhenEmpty`) that its processes, answering
 * SIGTERM, left empty, unless another run uses it (a folder runs share,
 * `kit/shared-folder.ts`: that run removes it as it ends).
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'

const shell = '/bin/sh'

// Group ids are numbers and the path is the rest of its line, so no word of
// the input is ever run or globbed. No \`--\` before a negative pid: dash's
// kill takes none.
const script = `trap '' HUP INT PIPE
groups=
dir=
while IFS= read -r line; do
  case $line in
    done) exit 0 ;;
    'g '*) groups="$groups \${line#g }" ;;
    'd '*) dir=\${line#d } ;;
    'e '*) empties="$empties\${line#e }
" ;;
  esac
done
for group in $groups; do kill -TERM "-$group" 2>/dev/null; done
tries=0
while [ "$tries" -lt 10 ]; do
  alive=
  for group in $groups; do kill -0 "-$group" 2>/dev/null && alive=1; done
  [ -z "$alive" ] && break
  sleep 0.1
  tries=$((tries + 1))
done
for group in $groups; do kill -KILL "-$group" 2>/dev/null; done
if [ -n "$dir" ]; then rm -rf -- "$dir"; fi
printf '%s' "$empties" | while IFS= read -r empty; do
  grep -qF "@decklab-made:$empty:" /proc/net/unix 2>/dev/null || rmdir -- "$empty" 2>/dev/null
done
`

/** One lab run's janitor. */
export interface Janitor {
  /** Its pid (a child of decklab while the run lasts). */
  readonly pid: number | undefined
  /** Stop this process group too, should decklab die. */
  watchGroup(groupId: number): void
  /** Remove this directory should decklab die (the run's, once it is made). */
  watchDirectory(directory: string): void
  /** Remove this directory, if it is empty once the groups are stopped, should decklab die. */
  watchEmptyDirectory(directory: string): void
  /** The run has cleaned up after itself: the janitor ends without doing anything. */
  dismiss(): Promise<void>
}

/**
 * Start the janitor of a run working in `directory` (or in one it names
 * later with `watchDirectory`: started before the directory is made, the
 * janitor knows it from the moment it exists). A path holding a line break
 * cannot be written on one line: then only the groups are watched.
 */
export function startJanitor(directory?: string): Janitor {
  const child: ChildProcess = spawn(shell, ['-c', script], {
    stdio: ['pipe', 'ignore', 'ignore'],
    detached: true,
  })
  // No /bin/sh, or the pipe broken: the run goes on without a janitor.
  child.on('error', () => {})
  child.stdin?.on('error', () => {})
  // Never what keeps decklab running: at exit the pipe closes, and the janitor acts.
  child.unref()
  ;(child.stdin as { unref?: () => void } | null)?.unref?.()
  // A failed spawn (EAGAIN at the user's process limit) emits 'error', which rejects `once`:
  // that janitor never ran, so it has nothing to wait for.
  const exited =
    child.exitCode !== null
      ? Promise.resolve()
      : once(child, 'exit').then(
          () => {},
          () => {},
        )
  const send = (line: string) => {
    if (child.stdin?.writable) child.stdin.write(`${line}\n`)
  }
  const oneLine = (kind: 'd' | 'e') => (path: string) => {
    if (!/[\n\r]/.test(path)) send(`${kind} ${path}`)
  }
  const watchDirectory = oneLine('d')
  if (directory !== undefined) watchDirectory(directory)
  return {
    pid: child.pid,
    watchGroup: (groupId) => send(`g ${groupId}`),
    watchDirectory,
    watchEmptyDirectory: oneLine('e'),
    dismiss: async () => {
      if (child.pid === undefined) return
      send('done')
      child.stdin?.end()
      // Waited for (held, so the wait keeps decklab running): it ends at once; one that
      // does not within 2 s is left to end with decklab's pipe.
      child.ref()
      let timer: NodeJS.Timeout | undefined
      const late = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, 2_000)
      })
      await Promise.race([exited, late])
      clearTimeout(timer)
      child.unref()
    },
  }
}
