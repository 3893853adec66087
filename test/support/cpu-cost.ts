/**
 * CPU milliseconds of the fastest of `runs` calls of `work`: the measure of
 * the guards against quadratic blowup, which compare the cost of two input
 * sizes (not a speed goal: those live in `npm run bench`). CPU time, not the
 * wall clock, and the fastest run, so a busy machine moves it little.
 */
export function bestCpuMs(work: () => void, runs = 3): number {
  let best = Number.POSITIVE_INFINITY
  for (let run = 0; run < runs; run += 1) {
    const start = process.cpuUsage()
    work()
    const used = process.cpuUsage(start)
    best = Math.min(best, (used.user + used.system) / 1000)
  }
  return best
}
