/**
 * Compiled peers: C and Go programs in `labs/peers/` that a lab builds at run
 * time into its own temporary directory. A missing compiler, or a C compiler
 * without the C library's headers, skips the lab with the reason (never a
 * pass); a program that fails to compile otherwise is a lab error. Go builds offline (GOPROXY=off, GOTOOLCHAIN=local, no modules) with
 * its build cache in `$GOCACHE` if set, else `$XDG_CACHE_HOME/decklab/go-build`
 * (default `~/.cache/decklab/go-build`), so a second run takes a fraction of a
 * second; without a home directory (unset, or a path that does not exist:
 * it is never created), or with one this user cannot write, the cache goes
 * in the lab directory, as it does when `$GOCACHE` cannot be made or written.
 */
import { constants } from 'node:fs'
import { access, mkdtemp, rm, stat } from 'node:fs/promises'
import { homedir } from 'node:os'
import { isAbsolute, join } from 'node:path'
import { makeFolder } from '../../fs/make-folder.js'
import { errorMessage } from '../../text/error-message.js'
import { findExecutable, toolMissing } from '../requirements.js'
import type { LabContext } from '../types.js'
import { collectOutput } from './children.js'
import { peersDirectory } from './peers.js'

/** Run a built program to completion and parse its stdout as one JSON document. */
export async function runJson(
  context: LabContext,
  program: string,
  args: readonly string[],
): Promise<unknown> {
  const result = await collectOutput(
    context.spawn(program, args, { stdio: ['ignore', 'pipe', 'pipe'] }),
  )
  if (result.code !== 0) {
    throw new Error(`${program} ${args.join(' ')} exited with ${result.code}: ${result.stderr}`)
  }
  return JSON.parse(result.stdout)
}

/**
 * Run a compiler to completion. Its scratch files (Go's `go-build*` work
 * folder, cc's intermediates) go in a folder inside the lab directory, not
 * the system's /tmp: a build cut short by the deadline or Ctrl-C is killed
 * before it can remove them, and only there does the runner's cleanup (and
 * its leftover check) reach them.
 */
