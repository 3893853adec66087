/**
 * What a build record keeps of each note so that a later build can give a
 * note that lost its ID line its ID back (see model/lost-id.ts): the file
 * it is in and its first field. The file is named relative to the package's
 * folder (the record's folder moves with it, the current directory does
 * not); the first field is kept as a short hash of its Markdown, not its text
 * (`model/first-field-key.ts`, which the quiz's note index keeps too).
 */
import { dirname, relative, sep } from 'node:path'

/** The files of the notes as the record of `output` names them, each worked out once. */
export function recordedFiles(output: string): (absolutePath: string) => string {
  const folder = dirname(output)
  const known = new Map<string, string>()
  return (absolutePath) => {
    let name = known.get(absolutePath)
    if (name === undefined) {
      name = relative(folder, absolutePath).split(sep).join('/')
      known.set(absolutePath, name)
    }
    return name
  }
}
