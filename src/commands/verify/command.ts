import type { CommandSpec } from '../../cli/command.js'
import { formatDiagnostics } from '../../diagnostics/format.js'
import { diagnosticsJson } from '../../diagnostics/json.js'
import { formatLabLine, isPartial } from '../../labs/report.js'
import { defaultDeadlineMs } from '../../labs/runner.js'
import { isBusyTimeout } from '../../model/lab-result.js'
import type { Note } from '../../model/note.js'
import { noteContentKey } from '../../model/note-key.js'
import { writtenNames } from '../../model/translated-note.js'
import type { Colors } from '../../terminal/colors.js'
import {
  fitWidth,
  type Io,
  stderrColors,
  stdoutColors,
  terminalColumns,
  writeJson,
  writeLine,
} from '../../terminal/io.js'
import { redrawsLines } from '../../terminal/line-redraw.js'
import { terminalLine, terminalPath } from '../../terminal/safe-text.js'
import { cutLine, visibleWidth, wrapLine } from '../../terminal/wrap.js'
import { programName } from '../../text/program-name.js'
import {
  byReasonOrder,
  countVerdicts,
  type NoteVerdict,
  type VerdictStatus,
  verdictStatuses,
} from '../../verify/judge.js'
import { type MutantResult, type MutationReport, mutationKinds } from '../../verify/mutants.js'
import { parseDeadline, warnStaleLabs } from '../lab/command.js'
import { judgeMutants } from './judge-rendered.js'
import { type VerifyReport, verifyExitCode, verifyNotes } from './verify-notes.js'