async function build(
  context: LabContext,
  tool: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  /** Why the machine, not the peer, failed the build (the lab then skips), or undefined. */
  missingOnMachine: (stderr: string) => string | undefined = () => undefined,
): Promise<void> {
  const scratch = await mkdtemp(join(context.dir, 'tmp-'))
  context.defer(() => rm(scratch, { recursive: true, force: true }))
  const child = context.spawn(tool, args, {
    env: { ...env, TMPDIR: scratch, GOTMPDIR: scratch },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const result = await collectOutput(child)
  if (result.code !== 0) {
    const missing = missingOnMachine(result.stderr)
    if (missing) context.skip(missing)
    throw new Error(`${tool} ${args.join(' ')} failed (${result.code}): ${result.stderr.trim()}`)
  }
}

/**
 * The C library's headers, when cc found none of them: a compiler installed
 * without them (Debian's gcc only recommends libc6-dev, so `apt-get install
 * --no-install-recommends gcc` leaves them out) cannot build any peer, which
 * says nothing about sockets. The peers include only system headers.
 */
function missingCHeaders(stderr: string): string | undefined {
  // gcc: `fatal error: errno.h: No such file or directory`; clang: `fatal error: 'errno.h' file not found`.
  const header =
    /fatal error: (?:([^\s:']+\.h): No such file or directory|'([^']+\.h)' file not found)/.exec(
      stderr,
    )
  const name = header?.[1] ?? header?.[2]
  return name && `needs the C library's headers: cc finds no <${name}> (apt-get install libc6-dev)`
}

/**
 * Skip the lab when the program built in the lab directory may not run there: a TMPDIR on a
 * file system mounted noexec (a hardened /tmp) refuses every program on it, and running it
 * anyway ended the lab as an error ("exited with 127: … Permission denied") that tested
 * nothing about sockets. access(X_OK) answers EACCES on a noexec mount, as exec would.
 */
async function skipUnlessRunnable(context: LabContext, program: string): Promise<void> {
  const refused = await access(program, constants.X_OK).then(
    () => undefined,
    (error: unknown) => error,
  )
  const code = (refused as NodeJS.ErrnoException | undefined)?.code
  // Only a refusal: a program missing after its build is the error running it will say.
  if (code !== 'EACCES' && code !== 'EPERM') return
  context.skip(
    `cannot run ${program}, the program it built in the lab directory (${code}: its file system may be mounted noexec); set TMPDIR to a folder where programs may run`,
  )
}

/** Compile `labs/peers/<source>.c` with `cc` into the lab directory; skips the lab without `cc`. */
export async function compileC(context: LabContext, source: string): Promise<string> {
  const cc = await findExecutable('cc')
  if (!cc) context.skip(toolMissing('cc'))
  const output = join(context.dir, source.replace(/\.c$/, ''))
  context.defer(() => rm(output, { force: true }))
  context.log(`cc -O2 -o ${output} labs/peers/${source}`)
  await build(
    context,
    cc,
    ['-O2', '-Wall', '-o', output, join(peersDirectory(), source)],
    { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C' },
    missingCHeaders,
  )
  await skipUnlessRunnable(context, output)
  return output
}

/**
 * Where Go's build cache goes: `$GOCACHE`, else decklab's folder in the
 * user's cache directory, either when it can be made and written, else the
 * lab directory (a cold build every run). A HOME this user cannot write (root's,
 * inherited after a privilege drop; a read-only one) must not fail the lab.
 */
async function goBuildCache(context: LabContext): Promise<string> {
  const { GOCACHE } = process.env
  const inLab = join(context.dir, 'gocache')
  // One the user set but this user cannot write (root's, inherited through sudo -u; a drive
  // not mounted) made go fail the build, and the lab an error: the lab directory's instead.
  if (GOCACHE && isAbsolute(GOCACHE)) return (await writableCache(context, GOCACHE)) ?? inLab
  // go refuses a relative GOCACHE, and the XDG spec says to ignore a relative XDG_CACHE_HOME.
  if (GOCACHE) context.log(`GOCACHE ${GOCACHE} is not an absolute path, which go refuses; not used`)
  const xdgCache =
    process.env.XDG_CACHE_HOME && isAbsolute(process.env.XDG_CACHE_HOME)
      ? process.env.XDG_CACHE_HOME
      : undefined
  const home = process.env.HOME ? homedir() : undefined
  // A HOME that does not exist is not made (mkdir -p would create it): a cold cache instead.
  if (!xdgCache) {
    if (!home) return inLab
    if (!(await pathExists(home))) {
      context.log(`HOME ${home} does not exist; the Go build cache is in the lab directory`)
      return inLab
    }
  }
  const base = xdgCache ?? join(home as string, '.cache')
  return (await writableCache(context, join(base, 'decklab', 'go-build'))) ?? inLab
}

/** `cache`, made if missing, when this user can write it; else undefined, said in the transcript. */
async function writableCache(context: LabContext, cache: string): Promise<string | undefined> {
  try {
    makeFolder(cache)
    await access(cache, constants.W_OK)
    return cache
  } catch (error) {
    context.log(
      `cannot use the Go build cache ${cache} (${errorMessage(error)}); using the lab directory`,
    )
    return undefined
  }
}

async function pathExists(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined)) !== undefined
}

/** Build `labs/peers/<source>.go` with `go build` into the lab directory; skips the lab without `go`. */
export async function buildGo(context: LabContext, source: string): Promise<string> {
  const go = await findExecutable('go')
  if (!go) context.skip(toolMissing('go'))
  const output = join(context.dir, source.replace(/\.go$/, ''))
  const cache = await goBuildCache(context)
  const goPath = join(context.dir, 'gopath')
  const ownCache = cache.startsWith(context.dir)
  context.defer(() =>
    Promise.all(
      [output, goPath, ...(ownCache ? [cache] : [])].map((path) =>
        rm(path, { recursive: true, force: true }),
      ),
    ),
  )
  context.log(`go build -o ${output} labs/peers/${source} (GOCACHE ${cache})`)
  await build(context, go, ['build', '-o', output, join(peersDirectory(), source)], {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: context.dir,
    GOCACHE: cache,
    GOPATH: goPath,
    GOFLAGS: '-modcacherw',
    GO111MODULE: 'off',
    GOPROXY: 'off',
    GOTOOLCHAIN: 'local',
    CGO_ENABLED: '0',
  })
  await skipUnlessRunnable(context, output)
  return output
}
