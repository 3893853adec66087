import type { CommandSpec } from '../cli/command.js'
import { type Io, stderrColors, writeJson, writeLine } from '../cli/io.js'
import { hasErrors, sortDiagnostics } from '../diagnostics/diagnostic.js'
import { formatDiagnostic, formatSummary } from '../diagnostics/format.js'
import { exitCodes } from '../errors.js'
import { cardOrds } from '../model/cards.js'
import { formatLabLink } from '../notes/lab-links.js'
import { checkLabs, loadVault, type Vault } from '../notes/load-vault.js'

export const command: CommandSpec = {
  name: 'check',
  summary: 'Parse notes and report problems (exit 1 on errors)',
  usage: 'decklab check [paths...] [--deck NAME] [--json]',
  description:
    'Scans the given files or folders (default `notes/`) for Obsidian_to_Anki card blocks, resolves decks, tags and lab links, and reports every problem as `file:line:column severity code message`. Exit 0 with no errors (warnings allowed), 1 with errors, 2 for usage errors.',
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
    'decklab check',
    'decklab check notes/sockets.md --json',
    'decklab check ~/vault --deck "Unix::Sockets"',
  ],
  allowPositionals: true,
  async run(args, io) {
    const deck = typeof args.values.deck === 'string' ? args.values.deck : undefined
    const vault = await loadVault({ cwd: io.cwd, paths: args.positionals, deck })
    vault.diagnostics = sortDiagnostics([
      ...vault.diagnostics,
      ...(await labDiagnostics(vault, io)),
    ])
    const colors = stderrColors(io)
    for (const diagnostic of vault.diagnostics)
      writeLine(io.stderr, formatDiagnostic(diagnostic, colors))
    const cards = vault.notes.reduce((sum, note) => sum + cardOrds(note).length, 0)
    writeLine(
      io.stderr,
      `${vault.notes.length} ${vault.notes.length === 1 ? 'note' : 'notes'}, ${cards} ${cards === 1 ? 'card' : 'cards'} in ${vault.files.length} ${vault.files.length === 1 ? 'file' : 'files'}; ${formatSummary(vault.diagnostics)}`,
    )
    if (args.values.json) writeJson(io, checkReport(vault))
    return hasErrors(vault.diagnostics) ? exitCodes.findings : exitCodes.ok
  },
}

/** The `check --json` document (the shape other tools rely on). */
export function checkReport(vault: Vault) {
  return {
    notes: vault.notes.map((note) => ({
      file: note.source.file,
      line: note.source.line,
      kind: note.kind,
      noteType: note.noteType,
      id: note.id,
      deck: note.deck,
      tags: note.tags,
      fields: note.fields,
      labs: note.labs.map(formatLabLink),
      cards: cardOrds(note).length,
    })),
    diagnostics: vault.diagnostics.map((diagnostic) => ({
      file: diagnostic.file,
      line: diagnostic.line,
      column: diagnostic.column,
      severity: diagnostic.severity,
      code: diagnostic.code,
      message: diagnostic.message,
      ...(diagnostic.hint === undefined ? {} : { hint: diagnostic.hint }),
    })),
  }
}

/**
 * Lab links are checked against the lab catalog only when some note has one,
 * so a plain `check` never pays for importing the labs.
 */
async function labDiagnostics(vault: Vault, io: Io) {
  if (!vault.notes.some((note) => note.labs.length > 0)) return []
  try {
    const { loadLabCatalog } = await import('../labs/registry.js')
    return checkLabs(vault.notes, await loadLabCatalog())
  } catch (error) {
    writeLine(
      io.stderr,
      `warning: lab links not checked: ${error instanceof Error ? error.message : String(error)}`,
    )
    return []
  }
}
