import { existsSync, readdirSync, type Stats } from 'node:fs'
import { realpath, stat } from 'node:fs/promises'
import { dirname, isAbsolute, join, resolve } from 'node:path'
import type { Diagnostic } from '../diagnostics/diagnostic.js'
import { createNoteReporter, createReporter } from '../diagnostics/reporter.js'
import { DecklabError, UsageError } from '../errors.js'
import { brokenLink } from '../fs/broken-link.js'
import { isNoSuchFile } from '../fs/no-such-file.js'
import { fileKind, readRegularText, unreadableReason } from '../fs/regular-file.js'
import { signalTurns, throwIfInterrupted } from '../interrupt.js'
import type { LabCatalog } from '../model/lab-catalog.js'
import { formatLabLink } from '../model/lab-link.js'
import type { Note } from '../model/note.js'
import { markContentCopies } from '../model/note-key.js'
import { terminalPath } from '../terminal/safe-text.js'
import { nearestName } from '../text/nearest-name.js'
import { nfc } from '../text/nfc.js'
import { programName } from '../text/program-name.js'
import { pathInside } from '../text/relative-path.js'
import { unifyDeckCase } from './deck-case.js'
import { checkDuplicateIds } from './duplicate-ids.js'
import { emptyAnswers } from './empty-answer.js'
import { createReadRecord, filesToRead, keepOneReadPerFile } from './files-to-read.js'
import { leftOutBySettings } from './left-out-by-settings.js'
import { type LoadedNoteFile, loadNoteFile, type NoteFileEntry } from './load-note-file.js'
import { createRegexBudget } from './regex-match.js'
import { renameCommand } from './rename-command.js'
import { type ScannedFile, type SkippedPath, scanFolder, slashRelative } from './scan-files.js'
import {
  defaultSettings,
  maxSettingsBytes,
  parseSettings,
  settingsRelativePath,
  type VaultSettings,
} from './settings.js'
import type { SourceFile } from './source-file.js'
import { isTextNote } from './text-notes.js'
import { vaultLabHint } from './vault-lab.js'
import { notePaths, vaultRootFor } from './vault-root.js'

export type { SourceFile } from './source-file.js'

export interface LoadVaultOptions {
  /** Paths and output `file`s are relative to this. */
  cwd: string
  /** Files or folders; default `defaultNotePaths(cwd)` (the vault you stand in). */
  paths?: string[] | undefined
  /** `--deck` override for every note. */
  deck?: string | undefined
  /** When given, unknown `Lab:` ids/checks are `unknown-lab` errors (a broken lab's says why). */
  labs?: LabCatalog | undefined
  /** Use this vault root instead of looking for `.obsidian/` (the conformance run's vault). */
  vaultRoot?: string | undefined
  /** Read Obsidian_to_Anki settings from this file instead of the vault's own. */
  settingsFile?: string | undefined
  /** Without a settings file, behave as an Obsidian_to_Anki vault with the plugin's defaults. */
  obsidianToAnkiDefaults?: boolean | undefined
  /** SIGINT/SIGTERM: reading stops and `InterruptedError` is thrown. */
  signal?: AbortSignal | undefined
  /** Told as each note file is read and parsed (`done` of `total`): a terminal's status line. */
  onRead?: ((done: number, total: number) => void) | undefined
}

export interface Vault {
  notes: Note[]
  diagnostics: Diagnostic[]
  files: SourceFile[]
}

/**
 * Scan the given paths, read and parse every note file, resolve the notes and
 * check vault-wide rules (duplicate IDs, lab links). Problems in files are
 * diagnostics; only paths that do not exist throw (a `UsageError`).
 */
