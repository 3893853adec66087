/**
 * The per-note state that markdown-it's rules share while rendering one
 * note: where the note lives (for media), what it packages and what went wrong.
 */

import { isAbsolute } from 'node:path'
import type { Severity } from '../diagnostics/diagnostic.js'
import { pathInMessage } from '../terminal/safe-text.js'
import { escapeHtml } from '../text/escape-html.js'
import {
  type MediaFile,
  type MediaKind,
  type MediaLookup,
  type MediaOrigin,
  type MediaResolution,
  resolveMedia,
} from './media.js'
import { fieldReferences, type MediaReference } from './media-references.js'

/** A problem found while rendering; `renderNote` turns it into a diagnostic at the note's position. */
export interface RenderProblem {
  severity: Severity
  code: string
  message: string
  hint?: string | undefined
  /** The text in the field's Markdown the problem is about (found ignoring case), to point the diagnostic at it. */
  needle?: string | undefined
  /** The field it was found in (set by `renderNote`). */
  field?: string | undefined
}

/**
 * A media link the field being rendered used: packaged or reported only if
 * the field's final HTML shows it (`settleMediaUses`).
 */
export interface MediaUse {
  shownAs: MediaReference
  outcome: { file: MediaFile; lookup: MediaLookup } | { problem: RenderProblem }
}

export interface RenderEnvironment {
  origin: MediaOrigin
  /** The vault root as messages show it (relative to where decklab runs); default the absolute path. */
  vaultLabel?: (() => string) | undefined
  /** Vault name for `obsidian://` links, or undefined to render wikilinks as text. */
  obsidianVault: string | undefined
  /** True for cloze note types: math and code must not show `}}` or `::` to Anki's cloze parser. */
  cloze: boolean
  /** The media links of the field being rendered, until its HTML is final. */
  uses: MediaUse[]
  /** Packaged media by name (one entry per file, however often it is embedded). */
  media: Map<string, MediaFile>
  /** What decided where each link resolved, when wanted (a build records it). */
  lookups?: MediaLookup[] | undefined
  problems: RenderProblem[]
  /** Block identifiers left out that may be text (`markdown/block-id.ts`), until said as problems. */
  shortBlockIds: string[]
}

/**
 * The Anki name of a local media link, or undefined when it is missing or
 * outside the vault; `fallback` is what the field shows instead then. The
 * use counts only once the field's final HTML shows it (`settleMediaUses`).
 */
export function useMedia(
  environment: RenderEnvironment,
  link: string,
  kind: MediaKind,
  fallback: MediaReference,
): string | undefined {
  const resolution = resolveMedia(link, environment.origin, kind)
  if (resolution.status === 'ok') {
    const { file, lookup } = resolution
    const shownAs = kind === 'audio' ? { sound: file.name } : { src: file.name }
    environment.uses.push({ shownAs, outcome: { file, lookup } })
    return file.name
  }
  const problem = mediaProblem(environment, link, resolution)
  environment.uses.push({ shownAs: fallback, outcome: { problem } })
  return undefined
}

/**
 * Package and report the media links of a field whose HTML is now `html`,
 * as it goes into the card, keeping only those it shows: a link in a
 * comment, in `<textarea>` text or in an element the sanitizer removed
 * loads nothing, so its file must not ship and its absence is no error.
 */
export function settleMediaUses(environment: RenderEnvironment, html: string): void {
  if (environment.uses.length === 0) return
  const references = fieldReferences(html)
  for (const { shownAs, outcome } of environment.uses) {
    if (!references.shows(shownAs)) continue
    if ('problem' in outcome) {
      environment.problems.push(outcome.problem)
      continue
    }
    environment.media.set(outcome.file.name, outcome.file)
    environment.lookups?.push(outcome.lookup)
  }
  environment.uses = []
}

function mediaProblem(
  environment: RenderEnvironment,
  link: string,
  resolution: Exclude<MediaResolution, { status: 'ok' }>,
): RenderProblem {
  if (resolution.status === 'missing') {
    return {
      severity: 'error',
      code: 'missing-media',
      needle: link,
      message: `Unexpected missing media file \`${pathInMessage(link)}\`, expected a file next to the note, at that path from the vault root \`${pathInMessage(environment.vaultLabel?.() ?? environment.origin.vaultRoot)}\`, or with that name in that vault`,
      hint: 'Check the file name and its extension, or add the file to the vault. The vault root is the folder holding `.obsidian/`, else the folder decklab runs in.',
    }
  }
  if (resolution.status === 'not-a-file') {
    return {
      severity: 'error',
      code: 'media-not-a-file',
      needle: link,
      message: `Unexpected media \`${pathInMessage(link)}\` that is ${resolution.what}, expected a file`,
      hint: 'Link the file itself: decklab packages regular files it may read.',
    }
  }
  if (resolution.status === 'hidden') {
    return {
      severity: 'error',
      code: 'hidden-media',
      needle: link,
      message: `Unexpected media \`${pathInMessage(link)}\` under the hidden name \`${pathInMessage(resolution.hidden)}\` in the vault root \`${pathInMessage(environment.vaultLabel?.() ?? environment.origin.vaultRoot)}\`, expected a file Obsidian shows (no folder or file name on its path starting with \`.\`)`,
      hint: 'Move the file out of the hidden folder; decklab never packages hidden files, where a home folder keeps keys and passwords',
    }
  }
  return {
    severity: 'error',
    code: 'media-outside-vault',
    needle: link,
    message: `Unexpected media \`${pathInMessage(link)}\` outside the vault root \`${pathInMessage(environment.vaultLabel?.() ?? environment.origin.vaultRoot)}\`, expected a file inside it`,
    hint: isAbsolute(link)
      ? 'Copy the file into the vault; decklab never packages files from outside it. A link starting with `/` is read from the vault root too, as Obsidian reads it, and the vault has no file at that path either'
      : 'Copy the file into the vault; decklab never packages files from outside it',
  }
}

/** An Obsidian size option (`100` or `100x50`, an embed's `|100x50`) as an image's width and height, else undefined. */
export function mediaSize(option: string): { width: string; height?: string } | undefined {
  const dimensions = /^\s*(\d+)(?:x(\d+))?\s*$/.exec(option)
  if (dimensions === null) return undefined
  return { width: dimensions[1]!, ...(dimensions[2] ? { height: dimensions[2] } : {}) }
}

/** Render a media reference: `<img>` for images, `[sound:…]` for audio. */
export function mediaHtml(
  name: string,
  kind: MediaKind,
  alt: string | undefined,
  shown: {
    width?: string | undefined
    height?: string | undefined
    title?: string | undefined
  } = {},
): string {
  if (kind === 'audio') return `[sound:${name}]`
  let html = `<img src="${escapeHtml(name)}"`
  if (alt !== undefined && alt !== '') html += ` alt="${escapeHtml(alt)}"`
  if (shown.title !== undefined && shown.title !== '') html += ` title="${escapeHtml(shown.title)}"`
  if (shown.width !== undefined) html += ` width="${shown.width}"`
  if (shown.height !== undefined) html += ` height="${shown.height}"`
  return `${html}>`
}