export const command: CommandSpec = {
  name: 'verify',
  usage: `${programName()} verify [paths...] [--failures] [--mutants] [--deadline MS] [--json]`,
  description:
    'Loads the notes (default: the vault you stand in, else `notes/`, else the current folder), runs each lab linked from a card once, one after another, and judges every note (its cards share the verdict) by comparing its answer side with the values the linked checks published: `confirmed` when the answer states what the kernel showed and nothing that conflicts (a "type in the answer" Back must equal the value); `supported` when the linked checks passed but publish no value, or the answer states a published yes/no claim neither way (not its phrase, negated or not, nor an opposite word), so that text was not compared; `refuted` when a linked check failed or the answer disagrees with the kernel (another value, the claim negated or its opposite, a published value left out); `unverified` when the note links no lab, or a linked lab was skipped (a requirement is missing here), errored or left things behind — a broken lab says nothing about the kernel, so it never refutes a card. The rules are in the README, section "Verifying cards".\n\n' +
    '`--mutants` then derives wrong answers from every note (an errno name swapped, a number changed, a claim word flipped, two values or two subjects swapped, a leading Yes/No flipped: one wrong answer each), judges them against the same lab results without running a lab again, prints how many were caught (refuted) and lists every note whose mutants survive.\n\n' +
    '`--deadline MS` gives each lab that long (default 10,000). A lab that runs out of it is run once more with three times as long, unless it ran out while the CPUs were mostly idle (then it is likely stuck, not slow: an error). Out of time again while other processes kept the CPUs at least half busy, it is `TIMEOUT`: its notes are `unverified` ("… the machine may be busy; rerun with --deadline N"), and it does not make the exit 1.\n\n' +
    "Exit 1 when a note is refuted, a lab failed or errored (a `TIMEOUT` on a busy machine excepted), or a link names an unknown lab or check (`unknown-lab`); exit 2 when no lab directory can be made in TMPDIR (code `lab-directory`); a lab whose code holds decklab's thread past its deadline (a synchronous loop) stops verify there, naming the lab, with exit 1 (`--json`: the error `lab-blocked`); exit 0 otherwise, even with unverified or supported notes and surviving mutants.",
  options: {
    failures: {
      type: 'boolean',
      description: 'List only the notes that are not confirmed (the totals still count every note)',
    },
    mutants: {
      type: 'boolean',
      description:
        'Also judge wrong answers derived from every note and report how many were caught',
    },
    deadline: {
      type: 'string',
      value: 'MS',
      description: `Give each lab MS milliseconds (default ${defaultDeadlineMs}), as \`lab run --deadline\` does; one that runs out of it, unless on idle CPUs, is run once more with three times as long`,
    },
    json: {
      type: 'boolean',
      description:
        'Print {"labs":[…],"notes":[{file,line,id,content,noteType,question,cards,labs,status,reason,links:[{link,status,reason,values:[{kind,label,kernel,card,agrees}]}]}],"diagnostics":[…],"totals":{…}} (a localized Anki note, a `Basique` block, also has writtenNoteType and writtenFieldNames, as in check --json; and "mutants" with --mutants; "interrupted": true when a signal stopped the run, the labs not run yet being errors) on stdout',
    },
  },
  examples: [
    `${programName()} verify`,
    `${programName()} verify --failures notes/07*.md`,
    `${programName()} verify --mutants`,
    `${programName()} verify --json > verify.json`,
  ],
  allowPositionals: true,
  async run(args, io) {
    warnStaleLabs(io)
    const json = args.values.json === true
    const failuresOnly = args.values.failures === true
    // A line per lab as it ends; on a terminal that redraws, one per lab as it runs too.
    const progress = io.stderr.isTTY === true
    const redraw = redrawsLines(io.stderr, io.env)
    const lineStart = redraw ? '\r\u001b[K' : ''
    const colors = stderrColors(io)
    let progressLineOpen = false
    const deadlineMs = parseDeadline(args.values.deadline)
    const report = await verifyNotes({
      cwd: io.cwd,
      paths: args.positionals,
      signal: io.signal,
      deadlineMs,
      onLabStart: redraw
        ? (id, index, total) => {
            // Cut to one row: the line that replaces it erases one row only.
            const columns = terminalColumns(io.stderr, io.env)
            io.stderr.write(
              cutLine(`[${index + 1}/${total}] ${id} …`, Math.max(2, columns - 1), '…'),
            )
            progressLineOpen = true
          }
        : undefined,
      onLabRetry: progress
        ? (first, retryMs, index, total) => {
            const columns = terminalColumns(io.stderr, io.env)
            const line = `[${index + 1}/${total}] ${first.lab}: ${first.reason ?? 'out of time'}; running it again with ${retryMs} ms …`
            if (redraw) io.stderr.write(`\r\u001b[K${cutLine(line, Math.max(2, columns - 1), '…')}`)
            else io.stderr.write(`${line}\n`)
          }
        : undefined,
      onLabEnd: progress
        ? (result, index, total) => {
            const line = `[${index + 1}/${total}] ${formatLabLine(result, colors)}`
            const width = terminalColumns(io.stderr, io.env)
            io.stderr.write(`${lineStart}${wrapLine(line, width).join('\n')}\n`)
            progressLineOpen = false
          }
        : undefined,
    }).catch((error: unknown) => {
      // No lab directory can be made (exit 2): the error goes on a line of its own.
      if (progressLineOpen) io.stderr.write('\n')
      throw error
    })
    const mutants =
      args.values.mutants === true
        ? await judgeMutants(
            report.sourceNotes,
            new Map(report.labs.map((result) => [result.lab, result])),
            report.knownLabs,
            io.signal,
          )
        : undefined
    io.stderr.write(formatDiagnostics(report.diagnostics, colors))
    const shown = failuresOnly
      ? report.notes.filter((note) => note.status !== 'confirmed')
      : report.notes
    if (json) {
      // Verdicts line up with the notes they judge (`judgeNotes` maps one to one).
      const sourceOf = new Map(report.notes.map((note, index) => [note, report.sourceNotes[index]]))
      const document: Record<string, unknown> = {
        labs: report.labs,
        notes: shown.map((note) => noteJson(note, sourceOf.get(note))),
        diagnostics: diagnosticsJson(report.diagnostics),
        totals: totals(report.notes),
      }
      if (mutants) document.mutants = mutantsJson(mutants)
      // Stopped by a signal: the labs not run yet are errors ("not started"), their notes unverified.
      if (io.signal.aborted) document.interrupted = true
      writeJson(io, document)
      printHuman(report, shown, mutants, io.stderr, colors, fitWidth(io.stderr, io.env))
    } else {
      printHuman(report, shown, mutants, io.stdout, stdoutColors(io), fitWidth(io.stdout, io.env))
    }
    return verifyExitCode(report)
  },
}

/**
 * A note entry of `--json`: always the same keys, `reason` null when there is
 * nothing to say. `content` is the judged note's content key (type and
 * fields), so a reader of the report (`preview --verify`) can tell a note
 * edited since from the one that was judged.
 */
function noteJson(note: NoteVerdict, source: Note | undefined) {
  return {
    file: note.file,
    line: note.line,
    id: note.id,
    content: source ? noteContentKey(source) : null,
    // The stock name; a localized Anki's note also the names its block wrote, as in `check --json`.
    noteType: note.noteType,
    ...(source?.localized === undefined ? undefined : writtenNames(source.localized)),
    question: note.question,
    cards: note.cards,
    labs: note.labs,
    status: note.status,
    reason: note.reason ?? null,
    links: note.links,
  }
}