export async function loadVault(options: LoadVaultOptions): Promise<Vault> {
  const diagnostics: Diagnostic[] = []
  const { files: ordered, settingsByRoot } = await listVaultFiles(options, diagnostics)

  const loaded: LoadedNoteFile[] = []
  const regexBudget = createRegexBudget()
  const isReadAlready = createReadRecord()
  const turns = signalTurns(options.signal)
  for (const entry of ordered) {
    // Parsing is synchronous: let signals in now and then, and stop on one.
    if (turns.due()) await turns.turn()
    throwIfInterrupted(options.signal)
    const settings = settingsByRoot.get(entry.vaultRoot) ?? defaultSettings()
    loaded.push(
      loadNoteFile(entry, settings, options.deck, regexBudget, (identity) =>
        isReadAlready(entry, identity),
      ),
    )
    options.onRead?.(loaded.length, ordered.length)
  }
  const notes: Note[] = []
  const files: SourceFile[] = []
  for (const file of keepOneReadPerFile(ordered, loaded)) {
    if (file.source) files.push(file.source)
    // One by one: a spread passes every element as an argument, and a file of
    // 150,000 notes overflows the stack.
    for (const diagnostic of file.diagnostics) diagnostics.push(diagnostic)
    for (const note of file.notes) notes.push(note)
  }
  await turns.turn()
  for (const diagnostic of unifyDeckCase(notes)) diagnostics.push(diagnostic)
  for (const diagnostic of checkDuplicateIds(notes)) diagnostics.push(diagnostic)
  for (const diagnostic of checkLabs(notes, options.labs)) diagnostics.push(diagnostic)
  for (const diagnostic of emptyAnswers(notes)) diagnostics.push(diagnostic)
  // Copies of one note are keyed apart while they have no ID (model/note-key.ts).
  markContentCopies(notes)
  // The vault-wide checks run on every note at once: a signal during them stops here, not in the caller.
  await turns.turn()
  return { notes, diagnostics, files }
}

/** The note files a load reads, and the plugin settings of their vaults. */
export interface VaultFiles {
  /** Each real file once (see `filesToRead`), in the order they are read. */
  files: NoteFileEntry[]
  /** The settings of each vault root among them. */
  settingsByRoot: Map<string, VaultSettings>
}

/**
 * Scan the given paths for note files without reading them: the files
 * `loadVault` reads, in its order, each real file once however many links
 * reach it. Scan problems go to `diagnostics`; paths that do not exist throw
 * (a `UsageError`). With `lookAtEveryFile`, hard links are matched too before
 * any file is read (else only reading them does).
 */
