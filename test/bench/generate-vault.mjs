// A synthetic vault for benchmarks: `generateVault(dir, {notes, files})` writes
// about `files` Markdown files holding `notes` card blocks in total (70% Basic,
// 15% Basic (and reversed card), 15% Cloze, every one with an ID), mixed with
// the prose real notes have: front matter, headings, lists, wikilinks and code
// fences (one of which shows a START/END example that must be ignored).
// Deterministic: the same arguments give the same bytes.
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

/** A small seeded PRNG (mulberry32), so every run measures the same vault. */
export function random(seed) {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let value = state
    value = Math.imul(value ^ (value >>> 15), value | 1)
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61)
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296
  }
}

const words =
  'socket stream datagram bind listen accept connect path abstract namespace peer credentials buffer message boundary kernel descriptor backlog unlink permission'.split(
    ' ',
  )

export async function generateVault(dir, { notes = 10_000, files = 1_000, seed = 42 } = {}) {
  const next = random(seed)
  const pick = (list) => list[Math.floor(next() * list.length)]
  const sentence = (count) =>
    Array.from({ length: count }, () => pick(words))
      .join(' ')
      .replace(/^./, (c) => c.toUpperCase())
  let id = 1_700_000_000_000
  let written = 0
  let cards = 0
  const counts = { Basic: 0, 'Basic (and reversed card)': 0, Cloze: 0 }
  for (let fileIndex = 0; fileIndex < files; fileIndex++) {
    const folder = join(dir, `topic-${String(fileIndex % 20).padStart(2, '0')}`)
    await mkdir(folder, { recursive: true })
    const inThisFile =
      Math.round(((fileIndex + 1) * notes) / files) - Math.round((fileIndex * notes) / files)
    const parts = [
      '---',
      `title: ${sentence(3)}`,
      `tags: [bench, ${pick(words)}]`,
      'aliases:',
      `  - ${sentence(2)}`,
      '---',
      '',
      `# ${sentence(3)}`,
      '',
      `${sentence(12)} See [[${pick(words)}]] and [[${pick(words)}|the ${pick(words)} note]].`,
      '',
      `- ${sentence(5)}`,
      `- ${sentence(6)} with \`code\``,
      '  - nested item',
      '',
      '```c',
      'int fd = socket(AF_UNIX, SOCK_STREAM, 0);',
      '// START',
      'START',
      'Basic',
      'not a card: inside a fence',
      'END',
      '```',
      '',
    ]
    for (let noteIndex = 0; noteIndex < inThisFile; noteIndex++) {
      const roll = next()
      const type = roll < 0.7 ? 'Basic' : roll < 0.85 ? 'Basic (and reversed card)' : 'Cloze'
      counts[type]++
      if (noteIndex % 3 === 0)
        parts.push(`## ${sentence(2)}`, '', `${sentence(15)} Links to [[${pick(words)}]].`, '')
      parts.push('START', type)
      if (type === 'Cloze') {
        parts.push(
          `The {{c1::${pick(words)}}} of a {{c2::${pick(words)}}} ${sentence(6)}.`,
          `Back Extra: ${sentence(4)}`,
        )
        cards += 2
      } else {
        parts.push(
          `${sentence(8)}?`,
          `Back: ${sentence(10)}.`,
          `- ${sentence(4)}`,
          `- ${sentence(4)}`,
        )
        if (noteIndex % 5 === 0)
          parts.push('```sh', `socat - UNIX-CONNECT:/tmp/${pick(words)}.sock`, '```')
        cards += type === 'Basic' ? 1 : 2
      }
      parts.push(`Tags: ${pick(words)} ${pick(words)}`, `<!--ID: ${id++}-->`, 'END', '')
      written++
    }
    await writeFile(join(folder, `note-${String(fileIndex).padStart(4, '0')}.md`), parts.join('\n'))
  }
  return { notes: written, files, cards, counts }
}
