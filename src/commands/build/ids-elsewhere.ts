/**
 * The IDs written in the rest of a vault, for a build of part of it: new IDs
 * must step past them too. Two partial builds of files saved in the same
 * millisecond (after an unzip or a checkout) would otherwise both take that
 * millisecond, and Anki would see one note overwrite the other. The same
 * read finds the files that hold an ID the named notes have, for the
 * duplicate check (`duplicate-ids-elsewhere.ts`).
 */
import { readRegularTextSync } from '../../fs/regular-file.js'
import { collectUsedIds } from '../../ids/allocate.js'
import { scanFolder } from '../../notes/scan-files.js'
import { defaultSettings } from '../../notes/settings.js'

export interface IdsElsewhere {
  /** Every `ID: N` in those files. */
  used: Set<number>
  /** Those files in which one of the `wanted` IDs appears, in the order scanned. */
  holding: Array<{ absolutePath: string; vaultRoot: string }>
}

/** Which of the other files' IDs matter, and which vaults to read besides the files'. */
export interface IdsElsewhereOptions {
  /** IDs whose files are listed in `holding`; none by default. */
  wanted?: ReadonlySet<number> | undefined
  /** Vaults to read too: a vault where no file was read. */
  vaultRoots?: Iterable<string> | undefined
}

/**
 * Every `ID: N` in the note files of the vaults of `files` (and of
 * `vaultRoots`), other than `files` themselves.
 */
export async function idsElsewhereInVaults(
  files: ReadonlyArray<{ absolutePath: string; vaultRoot: string }>,
  { wanted = new Set(), vaultRoots = [] }: IdsElsewhereOptions = {},
): Promise<IdsElsewhere> {
  const read = new Set(files.map((file) => file.absolutePath))
  const used = new Set<number>()
  const holding: IdsElsewhere['holding'] = []
  for (const vaultRoot of new Set([...files.map((file) => file.vaultRoot), ...vaultRoots])) {
    await eachNoteFileIds(vaultRoot, read, (absolutePath, ids) => {
      let holds = false
      for (const id of ids) {
        used.add(id)
        holds ||= wanted.has(id)
      }
      if (holds) holding.push({ absolutePath, vaultRoot })
    })
  }
  return { used, holding }
}

/** The note file (absolute) of each of the `wanted` IDs written in the vaults at `vaultRoots`, the first found. */
export async function filesHoldingIds(
  vaultRoots: Iterable<string>,
  wanted: ReadonlySet<number>,
): Promise<Map<number, string>> {
  const found = new Map<number, string>()
  for (const vaultRoot of new Set(vaultRoots)) {
    await eachNoteFileIds(vaultRoot, new Set(), (absolutePath, ids) => {
      for (const id of ids) if (wanted.has(id) && !found.has(id)) found.set(id, absolutePath)
    })
  }
  return found
}

/** Call `visit` with every note file of the vault but those in `skip`, and the `ID: N`s written in it. */
async function eachNoteFileIds(
  vaultRoot: string,
  skip: ReadonlySet<string>,
  visit: (absolutePath: string, ids: Set<number>) => void,
): Promise<void> {
  // Every note file, ignored ones too, and `.txt` files outside the Scan Directory (a note
  // moved out of it): an ID there is still one Anki may have.
  const { files: scanned } = await scanFolder(vaultRoot, vaultRoot, defaultSettings(), {
    everyTextFile: true,
  })
  for (const file of scanned) {
    if (skip.has(file.absolutePath)) continue
    let text: string
    try {
      text = readRegularTextSync(file.absolutePath)
    } catch {
      // Unreadable: the vault loader reports it when that file is built.
      continue
    }
    visit(file.absolutePath, collectUsedIds([text]))
  }
}