/** Notes and cards per verdict. */
function totals(notes: readonly NoteVerdict[]) {
  const cards: Record<VerdictStatus, number> = countVerdicts([])
  for (const note of notes) cards[note.status] += note.cards
  return { notes: countVerdicts(notes), cards }
}

function mutantsJson(report: MutationReport) {
  return {
    total: report.total,
    caught: report.caught,
    heldBack: report.heldBack,
    byNoteType: report.byNoteType,
    byKind: report.byKind,
    survivors: report.notes.flatMap((note) => {
      const surviving = note.mutants.filter((mutant) => mutant.status !== 'refuted')
      if (note.original === 'refuted' || surviving.length === 0) return []
      return [
        {
          file: note.file,
          line: note.line,
          id: note.id,
          noteType: note.noteType,
          ...(note.writtenNoteType === undefined
            ? undefined
            : { writtenNoteType: note.writtenNoteType, writtenFieldNames: note.writtenFieldNames }),
          question: note.question,
          original: note.original,
          mutants: surviving.map(({ kind, field, from, to, near, status, why }) => ({
            kind,
            field,
            from,
            to,
            near,
            status,
            why,
          })),
        },
      ]
    }),
  }
}

/**
 * Card text on a terminal: no control characters (nor bidi overrides and
 * isolates, as safe-text.ts: one reorders the rest of the line), one line,
 * at most `width` characters.
 */
function oneLine(text: string, width: number): string {
  const plain = text.replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]+/g, ' ').trim()
  // Cut by cells, between characters: a slice of UTF-16 units could split an emoji in two.
  return cutLine(plain, width, '…')
}

function verdictColor(status: VerdictStatus, colors: Colors): (text: string) => string {
  if (status === 'confirmed') return colors.green
  if (status === 'refuted') return colors.red
  if (status === 'supported') return colors.cyan
  return colors.yellow
}

function printHuman(
  report: VerifyReport,
  shown: readonly NoteVerdict[],
  mutants: MutationReport | undefined,
  stream: Io['stdout'],
  colors: Colors,
  columns: number | undefined,
): void {
  // On a terminal every line fits its width, as `stats` and `lab list` fit theirs: wrapped
  // at words under its indent (the terminal broke them anywhere, to its left edge).
  const put = (line = '') => {
    for (const part of columns === undefined ? [line] : wrapLine(line, columns)) {
      writeLine(stream, part)
    }
  }
  put(colors.bold('Labs'))
  for (const result of report.labs) put(`  ${formatLabLine(result, colors)}`)
  if (report.labs.length === 0) {
    // Cards that link only labs decklab does not have link a lab all the same.
    const linked = report.notes.some((note) => note.labs.length > 0)
    put(
      linked
        ? '  (no lab run: no lab a card links is known here, see the unknown-lab errors)'
        : '  (no card links a lab)',
    )
  }
  put()
  put(colors.bold(shown.length === report.notes.length ? 'Notes' : 'Notes not confirmed'))
  for (const note of shown) {
    const label = verdictColor(note.status, colors)(note.status.toUpperCase().padEnd(10))
    const place = `  ${label} ${terminalPath(note.file)}:${note.line}`
    // The question gives way to the place, a path to copy, which is never broken (nor its
    // words wrapped apart): with no room beside it, the question goes below.
    const room = columns === undefined ? 90 : Math.min(90, columns - visibleWidth(place) - 2)
    if (columns === undefined || room >= 12)
      writeLine(stream, `${place}  ${oneLine(note.question, room)}`)
    else {
      writeLine(stream, place)
      put(`             ${oneLine(note.question, Math.max(8, columns - 13))}`)
    }
    if (note.status === 'confirmed') continue
    // Why first: refuting links, then unverified, then the ones that compared nothing.
    let saidWhy = false
    for (const link of byReasonOrder(note.links)) {
      if (link.status === 'confirmed') continue
      put(`             ${colors.dim(oneLine(link.reason ?? link.link, 200))}`)
      if (link.reason) saidWhy = true
    }
    // Every link confirmed (or none) yet the note is not: only the note says why.
    if (!saidWhy && note.reason) {
      put(`             ${colors.dim(oneLine(note.reason, 200))}`)
    }
  }
  if (shown.length === 0) put('  (none)')
  put()
  // A partial lab (some checks skipped) is not counted as a pass: its line says PARTIAL.
  const labCounts = { pass: 0, partial: 0, fail: 0, skip: 0, timeout: 0, error: 0 }
  for (const result of report.labs) {
    const kind = isPartial(result) ? 'partial' : isBusyTimeout(result) ? 'timeout' : result.status
    labCounts[kind] += 1
  }
  const labTotal = Object.entries(labCounts)
    .filter(([, count]) => count > 0)
    .map(([status, count]) => `${count} ${status}`)
    .join(', ')
  const { notes, cards } = totals(report.notes)
  const noteTotal = report.notes.length
  const cardTotal = report.notes.reduce((sum, note) => sum + note.cards, 0)
  const breakdown = (counts: Record<VerdictStatus, number>) =>
    verdictStatuses.map((status) => `${counts[status]} ${status}`).join(', ')
  put(
    `${report.labs.length} ${report.labs.length === 1 ? 'lab' : 'labs'}${labTotal ? ` (${labTotal})` : ''}`,
  )
  put(`${noteTotal} ${noteTotal === 1 ? 'note' : 'notes'}: ${breakdown(notes)}`)
  put(`${cardTotal} ${cardTotal === 1 ? 'card' : 'cards'}: ${breakdown(cards)}`)
  if (mutants) printMutants(mutants, stream, colors)
}

