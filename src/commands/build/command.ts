import type { CommandSpec } from '../../cli/command.js'
import { exitCodes, UsageError } from '../../errors.js'
import { idMarker } from '../../ids/insert.js'
import { labsDirectory } from '../../labs/labs-folder.js'
import { lockWaitNotice } from '../../locks/wait-notice.js'
import { resolveStateDirectory } from '../../quiz/state-directory.js'
import { folderStamp } from '../../rebuild/quick-check.js'
import { type Io, stderrColors, writeJson } from '../../terminal/io.js'
import { terminalLine, terminalPath } from '../../terminal/safe-text.js'
import { count } from '../../text/count.js'
import { programName } from '../../text/program-name.js'
import type { BuildResult } from './build-result.js'
import { deckOption } from './deck-option.js'
import { leftOutReason } from './left-out-reason.js'
import { partialBuildNotice } from './partial-build.js'
import { readingStatus } from './reading-status.js'
import type { BuildDependencies, BuildOptions } from './run-build.js'
import { checkUnchanged } from './unchanged-package.js'

/** `decklab build`: check, write back missing IDs, render, write the `.apkg`. */
export const command: CommandSpec = {
  name: 'build',
  usage: `${programName()} build [paths...] [-o FILE.apkg] [--deck NAME] [--frozen] [--dry-run] [--with-progress] [--state DIR] [--json]`,
  description: `Reads the notes (default: the vault you stand in, the folder holding \`.obsidian/\`; else \`notes/\` if there is one; else the current folder), writes an \`<!--ID: N-->\` line into every note that has none (atomically, changing nothing else; a note that lost its ID line since the last build gets that ID back, with the warning \`id-restored\`, when it is the only note of its file without an ID with that note's type and first field), renders the fields to HTML and writes the package to a temp file that is renamed into place. Any error diagnostic stops the build before anything is written: \`check\` and \`--dry-run\` report the same errors, a note or folder decklab may not write into among them. Only a write that fails midway (the disk full, a note changed or made read-only meanwhile) leaves some IDs written: the build then names each one, and writes no package.\n\nThe default output is \`dist/<deck>.apkg\`, named after the notes' root deck (\`dist/deck.apkg\` when they have several). Beside it, \`.decklab-build/\` (for a package built outside the vault and the folder you run decklab in: the state directory's \`builds/\`, so only the package is written there) records each note's content hash and modification time, so re-imports update exactly the notes that changed, and its file and first field (hashed), for the lost ID lines; an unchanged vault keeps the package as it is. Without a record (a fresh checkout), every note is stamped with the build time: set SOURCE_DATE_EPOCH (seconds, e.g. \`$(git log -1 --format=%ct)\`) and that time stands for it, so the same notes give the same bytes in every checkout; a malformed value is an error (exit 2, \`invalid-source-date-epoch\`).\n\nNaming only part of a vault (\`${programName()} build math.md\`) is a partial build: its default output is \`dist/<deck>.partial.apkg\`, so the full deck's package and record are left alone.\n\nA card that links a lab shows, under its answer, each lab with \`npx ${programName()} lab run <lab>\`, which runs only in a clone of the decklab repository the deck was built with, after \`npm install\` there (elsewhere npx looks decklab up on the npm registry, where there is none): the footer links that repository when decklab's package.json declares its https address (\`repository\`); else give your students the address with the package.\n\nA build that finds no card block, where that package was never built, writes nothing (no package, no record), and says so after the \`no-notes\` warning; a vault emptied since its last build still gets its empty package, which names the notes removed.\n\n--with-progress writes your terminal quiz progress (the state directory, as for \`${programName()} quiz\`) into the package: each reviewed card keeps its FSRS due date and interval as Anki scheduling (review cards due on the same day with the same interval, learning cards at the same moment) and its reviews as review-log rows. Anki’s importer applies these to cards that are new to your collection. Cards your collection already has keep the scheduling and history they have there: Anki does not overwrite them from a package. Current Anki keeps them only with “Import any learning progress” ticked; Anki 2.1’s older importer with the v2 scheduler refuses such a package.\n\nA note quizzed before it had an ID keeps its progress under its content; when build writes its ID, it records that ID in the state directory (\`content-ids.jsonl\`), so editing the note afterwards keeps the progress.`,
  options: {
    output: {
      type: 'string',
      short: 'o',
      value: 'FILE',
      description:
        'where to write the package: a new `.apkg` path (missing folders are made), a package decklab built, or a folder to write `<deck>.apkg` in; any other file is refused',
    },
    deck: {
      type: 'string',
      value: 'NAME',
      description: 'put every note into this deck (overrides TARGET DECK and front matter)',
    },
    frozen: {
      type: 'boolean',
      description: 'write nothing into the notes; a note without an ID is an error (for CI)',
    },
    'dry-run': {
      type: 'boolean',
      description: 'write nothing; print the IDs and the package that would be written',
    },
    'with-progress': {
      type: 'boolean',
      description: 'carry the terminal quiz schedule and review log into the package',
    },
    state: {
      type: 'string',
      value: 'DIR',
      description: `the quiz state directory (default as for \`${programName()} quiz\`): read by --with-progress, and told the IDs written into notes quizzed before they had one`,
    },
    json: { type: 'boolean', description: 'print a JSON summary on stdout' },
  },
  examples: [
    `${programName()} build`,
    `${programName()} build notes -o dist/uds.apkg`,
    `${programName()} build --frozen --json`,
    `${programName()} build --dry-run`,
    `${programName()} build --with-progress`,
  ],
  allowPositionals: true,
  async run(args, io) {
    const output = args.values.output
    if (output !== undefined && (typeof output !== 'string' || output.trim() === '')) {
      throw new UsageError('`--output` needs a file name')
    }
    const deck = deckOption(args.values.deck)
    const frozen = args.values.frozen === true
    const dryRun = args.values['dry-run'] === true
    const json = args.values.json === true
    const state = args.values.state
    const now = io.now()
    // Read before anything is written: a malformed value stops the build (exit 2).
    const stampTime = (await import('./source-date-epoch.js')).sourceDateEpoch(io.env)
    const progressed =
      args.values['with-progress'] === true
        ? await openProgress(io, typeof state === 'string' ? state : undefined, now)
        : undefined
    // May stop the build (`--state` naming no folder): before any status line is shown.
    const stateDirectory = resolveStateDirectory({
      state: typeof state === 'string' ? state : undefined,
      cwd: io.cwd,
      env: io.env,
    })
    // On a terminal, `reading PATHS…` and then the notes rendered, as `check` and `stats` show
    // theirs (not with --json); the bar's code loads only then.
    const shown = await readingStatus(io, json, 'rendering', args.positionals)
    const progress = shown?.progress
    const options: BuildOptions = {
      cwd: io.cwd,
      paths: args.positionals,
      output: output as string | undefined,
      deck: deck as string | undefined,
      frozen,
      dryRun,
      now,
      stampTime,
      reviewProgress: progressed?.reviewProgress,
      collectionCreated: progressed?.collectionCreated,
      signal: io.signal,
      onLockWait: (holder) => {
        progress?.finish()
        io.stderr.write(lockWaitNotice(terminalLine(holder)))
      },
      stateDirectory,
      onProgress: shown?.notesProgress('rendering'),
      onStatus: progress ? (text) => progress.status(terminalLine(text)) : undefined,
    }
    const dependencies: BuildDependencies = {
      // The parser loads only when the notes must be read (an unchanged vault skips it).
      loadVault: async (vault) =>
        (await import('../../notes/load-vault.js')).loadVault({
          ...vault,
          onRead: shown?.filesRead,
        }),
      labCatalog: async () => (await import('../../labs/registry.js')).loadLabCatalog(),
      // An unchanged vault is known from the lab files' metadata, without importing any lab.
      labsStamp: () => folderStamp(labsDirectory()),
      // markdown-it and highlight.js load only when a note must be rendered.
      loadRenderer: async (notes) =>
        (await import('../../render/load-renderer.js')).loadRenderer(notes),
    }
    // The build pipeline loads only when the package is not up to date.
    let result: BuildResult
    try {
      const check = await checkUnchanged(options, dependencies)
      result =
        check.kept ??
        (await (await import('./run-build.js')).runBuild(options, dependencies, 0, check))
    } finally {
      // Erased before the report, and before an error (`-o` refused): not `reading notes…error …`.
      progress?.finish()
    }
    const failed = result.diagnostics.some((diagnostic) => diagnostic.severity === 'error')
    const noProgress = failed ? undefined : await progressed?.noProgress()
    if (noProgress) result.diagnostics.push(noProgress)
    const removedNotes = result.removed.length > 0 ? await import('./removed-notes.js') : undefined
    const removedSearch = removedNotes?.noteSearch(result.removed) ?? null
    const removedText =
      removedNotes && removedSearch !== null
        ? removedNotes.removedNotesText(result.removed, removedSearch, stderrColors(io))
        : null
    // The problems go to stderr either way: with --json too, as check and preview print them.
    if (result.diagnostics.length > 0) {
      const { formatDiagnostics, formatSummary } = await import('../../diagnostics/format.js')
      io.stderr.write(formatDiagnostics(result.diagnostics, stderrColors(io)))
      io.stderr.write(`${formatSummary(result.diagnostics)}\n`)
    }
    if (json) {
      const { diagnosticsJson } = await import('../../diagnostics/json.js')
      writeJson(io, {
        output: result.output,
        written: result.written,
        unchanged: result.unchanged,
        partial: result.partial,
        notes: result.notes,
        cards: result.cards,
        media: result.media,
        decks: result.decks,
        ids: result.ids,
        removed: {
          ids: result.removed,
          search: removedSearch,
        },
        diagnostics: diagnosticsJson(result.diagnostics),
        ...(dryRun ? { dryRun: true } : {}),
        ...(result.interrupted ? { interrupted: true } : {}),
      })
    } else {
      printReport(io, result, { dryRun, failed, removedText, paths: args.positionals })
    }
    if (result.interrupted) return exitCodes.interrupted
    return failed ? exitCodes.findings : exitCodes.ok
  },
}

