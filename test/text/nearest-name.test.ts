import { describe, expect, it } from 'vitest'
import { levenshtein, nearestName, nearestNames } from '../../src/text/nearest-name.js'

describe('levenshtein', () => {
  it('counts insertions, deletions and substitutions', () => {
    expect(levenshtein('kitten', 'sitting')).toBe(3)
    expect(levenshtein('', 'abc')).toBe(3)
    expect(levenshtein('Basic', 'basic')).toBe(1)
  })
})

describe('nearestName', () => {
  it('suggests close names only', () => {
    expect(nearestName('basic', ['Basic', 'Cloze'])).toBe('Basic')
    expect(nearestName('Clozee', ['Basic', 'Cloze'])).toBe('Cloze')
    expect(nearestName('What is a socket?', ['Basic', 'Cloze'])).toBeUndefined()
  })

  it('suggests the nearest id for a typo, nothing for a stranger', () => {
    const ids = ['stream-echo', 'stream-coalesce', 'dgram-boundaries']
    expect(nearestName('stream-ehco', ids)).toBe('stream-echo')
    expect(nearestName('dgram', ids)).toBe('dgram-boundaries')
    expect(nearestName('completely-unrelated-words', ids)).toBeUndefined()
  })

  it('takes a fragment of three or more characters as a near miss, never a longer word', () => {
    expect(nearestName('stale', ['missing-socket', 'stale-socket'])).toBe('stale-socket')
    expect(nearestName('SOCKET', ['abc', 'stale-socket'])).toBe('stale-socket')
    expect(nearestName('st', ['stale-socket', 'stream-echo-and-more'])).toBeUndefined()
    expect(nearestName('Test::Quizzes', ['Test', 'Other'])).toBeUndefined()
  })

  it('ranks an exact spelling before a case difference before a real edit', () => {
    expect(nearestName('Cloze', ['cloze', 'Cloze'])).toBe('Cloze')
    expect(nearestName('cloze', ['Clone', 'Cloze'])).toBe('Cloze')
    expect(nearestName('clone', ['Cloze', 'clone'])).toBe('clone')
  })

  it('keeps the candidates’ order between equally near names', () => {
    expect(nearestName('cat', ['bat', 'hat'])).toBe('bat')
    expect(nearestName('cat', ['hat', 'bat'])).toBe('hat')
  })
})

describe('nearestNames', () => {
  it('lists every plausible name, closest first', () => {
    expect(nearestNames('Test::Quizz', ['Other', 'Test', 'Test::Quiz', 'Test::Quit'])).toEqual([
      'Test::Quiz',
      'Test::Quit',
    ])
    expect(nearestNames('nosuchtag', ['noid'])).toEqual([])
  })
})
