/**
 * Cards as Anki 2.1.15 renders them: `anki-card-html.py` imports a package
 * with Anki's own library and prints each card's question and answer HTML,
 * as its reviewer shows them. For the browser tests of hostile fields.
 */
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect } from 'vitest'
import { sharedPath, sharedPathUnavailable } from './shared-folder.js'

const python = '/usr/bin/python3'
const ankiLibrary = sharedPath('tools', 'anki', 'anki-2.1.15')
const cardHtmlScript = fileURLToPath(new URL('./anki-card-html.py', import.meta.url))

/** Why Anki's library cannot render cards here (the tests then skip), or undefined. */
export const ankiCardHtmlMissing =
  sharedPathUnavailable(join(ankiLibrary, 'anki'), "Anki's library") ??
  (existsSync(python) ? undefined : `${python} is not installed`)

export interface AnkiCard {
  note: string
  ord: number
  question: string
  answer: string
}

/** Import `pkg` into `collection` (its media beside it, in `collection.media`) and render every card. */
export function ankiCardHtml(collection: string, pkg: string): AnkiCard[] {
  const rendered = spawnSync(python, [cardHtmlScript, ankiLibrary, collection, pkg], {
    encoding: 'utf8',
    timeout: 60_000,
  })
  expect(rendered.status, rendered.stderr).toBe(0)
  return JSON.parse(rendered.stdout) as AnkiCard[]
}
