// After tsc: make the package's bin (lib/src/main.js) executable. tsc writes
// it 0644, and npm makes a bin executable only when it links it: `npx
// decklab` in a clone made again at a path npx has linked before reuses
// that link, and the shell then refuses the new file ("Permission denied").
import { chmodSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const { bin } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
for (const target of Object.values(bin)) chmodSync(join(root, target), 0o755)
