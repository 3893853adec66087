/** Which links and files are media: images and sounds, by their extension. */
import { extname } from 'node:path'

export type MediaKind = 'image' | 'audio'

const imageExtensions = new Set([
  '.png',
  '.jpg',
  '.jpeg',
  '.gif',
  '.bmp',
  '.svg',
  '.tiff',
  '.webp',
  '.avif',
])
const audioExtensions = new Set(['.mp3', '.wav', '.m4a', '.flac', '.ogg', '.opus', '.webm', '.aac'])

/** The media kind of a link by its extension (case-insensitive), or undefined for other files. */
export function mediaKind(link: string): MediaKind | undefined {
  const extension = extname(link).toLowerCase()
  if (imageExtensions.has(extension)) return 'image'
  if (audioExtensions.has(extension)) return 'audio'
  return undefined
}

/**
 * The media kind of an image embed's link (`![…](…)`, `<img src>`): by its
 * extension, and an image when the name has none (such a link names an
 * image whatever its name, so a missing one is reported, not left broken).
 */
export function embeddedMediaKind(link: string): MediaKind | undefined {
  return mediaKind(link) ?? (extname(link) === '' ? 'image' : undefined)
}
