import type { CommandSpec } from '../../cli/command.js'
import { hasErrors } from '../../diagnostics/diagnostic.js'
import { formatDiagnostics, formatSummary } from '../../diagnostics/format.js'
import { diagnosticsJson } from '../../diagnostics/json.js'
import { exitCodes } from '../../errors.js'
import type { LabCatalog } from '../../model/lab-catalog.js'
import { formatLabLink } from '../../model/lab-link.js'
import { fieldsWithAdditions } from '../../model/note.js'
import { writtenNames } from '../../model/translated-note.js'
import { loadVault, type Vault } from '../../notes/load-vault.js'
import { resolveStateDirectory } from '../../quiz/state-directory.js'
import { type Io, stderrColors, writeJson, writeLine } from '../../terminal/io.js'
import { count } from '../../text/count.js'
import { errorMessage } from '../../text/error-message.js'
import { programName } from '../../text/program-name.js'
import { deckOption } from '../build/deck-option.js'
import { checkNotes } from '../build/prepare-notes.js'
import { readingStatus } from '../build/reading-status.js'

export const command: CommandSpec = {
  name: 'check',
  usage: `${programName()} check [paths...] [--deck NAME] [--json]`,
  description: `Scans the given files or folders for Obsidian_to_Anki card blocks, resolves decks, tags and lab links, renders every field and looks up its media, and reports every problem as \`file:line:column severity code message\`: exactly what \`${programName()} build --dry-run\` reports, and nothing is written. Without paths it reads the vault you stand in (the folder holding \`.obsidian/\`), else \`notes/\` if there is one, else the current folder. Exit 0 with no errors (warnings allowed), 1 with errors, 2 for usage errors, for a path that is missing or cannot be read (\`path-not-found\`, \`path-unreadable\`, \`folder-unreadable\`), and for media past what a package holds (\`package-too-large\`, as \`build\` refuses it).`,
  options: {
    json: {
      type: 'boolean',
      description: 'Print notes and diagnostics as one JSON document on stdout',
    },
    deck: {
      type: 'string',
      value: 'NAME',
      description: 'Put every note in this deck (overrides TARGET DECK and settings)',
    },
  },
  examples: [
    `${programName()} check`,
    `${programName()} check "notes/07 The socket file lifecycle.md" --json`,
    `${programName()} check ~/vault --deck "Unix::Sockets"`,
  ],
  allowPositionals: true,
  async run(args, io) {
    const deck = deckOption(args.values.deck)
    // `build` refuses a malformed value (exit 2), so `check` does: a CI job that checks
    // before it builds learns of it at the check, not after.
    ;(await import('../build/source-date-epoch.js')).sourceDateEpoch(io.env)
    // On a terminal, what it reads and checks, as `build` shows it: a big vault takes seconds.
    const shown = await readingStatus(io, args.values.json === true, 'checking', args.positionals)
    const progress = shown?.progress
    // The same pipeline as `decklab build --dry-run`: load, plan IDs, render, read media.
    const {
      vault,
      diagnostics,
      removed,
      cards: cardsOf,
      mediaSizes,
    } = await checkNotes(
      {
        cwd: io.cwd,
        paths: args.positionals,
        deck,
        now: io.now(),
        labs: await labCatalog(io),
        signal: io.signal,
        // Where `decklab sync` records the notes it keeps in an Anki (as `build` reads it).
        stateDirectory: resolveStateDirectory({ cwd: io.cwd, env: io.env }),
        onProgress: shown?.notesProgress('checking'),
      },
      {
        loadVault: (options) => loadVault({ ...options, onRead: shown?.filesRead }),
        // Only notes that can have a render problem are rendered (`html-check-scan.ts` says why).
        loadRenderer: async (notes) =>
          (await import('../../render/load-renderer.js')).loadProblemRenderer(notes),
        // The notes whose cards are compared with the last build's record, as `build` renders them.
        loadCardRenderer: async (notes) =>
          (await import('../../render/load-renderer.js')).loadRenderer(notes),
      },
    ).finally(() => progress?.finish())
    const checked: Vault = { ...vault, diagnostics }
    const colors = stderrColors(io)
    io.stderr.write(formatDiagnostics(diagnostics, colors))
    // The cards the package has (`note-cards.ts`), counted once for the summary and the JSON.
    const cardCounts = vault.notes.map((note) => cardsOf(note).length)
    const cards = cardCounts.reduce((sum, count) => sum + count, 0)
    writeLine(
      io.stderr,
      `${count(vault.notes.length, 'note')}, ${count(cards, 'card')} in ${count(vault.files.length, 'file')}; ${formatSummary(diagnostics)}`,
    )
    // The notes `build` would name removed since its last package, as it names them.
    const removedNotes = removed.length > 0 ? await import('../build/removed-notes.js') : undefined
    const search = removedNotes?.noteSearch(removed) ?? null
    if (removedNotes && search !== null) {
      io.stderr.write(removedNotes.removedNotesText(removed, search, colors))
    }
    // What `build` refuses once the notes are fine (exit 2, no result): media past what a zip
    // without ZIP64 holds. Said of the media alone; the collection comes on top.
    if (!hasErrors(diagnostics) && mediaSizes.length > 0) {
      const tooLarge = (await import('../../anki/zip-stored.js')).mediaPastZipLimit(mediaSizes)
      if (tooLarge !== undefined) throw tooLarge
    }
    if (args.values.json) {
      writeJson(io, { ...checkReport(checked, cardCounts), removed: { ids: removed, search } })
    }
    return hasErrors(diagnostics) ? exitCodes.findings : exitCodes.ok
  },
}

/** The `check --json` document (the shape other tools rely on), given each note's card count. */
export function checkReport(vault: Vault, cardCounts: readonly number[]) {
  return {
    notes: vault.notes.map((note, index) => ({
      file: note.source.file,
      line: note.source.line,
      kind: note.kind,
      // The stock name (`Basic`: the templates and cards it has); a localized Anki's note also
      // says the names its block wrote (`Basique`, `Back` → `Verso`). English notes get no key.
      noteType: note.noteType,
      ...(note.localized === undefined ? undefined : writtenNames(note.localized)),
      id: note.id,
      deck: note.deck,
      tags: note.tags,
      // Each field's whole text: its Markdown, then what is appended to its HTML (`FROZEN`, file link).
      fields: fieldsWithAdditions(note),
      labs: note.labs.map(formatLabLink),
      cards: cardCounts[index],
    })),
    diagnostics: diagnosticsJson(vault.diagnostics),
  }
}

/** The lab catalog for checking `Lab:` links, as `build` loads it. */
async function labCatalog(io: Io): Promise<LabCatalog | undefined> {
  try {
    const { loadLabCatalog } = await import('../../labs/registry.js')
    return await loadLabCatalog()
  } catch (error) {
    writeLine(io.stderr, `warning: lab links not checked: ${errorMessage(error)}`)
    return undefined
  }
}
