import type { CommandSpec } from '../../cli/command.js'
import { type Io, stderrColors, writeJson } from '../../cli/io.js'
import { formatDiagnostic, formatSummary } from '../../diagnostics/format.js'
import { ExitError, exitCodes, UsageError } from '../../errors.js'
import { loadLabCatalog } from '../../labs/registry.js'
import { loadVault } from '../../notes/load-vault.js'
import { resolveStateDirectory } from '../../quiz/store.js'
import { defaultAnkiUrl, parseAnkiUrl } from '../../sync/anki-url.js'
import { runSync, type SyncResult } from './run-sync.js'

/** `decklab sync`: bring a running Anki in step with the notes through AnkiConnect. */
export const command: CommandSpec = {
  name: 'sync',
  summary: 'bring a running Anki (AnkiConnect) in step with the notes',
  usage: 'decklab sync [paths...] [--url URL] [--allow-remote] [--state DIR] [--dry-run] [--json]',
  description:
    "Talks to the AnkiConnect add-on of a running Anki, with Obsidian_to_Anki's semantics: a note's `<!--ID: N-->` is its Anki note id. New notes are added and the ids Anki gives are written into them at once (atomically, changing nothing else); changed fields and tags are updated in place, so cards and review history stay; cards whose deck changed are moved; changed media is stored; notes removed from the vault, and `DELETE` blocks, are deleted from Anki, but only notes that decklab itself synced before.\n\n" +
    "New notes get decklab's note types (`Basic (decklab)`, …, created when missing) so the lab link has a field of its own; where AnkiConnect cannot create them, the stock type the block names, without the lab link. Notes already in Anki keep their type and review history. A record of what was synced (per vault and Anki address) lives in the state directory (--state DIR, else $DECKLAB_STATE_DIR, else $XDG_STATE_HOME/decklab, else ~/.local/state/decklab) under `sync/`; with it, an unchanged vault syncs without a single write. An interrupted sync (Ctrl-C, kill, Anki closed) finishes on the next run without duplicates.\n\n" +
    'Exit 2 when Anki cannot be reached; exit 1 when Anki refused some notes (each is reported at its file and line; the others are synced).',
  options: {
    url: {
      type: 'string',
      value: 'URL',
      description: `AnkiConnect's address (default ${defaultAnkiUrl}); http on the loopback interface only`,
    },
    'allow-remote': {
      type: 'boolean',
      description: 'accept a --url on another host (the notes travel over the network)',
    },
    state: { type: 'string', value: 'DIR', description: 'where the sync record is kept' },
    'dry-run': {
      type: 'boolean',
      description: 'print the plan (add / update / move / delete / media) and change nothing',
    },
    json: { type: 'boolean', description: 'print the result as JSON on stdout' },
  },
  examples: [
    'decklab sync',
    'decklab sync --dry-run',
    'decklab sync notes --url http://127.0.0.1:8765 --json',
  ],
  allowPositionals: true,
  async run(args, io) {
    const urlText = args.values.url ?? defaultAnkiUrl
    if (typeof urlText !== 'string' || urlText.trim() === '') {
      throw new UsageError('`--url` needs an address')
    }
    const state = args.values.state
    if (state !== undefined && (typeof state !== 'string' || state.trim() === '')) {
      throw new UsageError('`--state` needs a folder')
    }
    const url = parseAnkiUrl(urlText, args.values['allow-remote'] === true)
    const dryRun = args.values['dry-run'] === true
    const json = args.values.json === true
    let result: SyncResult
    try {
      result = await runSync(
        {
          cwd: io.cwd,
          paths: args.positionals,
          url,
          dryRun,
          stateDirectory: resolveStateDirectory({
            state: state as string | undefined,
            cwd: io.cwd,
            env: io.env,
          }),
          now: io.now(),
          signal: io.signal,
        },
        {
          loadVault,
          knownLabs: loadLabCatalog,
          loadRenderer: async () => (await import('../../render/render-note.js')).renderNote,
        },
      )
    } catch (error) {
      if (!io.signal.aborted) throw error
      io.stderr.write(
        '\nInterrupted: what was synced is recorded; run `decklab sync` again to finish (nothing is added twice).\n',
      )
      throw new ExitError(exitCodes.interrupted)
    }
    const failed = result.diagnostics.some((diagnostic) => diagnostic.severity === 'error')
    if (json) writeJson(io, result)
    else printReport(io, result)
    return failed ? exitCodes.findings : exitCodes.ok
  },
}

function printReport(io: Io, result: SyncResult): void {
  const colors = stderrColors(io)
  for (const diagnostic of result.diagnostics) {
    io.stderr.write(`${formatDiagnostic(diagnostic, colors)}\n`)
  }
  if (result.diagnostics.length > 0) io.stderr.write(`${formatSummary(result.diagnostics)}\n`)
  if (result.record === '') {
    io.stderr.write(`${colors.red('sync failed')}: nothing was sent to Anki\n`)
    return
  }
  const verb = result.dryRun ? 'would ' : ''
  if (result.dryRun) {
    for (const note of result.added) {
      const again = note.previousId === null ? '' : ` (Anki has no note ${note.previousId})`
      io.stderr.write(`add     ${note.file}:${note.line} to ${note.deck}${again}\n`)
    }
    for (const note of result.updated)
      io.stderr.write(`update  ${note.file}:${note.line} (note ${note.id})\n`)
    for (const note of result.moved) {
      io.stderr.write(`move    ${note.file}:${note.line}: ${note.cards} cards to ${note.deck}\n`)
    }
    for (const note of result.deleted) {
      const why = note.reason === 'delete-marker' ? 'DELETE in' : 'removed from'
      io.stderr.write(`delete  note ${note.id} (${why} ${note.file})\n`)
    }
    for (const name of result.media) io.stderr.write(`media   ${name}\n`)
    for (const name of result.createdNoteTypes) io.stderr.write(`create  note type ${name}\n`)
  }
  const counts = [
    `${result.added.length} added`,
    `${result.updated.length} updated`,
    `${result.moved.length} moved`,
    `${result.deleted.length} deleted`,
    `${result.media.length} media`,
    `${result.unchanged} unchanged`,
  ].join(', ')
  const recovered =
    result.recovered > 0 ? `; ${result.recovered} notes of an interrupted sync found` : ''
  const head = result.dryRun ? 'dry run' : colors.green('synced')
  io.stderr.write(
    `${head} with ${result.url}: ${verb === '' ? '' : 'would be '}${counts}${recovered} (${result.requests} requests, ${result.writes} writing)\n`,
  )
}
