import type { Colors } from '../cli/colors.js'
import type { CommandSpec } from '../cli/command.js'
import { type Io, stderrColors, stdoutColors, writeJson, writeLine } from '../cli/io.js'
import { sortDiagnostics } from '../diagnostics/diagnostic.js'
import { formatDiagnostic } from '../diagnostics/format.js'
import type { LabResult, LabStatus } from '../labs/types.js'
import { type CardStatus, type CardVerdict, countVerdicts } from '../verify/judge.js'
import { type VerifyReport, verifyExitCode, verifyNotes } from '../verify/verify.js'

export const command: CommandSpec = {
  name: 'verify',
  summary: "Run the labs the cards link and check every card's claim against the kernel",
  usage: 'decklab verify [paths...] [--json]',
  description:
    'Loads the notes (default `notes/`), runs each lab linked from a card once, one after another, and judges every card: `confirmed` when every linked lab (or `lab#check`) passed; `refuted` when one failed, or when a "Basic (type in the answer)" card\'s Back differs from the value the linked check observed (case, whitespace and Unicode form are normalised); `unverified` when the card links no lab, or a linked lab was skipped (a requirement is missing here), errored, or left things behind — a broken lab says nothing about the kernel, so it never refutes a card. Exit 1 when a card is refuted, a lab failed or errored, or a link names an unknown lab or check (`unknown-lab`); exit 0 otherwise, even with unverified cards.',
  options: {
    json: {
      type: 'boolean',
      description:
        'Print {"labs":[lab results],"cards":[{file,line,id,labs,status,reason}]} on stdout',
    },
  },
  examples: [
    'decklab verify',
    'decklab verify notes/07*.md',
    'decklab verify --json > verify.json',
  ],
  allowPositionals: true,
  async run(args, io) {
    const json = args.values.json === true
    const progress = io.stderr.isTTY === true
    const colors = stderrColors(io)
    const report = await verifyNotes({
      cwd: io.cwd,
      paths: args.positionals,
      signal: io.signal,
      onLabStart: progress
        ? (id, index, total) => io.stderr.write(`[${index + 1}/${total}] ${id} …`)
        : undefined,
      onLabEnd: progress
        ? (result, index, total) =>
            io.stderr.write(`\r\u001b[K[${index + 1}/${total}] ${formatLab(result, colors)}\n`)
        : undefined,
    })
    for (const diagnostic of sortDiagnostics(report.diagnostics)) {
      writeLine(io.stderr, formatDiagnostic(diagnostic, colors))
    }
    if (json) {
      writeJson(io, { labs: report.labs, cards: report.cards.map(cardJson) })
      printHuman(report, io.stderr, colors)
    } else {
      printHuman(report, io.stdout, stdoutColors(io))
    }
    return verifyExitCode(report)
  },
}

/** The card entry of `--json`: always the same keys, `reason` null when confirmed. */
function cardJson(card: CardVerdict) {
  return {
    file: card.file,
    line: card.line,
    id: card.id,
    labs: card.labs,
    status: card.status,
    reason: card.reason ?? null,
  }
}

const labLabels: Record<LabStatus, string> = {
  pass: 'PASS',
  fail: 'FAIL',
  skip: 'SKIP',
  error: 'ERROR',
}

function labColor(status: LabStatus, colors: Colors): (text: string) => string {
  if (status === 'pass') return colors.green
  if (status === 'skip') return colors.yellow
  return colors.red
}

function formatLab(result: LabResult, colors: Colors): string {
  const label = labColor(result.status, colors)(labLabels[result.status].padEnd(5))
  const reason = result.reason ? `: ${result.reason}` : ''
  return `${label} ${result.lab} (${result.durationMs} ms)${reason}`
}

function cardColor(status: CardStatus, colors: Colors): (text: string) => string {
  if (status === 'confirmed') return colors.green
  if (status === 'unverified') return colors.yellow
  return colors.red
}

function printHuman(report: VerifyReport, stream: Io['stdout'], colors: Colors): void {
  writeLine(stream, colors.bold('Labs'))
  for (const result of report.labs) writeLine(stream, `  ${formatLab(result, colors)}`)
  if (report.labs.length === 0) writeLine(stream, '  (no card links a lab)')
  writeLine(stream)
  writeLine(stream, colors.bold('Cards'))
  for (const card of report.cards) {
    const label = cardColor(card.status, colors)(card.status.toUpperCase().padEnd(10))
    const where = `${card.file}:${card.line}`
    const labs = card.labs.length > 0 ? ` [${card.labs.join(', ')}]` : ''
    const reason = card.reason ? ` — ${card.reason}` : ''
    writeLine(stream, `  ${label} ${where}${labs}${reason}`)
  }
  writeLine(stream)
  const labCounts = { pass: 0, fail: 0, skip: 0, error: 0 }
  for (const result of report.labs) labCounts[result.status] += 1
  const notes = countVerdicts(report.cards)
  const cardTotal = report.cards.reduce((sum, card) => sum + card.cards, 0)
  const confirmedCards = report.cards
    .filter((card) => card.status === 'confirmed')
    .reduce((sum, card) => sum + card.cards, 0)
  const labTotal = Object.entries(labCounts)
    .filter(([, count]) => count > 0)
    .map(([status, count]) => `${count} ${status}`)
    .join(', ')
  writeLine(
    stream,
    `${report.labs.length} ${report.labs.length === 1 ? 'lab' : 'labs'}${labTotal ? ` (${labTotal})` : ''}; ${report.cards.length} ${report.cards.length === 1 ? 'note' : 'notes'}: ${notes.confirmed} confirmed, ${notes.refuted} refuted, ${notes.unverified} unverified; ${confirmedCards} of ${cardTotal} cards confirmed`,
  )
}