export async function listVaultFiles(
  options: LoadVaultOptions & { lookAtEveryFile?: boolean | undefined },
  diagnostics: Diagnostic[],
): Promise<VaultFiles> {
  const cwd = resolve(options.cwd)
  const paths = notePaths(cwd, options.paths ?? [])
  const settingsByRoot = new Map<string, VaultSettings>()
  const settingsFor = async (vaultRoot: string): Promise<VaultSettings> => {
    const known = settingsByRoot.get(vaultRoot)
    if (known) return known
    const settings = await readVaultSettings(cwd, vaultRoot, options, diagnostics)
    settingsByRoot.set(vaultRoot, settings)
    return settings
  }

  const scanned = new Map<string, ScannedFile>()
  const skipped: SkippedPath[] = []
  const warned = new Set<string>()
  for (const path of paths) {
    const absolute = isAbsolute(path) ? path : resolve(cwd, path)
    let stats: Stats
    try {
      stats = await stat(absolute)
    } catch (error) {
      throw namedPathError(path, error, cwd)
    }
    const isDirectory = stats.isDirectory()
    const vaultRoot = options.vaultRoot
      ? resolve(cwd, options.vaultRoot)
      : vaultRootFor(cwd, absolute, isDirectory)
    const settings = await settingsFor(vaultRoot)
    throwIfInterrupted(options.signal)
    // A path named on the command line that the plugin would not scan: read, and said once.
    if (options.paths !== undefined && options.paths.length > 0) {
      const why = leftOutBySettings(slashRelative(vaultRoot, absolute), isDirectory, settings)
      if (why !== undefined && !warned.has(absolute)) {
        warned.add(absolute)
        warnLeftOut(slashRelative(cwd, absolute) || '.', isDirectory, why, diagnostics)
      }
    }
    if (isDirectory) {
      const found = await scanFolder(absolute, vaultRoot, settings)
      // The folder named itself (or the default one) cannot be listed: nothing of it can be
      // read, as for a named file that cannot be looked at, so no run over it means anything.
      const unreadable = found.skipped.find(
        (entry) => entry.code === 'folder-unreadable' && entry.path === absolute,
      )
      if (unreadable) {
        throw new DecklabError(
          'folder-unreadable',
          `Unexpected folder \`${path}\` that cannot be read (${unreadable.errno}), expected a folder decklab may list`,
        )
      }
      for (const file of found.files) scanned.set(file.absolutePath, file)
      skipped.push(...found.skipped)
    } else {
      const textNote = isTextNote(nfc(slashRelative(vaultRoot, absolute)), settings)
      if (!absolute.toLowerCase().endsWith('.md') && !textNote) {
        throw new UsageError(
          `Unexpected file \`${path}\`, expected a Markdown (\`.md\`) file, a \`.txt\` file in the plugin's Scan Directory, or a folder`,
        )
      }
      if (!stats.isFile()) {
        skipped.push({
          path: absolute,
          code: 'not-regular-file',
          message: `Unexpected file type (${fileKind(stats)}), expected a regular note file; it is not read`,
        })
        continue
      }
      scanned.set(absolute, {
        absolutePath: absolute,
        vaultRoot,
        vaultPath: slashRelative(vaultRoot, absolute),
      })
    }
  }
  for (const entry of skipped) {
    const reporter = createReporter(slashRelative(cwd, entry.path), diagnostics)
    // The command names the path as the user, in the cwd, types it.
    const message =
      entry.rawName === undefined
        ? entry.message
        : `${entry.message} (rename it, in bash or zsh: \`${renameCommand(slashRelative(cwd, dirname(entry.path)), entry.rawName)}\`, which reads its other bytes as Latin-1)`
    if (entry.severity === 'warning') reporter.warning(entry.code, message)
    else reporter.error(entry.code, message)
  }
  const files = filesToRead([...scanned.values()], diagnostics, cwd, options.lookAtEveryFile)
  return { files, settingsByRoot }
}

/** The warning `left-out-by-settings` for a named path (see `left-out-by-settings.ts`). */
function warnLeftOut(
  shown: string,
  isFolder: boolean,
  why: string,
  diagnostics: Diagnostic[],
): void {
  createReporter(shown, diagnostics).warning(
    'left-out-by-settings',
    `Unexpected ${isFolder ? 'folder' : 'note file'} that the plugin's settings leave out (${why}), expected a path Obsidian_to_Anki scans: decklab reads it, as you named it, but the plugin would never send ${isFolder ? 'its notes' : 'it'} to Anki`,
    {
      hint: "To have the plugin read it too, change the Scan Directory or ignore globs in the plugin's settings; to leave it out, do not name it.",
    },
  )
}

/**
 * A path named on the command line that cannot be looked at. A name that is
 * not UTF-8 is the argument's fault (`usage`); one that is not there
 * (`path-not-found`) or may not be looked at (`path-unreadable`) is the
 * world's: exit 2 without the usage line.
 */
