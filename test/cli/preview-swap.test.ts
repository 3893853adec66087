// `decklab preview` checks each folder on the way to a file it writes (a real folder, inside
// the output), then writes the file. A folder swapped for a link between the check and the
// write must not lead the write elsewhere: the folders are held open by descriptor once
// checked (opened without following a link), and the write goes into the held folder.
//
// The swap is held, not raced: a module preloaded into decklab swaps `out/katex` for a link
// to the user's folder as the first KaTeX temp file is about to be created.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'
import { runDecklab } from '../support/decklab.js'
import { tempProject } from '../support/project.js'

const mathNote = 'START\nBasic\nFront: what is $x^2$\nBack: a square\nEND\n'

/** Swaps `$SWAP_FOLDER` for a link to `$SWAP_TARGET` at the first temp file created in it. */
const swapAtFirstKatexFile = `
import fs from 'node:fs'
import { basename } from 'node:path'
import { syncBuiltinESMExports } from 'node:module'
const original = fs.openSync
let swapped = false
fs.openSync = function (path, flags, mode) {
  if (!swapped && flags === 'wx' && /^\\.(katex|auto-render)/.test(basename(String(path)))) {
    swapped = true
    fs.renameSync(process.env.SWAP_FOLDER, process.env.SWAP_FOLDER + '-moved')
    fs.symlinkSync(process.env.SWAP_TARGET, process.env.SWAP_FOLDER)
  }
  return original.call(this, path, flags, mode)
}
syncBuiltinESMExports()
`

describe('decklab preview, a folder swapped for a link after it was checked', () => {
  // Held folders go by /proc/self/fd; elsewhere preview still checks by path, as before.
  it.skipIf(process.platform !== 'linux')('writes nothing through the link', async () => {
    const vault = await tempProject({
      'a.md': mathNote,
      'user/katex.min.js': 'user script',
      'user/katex.min.css': 'user style',
      'user/auto-render.min.js': 'user auto-render',
      'swap.mjs': swapAtFirstKatexFile,
    })
    const user = join(vault, 'user')
    const result = runDecklab(['preview', 'a.md', '-o', 'out'], {
      cwd: vault,
      env: {
        NODE_OPTIONS: `--import=${pathToFileURL(join(vault, 'swap.mjs')).href}`,
        SWAP_FOLDER: join(vault, 'out', 'katex'),
        SWAP_TARGET: user,
      },
    })
    // The next KaTeX file finds the link, which it never wrote, and refuses it.
    expect(result.stderr).toContain(
      'error Unexpected `out/katex`: a symbolic link, expected a folder `decklab preview` wrote; nothing was written through it',
    )
    expect(result.code).toBe(2)
    const contents = Object.fromEntries(
      readdirSync(user).map((name) => [name, readFileSync(join(user, name), 'utf8').slice(0, 40)]),
    )
    expect(contents).toEqual({
      'auto-render.min.js': 'user auto-render',
      'katex.min.css': 'user style',
      'katex.min.js': 'user script',
    })
    // The file went where the folder was checked: into the folder itself, now moved.
    expect(readdirSync(join(vault, 'out', 'katex-moved')).length).toBe(1)
  })
})
