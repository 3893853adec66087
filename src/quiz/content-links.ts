/**
 * `content-ids.jsonl`: the notes that got their first ID (from `decklab
 * build` or `decklab sync`) while quiz progress was kept under their
 * content key, one line per note, appended once the ID is in the note. The
 * store moves that progress to the ID's key when it opens; without this the
 * progress was found only while the note's text stayed as it was, so the
 * first edit after the ID was written made its cards new again.
 *
 * Appended only after the ID is written: a run killed before leaves no
 * link to an ID the note never got (its progress is still found by its
 * content, as before).
 */
import { contentKeyPrefix } from '../model/note-key.js'
import { isJsonObject } from '../text/json-object.js'
import { appendStateLines, readJsonLines } from './json-lines.js'

/** The file's name in the state directory. */
export const contentLinksFileName = 'content-ids.jsonl'

/** A note's content key (`content:…`) and the ID it got. */
export interface ContentLink {
  content: string
  id: number
}

/** Every link, oldest first (none without a file); throws `DamagedStateError`. */
export function readContentLinks(path: string): ContentLink[] {
  return readJsonLines(
    path,
    isContentLink,
    'a content link ({"content","id"})',
    // Without the file, progress kept before a note had its ID is found only while the note is unedited.
    'repair or delete that line (moving the whole file away would leave the progress kept before notes had IDs to be found only while they are unedited)',
  ).map(({ content, id }) => ({ content, id }))
}

/** Append these links (one write, fsync'd) to the file in `directory`, made when missing. */
export function appendContentLinks(
  directory: string,
  links: readonly ContentLink[],
  time: Date,
): void {
  appendStateLines(
    directory,
    contentLinksFileName,
    links.map((link) => ({ content: link.content, id: link.id })),
    time,
    (code) =>
      `the IDs of notes whose quiz progress is kept under their content could not be recorded (${code})`,
  )
}

function isContentLink(value: unknown): value is ContentLink {
  return (
    isJsonObject(value) &&
    typeof value.content === 'string' &&
    value.content.startsWith(contentKeyPrefix) &&
    typeof value.id === 'number' &&
    Number.isSafeInteger(value.id) &&
    value.id > 0
  )
}