export function namedPathError(path: string, error: unknown, cwd?: string): DecklabError {
  if (path.includes('\uFFFD')) {
    return new UsageError(
      `Unexpected path \`${path}\`: its name is not valid UTF-8, expected a UTF-8 file or folder name (rename it, or name its folder instead)`,
    )
  }
  // The path as typed, also on a terminal that gets ASCII: the user compares it with theirs.
  terminalPath(path)
  // A link left behind by a moved note is a name `ls` lists: "it does not exist" alone misleads.
  const link = cwd === undefined ? undefined : brokenLink(resolve(cwd, path))
  if (link !== undefined) {
    return new DecklabError(
      isNoSuchFile(error) ? 'path-not-found' : 'path-unreadable',
      `Unexpected path \`${path}\`: it is a ${link}, expected a note file or folder`,
    )
  }
  if (isNoSuchFile(error)) {
    const onDisk = cwd === undefined ? undefined : inOtherUnicodeForm(cwd, path)
    const note = cwd === undefined ? undefined : asNoteFile(cwd, path)
    if (onDisk === undefined && note !== undefined) {
      return new DecklabError(
        'path-not-found',
        `Unexpected path \`${path}\`: it does not exist, expected a note file or folder; \`${note}\` is there: a note's file name ends in \`.md\`, which Obsidian leaves out of its title`,
      )
    }
    return new DecklabError(
      'path-not-found',
      onDisk === undefined
        ? `Unexpected path \`${path}\`: it does not exist, expected a note file or folder`
        : `Unexpected path \`${path}\`: it does not exist as typed, expected a note file or folder; \`${onDisk}\` is there, the same name with its accented letters in another Unicode form (a Mac writes them decomposed): name it as it is on disk (tab completion does)`,
    )
  }
  const code = (error as NodeJS.ErrnoException).code
  return new DecklabError(
    'path-unreadable',
    `Unexpected path \`${path}\`: it cannot be looked at (${code}), expected a note file or folder`,
  )
}

/**
 * `path.md` when that note is there: a note named by its title, as Obsidian
 * shows it and `[[links]]` write it (`notes/07 The socket file lifecycle`).
 */
function asNoteFile(cwd: string, path: string): string | undefined {
  if (path === '' || path.endsWith('/') || /\.md$/i.test(path)) return undefined
  return existsSync(resolve(cwd, `${path}.md`)) ? `${path}.md` : undefined
}

/**
 * `path` as it is on disk when it is there only in the other Unicode form
 * (NFC typed, NFD on disk, as a vault synced from a Mac has it, or the
 * reverse): the two look the same, so "does not exist" alone misleads.
 */
function inOtherUnicodeForm(cwd: string, path: string): string | undefined {
  for (const form of ['NFD', 'NFC'] as const) {
    const other = path.normalize(form)
    if (other !== path && existsSync(resolve(cwd, other))) return other
  }
  return undefined
}

async function readVaultSettings(
  cwd: string,
  vaultRoot: string,
  options: LoadVaultOptions,
  diagnostics: Diagnostic[],
): Promise<VaultSettings> {
  const path = options.settingsFile
    ? resolve(cwd, options.settingsFile)
    : join(vaultRoot, settingsRelativePath)
  // The vault's own settings file is read only if it is in the vault (a link may lead anywhere).
  const outside = options.settingsFile ? undefined : await linkedOutside(path, vaultRoot)
  if (outside !== undefined) {
    createReporter(slashRelative(cwd, path), diagnostics).warning(
      'settings-outside-vault',
      `Unexpected plugin settings that link outside the vault (to \`${outside}\`), expected a file inside the vault: it is not read; the plugin's defaults are used`,
    )
    return defaultSettings(options.obsidianToAnkiDefaults === true)
  }
  let text: string
  try {
    text = await readRegularText(path, { maxBytes: maxSettingsBytes })
  } catch (error) {
    if (options.settingsFile) {
      throw new DecklabError(
        isNoSuchFile(error) ? 'path-not-found' : 'settings-unreadable',
        `Unexpected settings file \`${options.settingsFile}\`: ${(error as NodeJS.ErrnoException).code ?? 'unreadable'}, expected a readable \`data.json\``,
      )
    }
    // None (the usual case) is no news; one that is there but cannot be read is.
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      createReporter(slashRelative(cwd, path), diagnostics).warning(
        'settings-unreadable',
        `Unexpected plugin settings: ${unreadableReason(error)}, expected a readable \`data.json\`; the plugin's defaults are used`,
      )
    }
    return defaultSettings(options.obsidianToAnkiDefaults === true)
  }
  const file = slashRelative(cwd, path)
  const parsed = parseSettings(text, file)
  diagnostics.push(...parsed.diagnostics)
  const report = createReporter(file, diagnostics)
  for (const { noteType } of parsed.settings.customRegexps) {
    if (!parsed.settings.noteTypes.has(noteType)) {
      report.warning(
        'unknown-note-type',
        `Unexpected custom regex for note type \`${noteType}\`, expected one of decklab's note types; the style is skipped`,
      )
    }
  }
  await checkScanDirectory(parsed.settings, vaultRoot, report)
  await checkFolderTable(parsed.settings, vaultRoot, report)
  return parsed.settings
}

