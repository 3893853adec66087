// `npm run bench -- globs`: IGNORED_FILE_GLOBS matching. decklab's NFA matcher
// (lib/src/notes/glob-match.js) against picomatch, the regex-based matcher it
// replaced: the plugin's default glob over 10,000 vault paths, and a crafted
// glob on one long name, where regex backtracking doubles with every
// character (picomatch is measured on shorter names only, to end in time).
// Medians of 5 runs; nothing is asserted.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import picomatch from 'picomatch'

const root = fileURLToPath(new URL('../..', import.meta.url))
const module = join(root, 'lib/src/notes/glob-match.js')
if (!existsSync(module)) {
  process.stderr.write('error: lib/src/notes/glob-match.js is missing; run `npm run build` first\n')
  process.exit(2)
}
const { compileGlobs } = await import(module)
const runs = 5

function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]
}

function time(match, paths) {
  const samples = []
  for (let run = 0; run < runs; run++) {
    const started = process.hrtime.bigint()
    for (const path of paths) match(path)
    samples.push(Number(process.hrtime.bigint() - started) / 1e6)
  }
  return median(samples)
}

const paths = Array.from(
  { length: 10_000 },
  (_, index) =>
    `topic-${index % 20}/sub-${index % 7}/note-${index}${index % 50 === 0 ? '.excalidraw' : ''}.md`,
)
const defaultGlob = ['**/*.excalidraw.md']
const ours = time(compileGlobs(defaultGlob).matches, paths)
const theirs = time(picomatch(defaultGlob), paths)
console.log(
  `default glob, 10,000 paths: decklab ${ours.toFixed(1)} ms, picomatch ${theirs.toFixed(1)} ms (${(ours / theirs).toFixed(1)}×)`,
)

// It ends in `*`, so no literal suffix rules the name out before the NFA runs.
const crafted = ['*a*a*a*a*a*a*a*a*a*a*a*a*b*']
for (const length of [20, 24, 40, 1000]) {
  const name = `${'a'.repeat(length)}.md`
  const decklab = time(compileGlobs(crafted).matches, [name])
  const regex =
    length <= 24 ? `${time(picomatch(crafted), [name]).toFixed(1)} ms` : 'not run (minutes)'
  console.log(
    `crafted glob, ${length}-character name: decklab ${decklab.toFixed(2)} ms, picomatch ${regex}`,
  )
}
