// The first card reaches the screen before the Markdown parser is loaded when
// its question is plain words: the answer side is rendered when first read.
// Checked in a fresh process (the built code), where nothing else loaded it.
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const cardFaceModule = fileURLToPath(new URL('../../lib/src/quiz/card-face.js', import.meta.url))

const script = `
import { createRequire } from 'node:module'
const { cardFace } = await import(${JSON.stringify(cardFaceModule)})
const loaded = () => Object.keys(createRequire(import.meta.url).cache).some((path) => path.includes('markdown-it'))
const note = { noteType: 'Basic', fields: { Front: 'What does UDS stand for?', Back: '**Unix** domain sockets\\n- a list' } }
const face = cardFace(note, 0, false, { indent: 2, width: 80 })
const front = [face.front, loaded()]
const back = [face.back, loaded()]
console.log(JSON.stringify({ front, back }))
`

describe('a card face', () => {
  it('renders a plain question without loading markdown-it, and the answer side when read', () => {
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      encoding: 'utf8',
    })
    expect(result.stderr).toBe('')
    expect(JSON.parse(result.stdout)).toEqual({
      front: ['  What does UDS stand for?', false],
      back: ['  Unix domain sockets\n    • a list', true],
    })
  })
})
