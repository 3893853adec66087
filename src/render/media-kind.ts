/** Which links and files are media: images and sounds (and videos, played as sounds), by their extension. */
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
/**
 * What Anki's editor writes as a `[sound:…]` (its `audio` list, aqt/editor.py,
 * 2.1.15's and today's, but `swf`): its player (mpv, mplayer) plays a sound
 * and shows a video, so a clip embedded as `![[clip.mp4]]` is one too.
 */
const audioExtensions = new Set([
  ...['.mp3', '.wav', '.m4a', '.flac', '.ogg', '.oga', '.opus', '.aac', '.spx'],
  ...['.webm', '.mp4', '.mov', '.mkv', '.avi', '.flv', '.mpeg', '.mpg', '.3gp', '.ogv', '.ogx'],
])

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
