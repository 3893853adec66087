import { describe, expect, it } from 'vitest'
import { programNameIn } from '../../src/text/program-name.js'

// The variables as npm 11.19 set them, measured in a clone (npx, npm exec and npm x alike).
const npx = { npm_command: 'exec', npm_lifecycle_event: 'npx', npm_lifecycle_script: "'decklab'" }

describe('programNameIn', () => {
  it('is `npx decklab` when npm started decklab itself: npx, npm exec, npm x', () => {
    expect(programNameIn(npx)).toBe('npx decklab')
  })

  it('is `npx decklab` for `npx -c` and for an npm script whose command is decklab', () => {
    expect(programNameIn({ npm_command: 'exec', npm_lifecycle_script: 'decklab build' })).toBe(
      'npx decklab',
    )
    expect(programNameIn({ npm_command: 'run', npm_lifecycle_script: 'decklab check' })).toBe(
      'npx decklab',
    )
    expect(
      programNameIn({
        npm_command: 'run-script',
        npm_lifecycle_script: 'node_modules/.bin/decklab build notes',
      }),
    ).toBe('npx decklab')
  })

  it('is `decklab` on the PATH, as `node lib/src/main.js`, and under npm running something else', () => {
    expect(programNameIn({})).toBe('decklab')
    // `npx vitest`: the tests it runs spawn lib/src/main.js with these variables.
    expect(programNameIn({ ...npx, npm_lifecycle_script: "'vitest'" })).toBe('decklab')
    // `npm test`, `npm run build`.
    expect(
      programNameIn({ npm_command: 'run', npm_lifecycle_script: 'npm run build && vitest run' }),
    ).toBe('decklab')
    expect(
      programNameIn({ npm_command: 'exec', npm_lifecycle_script: 'node lib/src/main.js' }),
    ).toBe('decklab')
    // A word that only starts like it, or the variables of another tool.
    expect(programNameIn({ npm_command: 'exec', npm_lifecycle_script: "'decklab-old'" })).toBe(
      'decklab',
    )
    expect(programNameIn({ npm_command: 'install', npm_lifecycle_script: 'decklab' })).toBe(
      'decklab',
    )
    expect(programNameIn({ npm_lifecycle_script: "'decklab'" })).toBe('decklab')
  })
})
