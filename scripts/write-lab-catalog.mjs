// After tsc: write lib/labs/catalog.json, the lab ids and check names that
// `build` and `check` read instead of importing every lab module
// (src/labs/catalog-file.ts; ignored at run time once a lab module changes).
import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const lib = join(root, 'lib')
const { importLabsFrom } = await import(pathToFileURL(join(lib, 'src/labs/registry.js')).href)
const { catalogFileName, catalogFileText } = await import(
  pathToFileURL(join(lib, 'src/labs/catalog-file.js')).href
)
const labsDirectory = join(lib, 'labs')
// tsc never deletes an output: a lab removed or renamed in labs/ would live
// on here, pass on this machine and be unknown in a fresh clone. Only a
// checkout has the sources to tell; a copy with lib/ alone keeps its labs.
const sources = existsSync(join(root, 'labs'))
  ? new Set(readdirSync(join(root, 'labs')).filter((name) => name.endsWith('.ts')))
  : new Set()
for (const name of sources.size === 0 ? [] : readdirSync(labsDirectory)) {
  const source = name.replace(/\.(?:js|d\.ts|js\.map|d\.ts\.map)$/, '.ts')
  if (source !== name && !sources.has(source)) {
    rmSync(join(labsDirectory, name))
    process.stderr.write(`decklab: removed lib/labs/${name}: labs/${source} is gone\n`)
  }
}
// Its own (stdout and stderr, once used, are handles too) are counted before the labs load.
void process.stdout
void process.stderr
const before = process.getActiveResourcesInfo()
const { labs, broken, misnamed } = await importLabsFrom(labsDirectory, '.js')
// A broken lab is listed apart with why, as the registry keeps it at run time:
// a `Lab:` link to it then says why, not "unknown lab".
for (const [id, reason] of broken)
  process.stderr.write(`decklab: lab ${id} is broken and cannot run: ${reason}\n`)
writeFileSync(
  join(labsDirectory, catalogFileName),
  catalogFileText(labsDirectory, labs, broken, misnamed),
)
// What a lab module's top level left running (a server, a timer) would keep this step,
// and so `npm run build`, from ever ending: say so, and end. A lab starts what it needs
// in run(context), where the runner cleans it up. (Requests under way are not kept.)
const running = process.getActiveResourcesInfo().filter((kind) => {
  const index = before.indexOf(kind)
  if (index >= 0) before.splice(index, 1)
  return index < 0 && !/Req$|^FSReq/.test(kind)
})
if (running.length > 0) {
  const kinds = [...new Set(running)].map((kind) => `a ${kind}`).join(', ')
  process.stderr.write(
    `decklab: a lab module left ${kinds} running when it was imported; start what a lab needs in run(context), where the runner cleans it up\n`,
  )
  process.exit(0)
}
