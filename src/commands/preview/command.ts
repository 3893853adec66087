import type { CommandSpec } from '../../cli/command.js'
import { hasErrors } from '../../diagnostics/diagnostic.js'
import { formatDiagnostics, formatSummary } from '../../diagnostics/format.js'
import { diagnosticsJson } from '../../diagnostics/json.js'
import { exitCodes, UsageError } from '../../errors.js'
import { loadLabCatalog } from '../../labs/registry.js'
import { defaultLockWaitMs } from '../../locks/wait-notice.js'
import { loadVault } from '../../notes/load-vault.js'
import { renderNote } from '../../render/render-note.js'
import { type Io, stderrColors, writeJson } from '../../terminal/io.js'
import { terminalLine, terminalPath } from '../../terminal/safe-text.js'
import { count } from '../../text/count.js'
import { programName } from '../../text/program-name.js'
import { deckOption } from '../build/deck-option.js'
import { type PreviewResult, writePreview } from './write-preview.js'

/** `decklab preview`: a static page of every card as Anki will show it. */
export const command: CommandSpec = {
  name: 'preview',
  usage: `${programName()} preview [paths...] [-o DIR] [--deck NAME] [--verify FILE] [--json]`,
  description: `Reads the notes (default: the vault you stand in, else \`notes/\`, else the current folder), renders every field with the same renderer and every card with the same notetype templates and CSS as the \`.apkg\`, and writes a static site to DIR (default \`dist/preview/\`): \`index.html\`, its CSS and script, and the media under their package names. Open \`index.html\` straight from disk; it needs no server and no network. A folder without card blocks, where no page was written before, gets none (after the \`no-notes\` warning; \`written: false\` with \`--json\`). Cards are grouped by deck, with a search box, deck and tag filters, each card's tags, lab links and source \`file:line\`, and the notes' diagnostics at the top; light and dark follow the system. Math is typeset in the browser by a copy of KaTeX written next to the page (Anki uses MathJax; the two look alike, not identical).\n\nNothing is written into the notes: a note without an ID is keyed by its content, as the quiz keys it, and marked "no ID yet". With error diagnostics the page is still written (listing them at the top) and the exit code is 1, as \`${programName()} build\` would refuse those notes. DIR must be empty, new, or a folder \`${programName()} preview\` wrote before (its stale media are removed; files it did not write stay). A link standing where it wrote a file (or its \`katex/\` folder) is replaced, never written through; anything else it did not write, where it would write a file or that folder, stays and is exit 2. When DIR cannot be written (no permission, a read-only or full disk) the exit code is 2 with the reason, and the next run takes up what was written. Two runs into one DIR take turns: the second waits for the first (up to 60 s, then exit 2, \`output-locked\`).`,
  options: {
    output: { type: 'string', short: 'o', value: 'DIR', description: 'where to write the site' },
    deck: {
      type: 'string',
      value: 'NAME',
      description:
        'show every note in this deck, as `build --deck` packages them (overrides TARGET DECK and front matter)',
    },
    verify: {
      type: 'string',
      value: 'FILE',
      description: `mark each card confirmed, supported, refuted or unverified from a \`${programName()} verify --json\` report`,
    },
    json: {
      type: 'boolean',
      description: 'print {"output","written","cards","notes","diagnostics"} on stdout',
    },
  },
  examples: [
    `${programName()} preview`,
    `${programName()} preview notes -o site`,
    `${programName()} verify --json > verify.json; ${programName()} preview --verify verify.json`,
  ],
  allowPositionals: true,
  async run(args, io) {
    const output = args.values.output
    const verify = args.values.verify
    if (output !== undefined && (typeof output !== 'string' || output.trim() === '')) {
      throw new UsageError('`--output` needs a folder name')
    }
    if (verify !== undefined && (typeof verify !== 'string' || verify.trim() === '')) {
      throw new UsageError(`\`--verify\` needs the file \`${programName()} verify --json\` wrote`)
    }
    const deck = deckOption(args.values.deck)
    const json = args.values.json === true
    const result = await writePreview(
      {
        cwd: io.cwd,
        paths: args.positionals,
        deck,
        output: output as string | undefined,
        verifyReport: verify as string | undefined,
        signal: io.signal,
        onWait: (holder) =>
          io.stderr.write(
            `waiting for ${terminalLine(holder)} to finish writing into this folder (up to ${defaultLockWaitMs / 1000} s)…\n`,
          ),
      },
      { loadVault, renderNote, labCatalog: loadLabCatalog },
    )
    if (json) {
      writeJson(io, {
        output: result.output,
        written: result.written,
        cards: result.cards,
        notes: result.notes,
        diagnostics: diagnosticsJson(result.diagnostics),
      })
    }
    printReport(io, result)
    return hasErrors(result.diagnostics) ? exitCodes.findings : exitCodes.ok
  },
}

function printReport(io: Io, result: PreviewResult): void {
  const colors = stderrColors(io)
  io.stderr.write(formatDiagnostics(result.diagnostics, colors))
  if (result.diagnostics.length > 0) io.stderr.write(`${formatSummary(result.diagnostics)}\n`)
  if (!result.written) {
    io.stderr.write(
      'no page written: no notes to show (the warning above says where decklab looked)\n',
    )
    return
  }
  const counts = `${count(result.cards, 'card')} from ${count(result.notes, 'note')}, ${result.media} media, ${Math.round(result.durationMs)} ms`
  const verb = hasErrors(result.diagnostics)
    ? colors.yellow('wrote (with errors)')
    : colors.green('wrote')
  io.stderr.write(`${verb} ${terminalPath(result.index)} (${counts})\n`)
}
