/**
 * The per-note state that markdown-it's rules share while rendering one
 * note: where the note lives (for media), what it packages and what went wrong.
 */
import type { Severity } from '../diagnostics/diagnostic.js'
import { escapeHtml } from '../text/escape-html.js'
import {
  type MediaFile,
  type MediaKind,
  type MediaLookup,
  type MediaOrigin,
  resolveMedia,
} from './media.js'

/** A problem found while rendering; `renderNote` turns it into a diagnostic at the note's position. */
export interface RenderProblem {
  severity: Severity
  code: string
  message: string
  hint?: string | undefined
}

export interface RenderEnvironment {
  origin: MediaOrigin
  /** The vault root as messages show it (relative to where decklab runs); default the absolute path. */
  vaultLabel?: (() => string) | undefined
  /** Vault name for `obsidian://` links, or undefined to render wikilinks as text. */
  obsidianVault: string | undefined
  /** True for cloze note types: math and code must not show `}}` or `::` to Anki's cloze parser. */
  cloze: boolean
  /** Packaged media by name (one entry per file, however often it is embedded). */
  media: Map<string, MediaFile>
  /** What decided where each link resolved, when wanted (a build records it). */
  lookups?: MediaLookup[] | undefined
  problems: RenderProblem[]
}

/**
 * The Anki name of a local media link, packaging the file; undefined (and a
 * problem recorded) when it is missing or outside the vault.
 */
export function useMedia(
  environment: RenderEnvironment,
  link: string,
  kind: MediaKind,
): string | undefined {
  const resolution = resolveMedia(link, environment.origin, kind)
  if (resolution.status === 'ok') {
    environment.media.set(resolution.file.name, resolution.file)
    environment.lookups?.push(resolution.lookup)
    return resolution.file.name
  }
  if (resolution.status === 'missing') {
    environment.problems.push({
      severity: 'error',
      code: 'missing-media',
      message: `Unexpected missing media file \`${link}\`, expected a file next to the note, at that path from the vault root \`${environment.vaultLabel?.() ?? environment.origin.vaultRoot}\`, or with that name in that vault`,
      hint: 'Check the file name and its extension, or add the file to the vault. The vault root is the folder holding `.obsidian/`, else the folder decklab runs in.',
    })
  } else if (resolution.status === 'not-a-file') {
    environment.problems.push({
      severity: 'error',
      code: 'media-not-a-file',
      message: `Unexpected media \`${link}\` that is ${resolution.what}, expected a file`,
      hint: 'Link the file itself: decklab packages regular files it may read.',
    })
  } else {
    environment.problems.push({
      severity: 'error',
      code: 'media-outside-vault',
      message: `Unexpected media \`${link}\` outside the vault root \`${environment.vaultLabel?.() ?? environment.origin.vaultRoot}\`, expected a file inside it`,
      hint: 'Copy the file into the vault; decklab never packages files from outside it',
    })
  }
  return undefined
}

/** Render a media reference: `<img>` for images, `[sound:…]` for audio. */
export function mediaHtml(
  name: string,
  kind: MediaKind,
  alt: string | undefined,
  size: { width?: string | undefined; height?: string | undefined } = {},
): string {
  if (kind === 'audio') return `[sound:${name}]`
  let html = `<img src="${escapeHtml(name)}"`
  if (alt !== undefined && alt !== '') html += ` alt="${escapeHtml(alt)}"`
  if (size.width !== undefined) html += ` width="${size.width}"`
  if (size.height !== undefined) html += ` height="${size.height}"`
  return `${html}>`
}
