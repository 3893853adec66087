/**
 * The lab footer names the repository a student clones to run a card's lab,
 * when decklab's package.json declares one (a teacher's copy of the
 * repository), and only then; changing it rewrites an unchanged vault's
 * package, as any change of the code that renders the cards does.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openApkg } from '../anki/read-apkg.js'
import { runDecklabAsync } from '../support/decklab.js'
import { installedCopy } from '../support/installed-copy.js'
import { tempProject } from '../support/project.js'

const card = [
  'START',
  'Basic',
  'What does connect() return for a stale socket file?',
  'Back: ECONNREFUSED',
  'Lab: stale-socket',
  '<!--ID: 1763799000061-->',
  'END',
  '',
].join('\n')

function declareRepository(install: string, repository: unknown): void {
  const path = join(install, 'package.json')
  const manifest = JSON.parse(readFileSync(path, 'utf8'))
  if (repository === undefined) delete manifest.repository
  else manifest.repository = repository
  writeFileSync(path, `${JSON.stringify(manifest, null, 2)}\n`)
}

async function buildFooter(install: string, cwd: string): Promise<string> {
  const result = await runDecklabAsync(['build', '-o', 'out/deck.apkg'], {
    cwd,
    bin: join(install, 'lib/src/main.js'),
  })
  expect(result.code, result.stderr).toBe(0)
  const opened = await openApkg(readFileSync(join(cwd, 'out/deck.apkg')))
  const fields = String(opened.notes[0]?.flds).split('\x1f')
  return fields[fields.length - 1] ?? ''
}

describe('the lab footer and the repository package.json declares', () => {
  it('links the declared https address, follows a change of it, and names none when none is declared', async () => {
    const install = await installedCopy()
    const cwd = await tempProject({ 'notes/cards.md': card })

    declareRepository(install, {
      type: 'git',
      url: 'git+https://example.org/teacher/uds-course.git?a=1&b=2',
    })
    const linked = await buildFooter(install, cwd)
    expect(linked).toContain(
      ' (run in a clone of <a href="https://example.org/teacher/uds-course.git?a=1&amp;b=2">https://example.org/teacher/uds-course.git?a=1&amp;b=2</a>, the decklab repository this deck was built with, after <code>npm install</code> there)',
    )

    // The notes are unchanged: only the address moved, and the package follows it.
    declareRepository(install, 'https://example.org/teacher/uds-course')
    const moved = await buildFooter(install, cwd)
    expect(moved).toContain(
      '<a href="https://example.org/teacher/uds-course">https://example.org/teacher/uds-course</a>, the decklab repository',
    )

    // A shorthand would need a guess at the host: no address, as with none declared.
    for (const repository of ['github:teacher/uds-course', undefined]) {
      declareRepository(install, repository)
      const plain = await buildFooter(install, cwd)
      expect(plain).toContain(
        ' (run in a clone of the decklab repository this deck was built with, after <code>npm install</code> there)',
      )
      expect(plain).not.toContain('<a ')
    }
  })
})

describe('build --help', () => {
  it('tells the teacher where the footer command runs and what to give students', async () => {
    const result = await runDecklabAsync(['build', '--help'])
    expect(result.code).toBe(0)
    const help = result.stdout.replace(/\s+/g, ' ')
    expect(help).toContain(
      'runs only in a clone of the decklab repository the deck was built with, after `npm install` there',
    )
    expect(help).toContain('give your students the address with the package')
  })
})
