/**
 * Math for the preview: Anki typesets `\(…\)` and `\[…\]` with MathJax in
 * the reviewer; the page does the same in the browser with KaTeX, copied
 * next to it (no network), so the card HTML stays exactly the `.apkg`'s.
 */
import { readdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

/** The folder (inside the output) that holds KaTeX; media names never contain a `/`. */
export const mathFolder = 'katex'

/** The files the page loads, relative to the output folder. */
export const mathAssets = {
  css: `${mathFolder}/katex.min.css`,
  script: `${mathFolder}/katex.min.js`,
  /** KaTeX's `\ce` and `\pu` (chemistry), which Anki's MathJax loads too (its mhchem package). */
  mhchem: `${mathFolder}/mhchem.min.js`,
  autoRender: `${mathFolder}/auto-render.min.js`,
} as const

/** True when card HTML holds Anki math delimiters (the renderer writes `$…$` as `\(…\)`). */
export function hasMath(html: string): boolean {
  return html.includes('\\(') || html.includes('\\[')
}

/** A KaTeX file the page needs: its name in the output folder, and where the package keeps it. */
export interface MathAssetFile {
  /** Relative to the output folder, e.g. `katex/fonts/KaTeX_Main-Regular.woff2`. */
  name: string
  /** The absolute path in the installed `katex` package. */
  source: string
}

/** KaTeX's script, stylesheet, mhchem, auto-render and WOFF2 fonts, each under `katex/` in the output. */
export function mathAssetFiles(): MathAssetFile[] {
  const require = createRequire(import.meta.url)
  const distribution = join(dirname(require.resolve('katex/package.json')), 'dist')
  const files: MathAssetFile[] = [
    { name: mathAssets.css, source: join(distribution, 'katex.min.css') },
    { name: mathAssets.script, source: join(distribution, 'katex.min.js') },
    { name: mathAssets.mhchem, source: join(distribution, 'contrib', 'mhchem.min.js') },
    { name: mathAssets.autoRender, source: join(distribution, 'contrib', 'auto-render.min.js') },
  ]
  // Every browser that runs the page reads WOFF2, the first source in KaTeX's @font-face rules.
  for (const font of readdirSync(join(distribution, 'fonts')).sort()) {
    if (font.endsWith('.woff2')) {
      files.push({ name: `${mathFolder}/fonts/${font}`, source: join(distribution, 'fonts', font) })
    }
  }
  return files
}
