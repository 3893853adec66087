// Until 2026-11-30 (323e3f9c) the CLI was compiled into dist/, and the bin was
// dist/src/main.js. The first `npx decklab` of a clone links the clone into
// npm's npx cache with its bin link as package.json named it then, and npx
// reuses that link on every later run: after a pull it kept running the old
// compile left in dist/ (git ignores dist/), so the update seemed to do
// nothing and the new course was full of `unknown-lab` errors. npm offers no
// way to refresh the link, so the old bin path is kept as a one-line module
// that runs lib/src/main.js, and the rest of that old compile goes. Only a
// dist/src that holds decklab's compiled package-info.js is taken for it;
// the decks, previews and build records beside it are left alone.
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const oldBin = join(root, 'dist', 'src', 'main.js')
const forwarder =
  "#!/usr/bin/env node\n// decklab is compiled into lib/ now; npx may still run this path (scripts/forward-old-bin.mjs).\nimport '../../lib/src/main.js'\n"

const forwarded = existsSync(oldBin) && readFileSync(oldBin, 'utf8') === forwarder
if (!forwarded && existsSync(join(root, 'dist', 'src', 'package-info.js'))) {
  rmSync(join(root, 'dist', 'src'), { recursive: true, force: true })
  rmSync(join(root, 'dist', 'labs'), { recursive: true, force: true })
  mkdirSync(dirname(oldBin))
  writeFileSync(oldBin, forwarder)
  chmodSync(oldBin, 0o755)
  process.stderr.write(
    'decklab: replaced the CLI compiled into dist/ before it moved to lib/ with dist/src/main.js, which runs lib/ (npx may still call that path)\n',
  )
}