/** The outcome after the diagnostics; `removedText` names the removed notes and how to find them in Anki. */
function printReport(
  io: Io,
  result: BuildResult,
  {
    dryRun,
    failed,
    removedText,
    paths,
  }: { dryRun: boolean; failed: boolean; removedText: string | null; paths: readonly string[] },
): void {
  const colors = stderrColors(io)
  if (failed || result.interrupted) {
    // A write that failed midway, or a signal: the IDs before it are in the notes, and stay.
    for (const write of result.ids) {
      io.stderr.write(`wrote <!--ID: ${write.id}--> to ${terminalPath(write.file)}:${write.line}\n`)
    }
    const kept = result.ids.length > 0 ? '; the IDs written stay in the notes' : ''
    if (dryRun && !result.interrupted) {
      io.stderr.write(
        `dry run: ${colors.red('the build would fail')} on the errors above; nothing written\n`,
      )
      return
    }
    const what = result.interrupted ? 'Interrupted' : colors.red('build failed')
    io.stderr.write(`${what}: no package written${kept}\n`)
    return
  }
  if (result.empty) {
    const what = dryRun ? 'dry run: would write no package' : 'no package written'
    const reason =
      leftOutReason(result.diagnostics) ??
      'no notes to put in one (the warning above says where decklab looked)'
    io.stderr.write(`${what}: ${reason}\n`)
    return
  }
  const counts = [
    count(result.notes, 'note'),
    count(result.cards, 'card'),
    `${result.media} media`,
    count(result.decks.length, 'deck'),
  ].join(', ')
  if (dryRun) {
    for (const write of result.ids) {
      io.stderr.write(
        `would write ${idMarker(write)} to ${terminalPath(write.file)}:${write.line}\n`,
      )
    }
    const what = result.unchanged
      ? `keep ${terminalPath(result.output ?? '')} unchanged`
      : `write ${count(result.ids.length, 'ID')} and ${terminalPath(result.output ?? '')}`
    io.stderr.write(`dry run: would ${what} (${counts}); nothing written\n`)
    if (removedText !== null) io.stderr.write(removedText)
    return
  }
  const files = new Set(result.ids.map((write) => write.file))
  if (result.ids.length > 0) {
    // A restored ID is the note's own, given back: not counted as new.
    const restored = result.ids.filter((write) => write.restored).length
    const kinds = [
      ...(result.ids.length > restored ? [count(result.ids.length - restored, 'new ID')] : []),
      ...(restored > 0 ? [count(restored, 'restored ID')] : []),
    ]
    io.stderr.write(`wrote ${kinds.join(' and ')} into ${count(files.size, 'file')}\n`)
  }
  const verb = result.unchanged ? 'unchanged' : 'wrote'
  io.stderr.write(`${colors.green(verb)} ${terminalPath(result.output ?? '')} (${counts})\n`)
  if (result.partial) {
    io.stderr.write(`${terminalLine(partialBuildNotice(io.cwd, paths))}\n`)
  }
  if (removedText !== null) io.stderr.write(removedText)
}