/**
 * Folder decks and tags (`FOLDER_DECKS`, `FOLDER_TAGS`) set for a folder the
 * vault does not have: a folder renamed or moved in Obsidian keeps its old
 * path there, so its notes get the deck of the folders above it (else the
 * default deck) and lose its tags, as the plugin gives them, and a sync
 * moves their cards. Said once per entry that sets a deck or tags.
 */
async function checkFolderTable(
  settings: VaultSettings,
  vaultRoot: string,
  report: ReturnType<typeof createReporter>,
): Promise<void> {
  const folders = new Set([
    ...Object.keys(settings.folderDecks),
    ...Object.keys(settings.folderTags),
  ])
  for (const folder of [...folders].sort()) {
    const deck = settings.folderDecks[folder]?.trim() ?? ''
    const tags = settings.folderTags[folder]?.trim() ?? ''
    if (folder === '' || (deck === '' && tags === '')) continue
    const stats = await stat(join(vaultRoot, folder))
      .catch(() => stat(join(vaultRoot, inAnyUnicodeForm(vaultRoot, folder))))
      .catch(() => undefined)
    if (stats?.isDirectory()) continue
    const set = [deck && `deck \`${deck}\``, tags && `tags \`${tags}\``].filter(Boolean).join(', ')
    report.warning(
      'folder-setting-missing',
      `Unexpected folder \`${folder}\` in the plugin's folder decks and tags (${set}): ${stats ? 'it is a file' : 'no such folder in the vault'}, expected a folder of the vault; no note gets ${deck && tags ? 'this deck and these tags' : deck ? 'this deck' : 'these tags'} from it, as with Obsidian_to_Anki`,
      {
        hint: `A folder renamed or moved in Obsidian keeps its old path in the plugin's settings: set its deck and tags again for its new path (the plugin's Folder Table), or remove the entry; \`${programName()} sync --dry-run\` lists the cards a sync would move.`,
      },
    )
  }
}

/**
 * A Scan Directory that is no folder of the vault (renamed or moved in
 * Obsidian, which leaves the setting as it was): Obsidian_to_Anki then reads
 * the whole vault, and reads nothing when the path is a file. decklab does
 * the same, and says so instead of reporting an empty vault.
 */
async function checkScanDirectory(
  settings: VaultSettings,
  vaultRoot: string,
  report: ReturnType<typeof createReporter>,
): Promise<void> {
  const folder = settings.scanDirectory
  if (folder === '') return
  const stats = await stat(join(vaultRoot, folder))
    .catch(() => stat(join(vaultRoot, inAnyUnicodeForm(vaultRoot, folder))))
    .catch(() => undefined)
  if (stats?.isDirectory()) return
  if (stats === undefined) settings.scanDirectory = ''
  report.warning(
    'scan-directory-missing',
    `Unexpected Scan Directory \`${folder}\` in the plugin's settings: ${stats ? 'it is a file' : 'no such folder in the vault'}, expected a folder of the vault; ${stats ? 'no note is read' : 'the whole vault is read'}, as Obsidian_to_Anki does then`,
    {
      hint: "Set the Scan Directory to the folder's path from the vault root (a folder renamed or moved in Obsidian keeps its old path there), or clear it to read the whole vault.",
    },
  )
}

/**
 * `path` (from `folder`, `/`-separated, in NFC) as the folders spell it, each
 * segment matched in any Unicode form (a vault copied from a Mac holds NFD
 * names); a segment none matches is kept as it is.
 */
function inAnyUnicodeForm(folder: string, path: string): string {
  let current = folder
  const spelt: string[] = []
  for (const segment of path.split('/')) {
    let names: string[] = []
    try {
      names = readdirSync(current)
    } catch {
      // Not listable: the stat of the path says why.
    }
    const name = names.find((entry) => nfc(entry) === segment) ?? segment
    spelt.push(name)
    current = join(current, name)
  }
  return spelt.join('/')
}

