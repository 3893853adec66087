import { describe, expect, it } from 'vitest'
import { relativeTo } from '../../src/text/relative-path.js'

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