function percent(part: number, whole: number): string {
  return whole === 0 ? '–' : `${((100 * part) / whole).toFixed(1)}%`
}

function printMutants(mutants: MutationReport, stream: Io['stdout'], colors: Colors): void {
  writeLine(stream)
  writeLine(stream, colors.bold('Mutants'))
  for (const [noteType, counts] of Object.entries(mutants.byNoteType)) {
    writeLine(
      stream,
      `  ${noteType.padEnd(31)} ${String(counts.caught).padStart(4)} of ${String(counts.total).padEnd(4)} caught (${percent(counts.caught, counts.total)})`,
    )
  }
  // Nothing to list by class: say so rather than print an empty heading.
  if (!mutationKinds.some((kind) => mutants.byKind[kind] !== undefined)) {
    writeLine(stream, '  none: no answer here gave a wrong answer to derive')
  } else writeLine(stream, colors.bold('  by class of mutation'))
  for (const kind of mutationKinds) {
    const counts = mutants.byKind[kind]
    if (counts === undefined) continue
    const held = counts.heldBack > 0 ? `; ${counts.heldBack} held back as supported` : ''
    writeLine(
      stream,
      `  ${kind.padEnd(31)} ${String(counts.caught).padStart(4)} of ${String(counts.total).padEnd(4)} caught (${percent(counts.caught, counts.total)})${held}`,
    )
  }
  const surviving = mutants.notes.filter(
    (note) =>
      note.original !== 'refuted' && note.mutants.some((mutant) => mutant.status !== 'refuted'),
  )
  if (surviving.length > 0) {
    writeLine(stream)
    writeLine(stream, colors.bold('Notes whose mutants survive'))
  }
  for (const note of surviving) {
    writeLine(
      stream,
      `  ${terminalPath(note.file)}:${note.line}  ${oneLine(note.question, 90)}  (${note.original})`,
    )
    const listed = note.mutants.filter((mutant) => mutant.status !== 'refuted')
    const sameChange = (left: MutantResult, right: MutantResult) =>
      left.field === right.field && left.from === right.from && left.to === right.to
    for (const mutant of listed) {
      // Two mutants of one value in one field would print the same words: say which one each is.
      const where = listed.some((other) => other !== mutant && sameChange(other, mutant))
        ? ` at "${oneLine(mutant.near, 60)}"`
        : ''
      // Whole, and escaped: a reason may quote the card's words (a framing word, `x\x1bdoesn't`).
      writeLine(
        stream,
        `      ${oneLine(mutant.from, 40)} → ${oneLine(mutant.to, 40)} in ${note.writtenFieldNames?.[mutant.field] ?? mutant.field}${where}: ${verdictColor(mutant.status, colors)(mutant.status)} — ${colors.dim(terminalLine(mutant.why ?? ''))}`,
      )
    }
  }
  const skipped = mutants.notes.filter((note) => note.original === 'refuted').length
  writeLine(stream)
  writeLine(
    stream,
    `${mutants.caught} of ${mutants.total} mutants caught (${percent(mutants.caught, mutants.total)})${skipped > 0 ? `; ${skipped} refuted ${skipped === 1 ? 'note' : 'notes'} not counted` : ''}`,
  )
}