/** The real path of `path` when it lies outside the vault root; undefined when inside or absent. */
async function linkedOutside(path: string, vaultRoot: string): Promise<string | undefined> {
  try {
    const [real, realRoot] = await Promise.all([realpath(path), realpath(vaultRoot)])
    return pathInside(realRoot, real) === undefined ? real : undefined
  } catch {
    // Absent, or not to be looked at: reading it says which.
    return undefined
  }
}

/**
 * `unknown-lab` errors for lab links whose lab (or check) is not in the
 * catalog (none without a catalog); a broken lab exists but failed to load,
 * and its error says why.
 */
export function checkLabs(notes: readonly Note[], catalog: LabCatalog | undefined): Diagnostic[] {
  if (!catalog) return []
  const { checks: knownLabs, broken: brokenLabs } = catalog
  const diagnostics: Diagnostic[] = []
  const reported = new Set<string>()
  for (const note of notes) {
    for (const link of note.labs) {
      const checks = knownLabs.get(link.lab)
      let message: string | undefined
      const loadError = brokenLabs.get(link.lab)
      // A lab in the vault's own `labs/` is no typo: no guess at another lab, but why it is unknown.
      const inVault =
        checks || loadError !== undefined
          ? undefined
          : vaultLabHint(note.source.vaultRoot, link.lab)
      if (!checks && loadError !== undefined) {
        message = `Unexpected lab \`${link.lab}\` that failed to load (${loadError}), expected a lab module that loads (see \`${programName()} lab list\`)`
      } else if (!checks && catalog.misnamed?.has(link.lab)) {
        const file = catalog.misnamed.get(link.lab)
        message = `Unexpected lab \`${link.lab}\`, expected a lab id from \`${programName()} lab list\`: \`labs/${file}.ts\` declares it, but a lab's id is its file name (that module is broken)`
      } else if (!checks) {
        const suggestion = inVault ? undefined : nearestName(link.lab, [...knownLabs.keys()])
        message = suggestion
          ? `Unexpected lab \`${link.lab}\`, expected a lab id from \`${programName()} lab list\` (did you mean \`${suggestion}\`?)`
          : `Unexpected lab \`${link.lab}\`, expected a lab id from \`${programName()} lab list\``
      } else if (link.check !== undefined && !checks.includes(link.check)) {
        message = `Unexpected check \`${link.check}\` for lab \`${link.lab}\`, expected ${expectedCheck(link.check, checks)}`
      }
      if (!message) continue
      // Front-matter links are shared by every note of the file: report each place once.
      const key = `${note.source.file}:${link.line}:${link.column}:${formatLabLink(link)}`
      if (reported.has(key)) continue
      reported.add(key)
      // A lab written or pulled since the last compile is no typo: say what to run.
      const hint =
        loadError === undefined ? (catalog.staleSource?.(link.lab) ?? inVault) : undefined
      // A point: where the link starts (a front matter entry too, on its own line).
      createNoteReporter(note, diagnostics).error('unknown-lab', message, {
        place: { line: link.line, column: link.column },
        hint,
      })
    }
  }
  return diagnostics
}

/**
 * The checks a mistyped one may have meant: the nearest named first, the
 * others after it, each once (a lab of one check names it once).
 */
function expectedCheck(check: string, checks: readonly string[]): string {
  const quoted = (name: string) => `\`${name}\``
  if (checks.length === 1) return `${quoted(checks[0] as string)}, the lab's only check`
  const nearest = nearestName(check, checks)
  if (nearest === undefined) return `one of ${checks.map(quoted).join(', ')}`
  const others = checks.filter((name) => name !== nearest)
  const rest =
    others.length === 1 ? quoted(others[0] as string) : `one of ${others.map(quoted).join(', ')}`
  return `${quoted(nearest)} (the nearest), or ${rest}`
}
