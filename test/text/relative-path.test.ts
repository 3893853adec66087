import { describe, expect, it } from 'vitest'
import { pathInside, relativeTo } from '../../src/text/relative-path.js'

describe('relativeTo', () => {
  it('shows a path inside the working directory relative to it', () => {
    expect(relativeTo('/home/a/vault', '/home/a/vault/dist/UDS.apkg')).toBe('dist/UDS.apkg')
    expect(relativeTo('/home/a/vault', 'dist/UDS.apkg')).toBe('dist/UDS.apkg')
    expect(relativeTo('/home/a/vault/', '/home/a/vault/..notes/x.md')).toBe('..notes/x.md')
  })

  it('shows the working directory itself as `.`', () => {
    expect(relativeTo('/home/a/vault', '/home/a/vault')).toBe('.')
  })

  it('shows a path outside it as absolute', () => {
    expect(relativeTo('/home/a/vault', '/home/a/vaulted/x.apkg')).toBe('/home/a/vaulted/x.apkg')
    expect(relativeTo('/home/a/vault', '../out/x.apkg')).toBe('/home/a/out/x.apkg')
    expect(relativeTo('/home/a/vault', '/')).toBe('/')
  })
})

describe('pathInside', () => {
  it('gives the path below the folder, and `` for the folder itself', () => {
    expect(pathInside('/v', '/v/a/b.png')).toBe('a/b.png')
    expect(pathInside('/v', '/v/..a.png')).toBe('..a.png')
    expect(pathInside('/v', '/v')).toBe('')
    expect(pathInside('/v/', '/v')).toBe('')
  })

  it('gives nothing for a path outside the folder', () => {
    expect(pathInside('/v', '/')).toBeUndefined()
    expect(pathInside('/v', '/vault/a.png')).toBeUndefined()
    expect(pathInside('/v/a', '/v/b/../c.png')).toBeUndefined()
  })
})
