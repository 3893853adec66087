/**
 * A rendered note with its media under their package names. The renderer
 * reads no media file, so it names each by its path (`mediaName`); once the
 * build has read a file, its name comes from its bytes
 * (`packageMediaName`), and the fields and media list take that name.
 */
import { renameMediaReferences } from './media-references.js'

/** A rendered note as far as media names go (the renderer's `RenderedNote`). */
export interface NamedMedia<M extends { name: string; sourcePath: string }> {
  fields: Record<string, string>
  media: readonly M[]
}

/**
 * `rendered` with each media file the build named (`names`: source path →
 * package name) under that name, in its fields and its media list (sorted by
 * name, each name once: two files of the same bytes and basename are one).
 * A file left out of `names` (it could not be read: an error says so) keeps
 * the renderer's name.
 */
export function withPackageNames<
  M extends { name: string; sourcePath: string },
  R extends NamedMedia<M>,
>(rendered: R, names: ReadonlyMap<string, string>): R {
  if (rendered.media.length === 0) return rendered
  const renamed = new Map<string, string>()
  const media = new Map<string, M>()
  for (const file of rendered.media) {
    const name = names.get(file.sourcePath) ?? file.name
    if (name !== file.name) renamed.set(file.name, name)
    if (!media.has(name)) media.set(name, name === file.name ? file : { ...file, name })
  }
  if (renamed.size === 0) return rendered
  const fields: Record<string, string> = {}
  for (const [field, html] of Object.entries(rendered.fields)) {
    fields[field] = renameMediaReferences(html, renamed)
  }
  const sorted = [...media.values()].sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
  )
  return { ...rendered, fields, media: sorted }
}