/** The quiz progress for `--with-progress`: read only (a running quiz may keep writing). */
async function openProgress(io: Io, state: string | undefined, now: Date) {
  const { openQuizStore } = await import('../../quiz/open-vault.js')
  const { packageProgress, progressCollectionCreated } = await import('./anki-progress.js')
  // A damaged state file is `damaged-state` (exit 2, kept as it is), as in quiz and stats.
  const store = openQuizStore({ cwd: io.cwd, env: io.env, state })
  // A log cut short costs the package those review-log rows: said, as quiz and stats say it.
  const { missingReviewsWarning } = await import('../../quiz/store.js')
  io.stderr.write(
    missingReviewsWarning(
      store,
      stderrColors(io),
      'the package has the cards’ schedules but not that history',
    ),
  )
  // The package's days turn at the user's 4 a.m., as their collection's do.
  const collectionCreated = progressCollectionCreated(now)
  const progress = packageProgress(store, { now, collectionCreated })
  let matched = 0
  return {
    reviewProgress: (...args: Parameters<typeof progress>) => {
      const found = progress(...args)
      matched += found?.size ?? 0
      return found
    },
    collectionCreated,
    /** Said when no packaged card got progress (see progress-report.ts). */
    noProgress: async () =>
      (await import('./progress-report.js')).noProgressWarning(
        io.cwd,
        store.directory,
        store.cards().size,
        matched,
      ),
  }
}
