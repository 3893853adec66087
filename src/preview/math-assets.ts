/**
 * Math for the preview: Anki typesets `\(…\)` and `\[…\]` with MathJax in
 * the reviewer; the page does the same in the browser with KaTeX, copied
 * next to it (no network), so the card HTML stays exactly the `.apkg`'s.
 */
import { copyFile, mkdir, readdir } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

/** The folder (inside the output) that holds KaTeX; media names never contain a `/`. */
export const mathFolder = 'katex'

/** The files the page loads, relative to the output folder. */
export const mathAssets = {
  css: `${mathFolder}/katex.min.css`,
  script: `${mathFolder}/katex.min.js`,
  autoRender: `${mathFolder}/auto-render.min.js`,
} as const

/** True when card HTML holds Anki math delimiters (the renderer writes `$…$` as `\(…\)`). */
export function hasMath(html: string): boolean {
  return html.includes('\\(') || html.includes('\\[')
}

/** Copy KaTeX's script, stylesheet, auto-render and WOFF2 fonts into `outputDirectory/katex/`. */
export async function copyMathAssets(outputDirectory: string): Promise<void> {
  const require = createRequire(import.meta.url)
  const distribution = join(dirname(require.resolve('katex/package.json')), 'dist')
  const target = join(outputDirectory, mathFolder)
  await mkdir(join(target, 'fonts'), { recursive: true })
  await copyFile(join(distribution, 'katex.min.css'), join(target, 'katex.min.css'))
  await copyFile(join(distribution, 'katex.min.js'), join(target, 'katex.min.js'))
  await copyFile(
    join(distribution, 'contrib', 'auto-render.min.js'),
    join(target, 'auto-render.min.js'),
  )
  // Every browser that runs the page reads WOFF2, the first source in KaTeX's @font-face rules.
  for (const name of await readdir(join(distribution, 'fonts'))) {
    if (name.endsWith('.woff2')) {
      await copyFile(join(distribution, 'fonts', name), join(target, 'fonts', name))
    }
  }
}
