/**
 * The records a build keeps in the state directory for packages built
 * outside the vault (record-home.ts) name the folder they are for
 * (`folder.txt`), and a record whose folder is gone is removed when a build
 * writes one there: a script building into `$(mktemp -d)` and removing the
 * folder after would otherwise leave a record per run in `builds/`, for
 * ever. Only a folder the system says does not exist (ENOENT) counts as
 * gone; a record without its folder's name, or one that cannot be read, is
 * kept. A folder on a disk not mounted now loses its record: its next build
 * stamps every note anew, and Anki updates them once (no duplicates: the
 * GUIDs come from the notes' IDs).
 */
import { lstatSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { basename, dirname, isAbsolute, join, resolve } from 'node:path'
import { writeFileAtomic } from '../fs/write-atomic.js'
import { awayRecordFolder, type RecordHome } from './record-home.js'

/** The file in a record folder in the state directory that names its package folder. */
const folderFile = 'folder.txt'

/** Name the package folder beside its record in `builds/`, and remove the records of folders gone. */
export function keepAwayRecords(packageFolder: string, home: RecordHome): void {
  const absolute = resolve(packageFolder)
  const records = awayRecordFolder(absolute, home)
  // Beside the package (inside the vault or the folder decklab runs in): nothing to do.
  if (records === undefined) return
  // Written once: a rebuild of the same folder finds its name there.
  if (recordedFolder(records) !== absolute) {
    writeFileAtomic(join(records, folderFile), `${absolute}\n`)
  }
  for (const name of readdirSync(dirname(records))) {
    if (name === basename(records)) continue
    const folder = recordedFolder(join(dirname(records), name))
    if (folder !== undefined && isGone(folder)) {
      rmSync(join(dirname(records), name), { recursive: true, force: true })
    }
  }
}

/** The package folder a record folder names, or undefined when it names none readable. */
function recordedFolder(records: string): string | undefined {
  try {
    const folder = readFileSync(join(records, folderFile), 'utf8').trim()
    return isAbsolute(folder) ? folder : undefined
  } catch {
    return undefined
  }
}

function isGone(folder: string): boolean {
  try {
    lstatSync(folder)
    return false
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT'
  }
}
