// A field's additions (a FROZEN value, the file link) on the quiz's card face:
// each read on its own and shown after the field as the card shows its HTML,
// never inside the code block or list the field ends in.
import { describe, expect, it } from 'vitest'
import { noteContentKey } from '../../src/model/note-key.js'
import { cardFace } from '../../src/quiz/card-face.js'
import { makeNote } from './helpers.js'

describe('a card face with FROZEN values', () => {
  it('shows a value after a code block on a line of its own, outside the code', () => {
    const note = makeNote({
      id: null,
      fields: { Front: 'Code', Back: '```python\nx = 1\n```' },
      additions: { Back: [{ markdown: 'FROZENTAIL' }] },
    })
    expect(cardFace(note, 0, false).back.split('\n')).toEqual(['    x = 1', 'FROZENTAIL'])
  })

  it('shows a value after a list outside its last item', () => {
    const note = makeNote({
      id: null,
      fields: { Front: 'List', Back: '- a\n- b' },
      additions: { Back: [{ markdown: 'FROZENTAIL' }] },
    })
    expect(cardFace(note, 0, false).back.split('\n')).toEqual(['  • a', '  • b', 'FROZENTAIL'])
  })

  it('glues a value to a one-paragraph field, and a typed card expects both', () => {
    const note = makeNote({
      id: null,
      noteType: 'Basic (type in the answer)',
      fields: { Front: 'India', Back: 'New Delhi' },
      additions: { Front: [{ markdown: '<br/>the capital?' }], Back: [{ markdown: '(the city)' }] },
    })
    const face = cardFace(note, 0, false)
    expect(face.front).toBe('India\nthe capital?')
    expect(face.expected).toBe('New Delhi(the city)')
  })
})

describe('a card face with the context breadcrumb after a FROZEN value', () => {
  it('shows the breadcrumb on a line of its own', () => {
    const note = makeNote({
      id: null,
      fields: { Front: 'India', Back: 'New Delhi' },
      additions: {
        Front: [{ markdown: '(a test)' }, { markdown: 'notes/card.md > Topic', paragraph: true }],
      },
    })
    expect(cardFace(note, 0, false).front).toBe('India(a test)\nnotes/card.md > Topic')
  })
})

describe('the content key of a note with additions', () => {
  it('is the key of the note whose fields hold them joined on, as before they were kept apart', () => {
    const joined = makeNote({ id: null, fields: { Front: 'India<br/>x', Back: 'b' } })
    const apart = makeNote({
      id: null,
      fields: { Front: 'India', Back: 'b' },
      additions: { Front: [{ markdown: '<br/>x' }] },
    })
    expect(noteContentKey(apart)).toBe(noteContentKey(joined))
  })
})
