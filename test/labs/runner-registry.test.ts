// The registry finds every lab module, validates it, and sorts by id.
import { describe, expect, it } from 'vitest'
import { loadLabCatalog, loadLabs, validateLab } from '../../src/labs/registry.js'

describe('loadLabs', () => {
  it('loads valid lab modules sorted by id, each id equal to its file name', async () => {
    const labs = await loadLabs()
    const ids = labs.map((lab) => lab.id)
    expect(ids).toEqual([...ids].sort())
    expect(new Set(ids).size).toBe(ids.length)
    for (const id of [
      'stream-echo',
      'stream-coalesce',
      'dgram-boundaries',
      'seqpacket-boundaries',
    ]) {
      expect(ids).toContain(id)
    }
    for (const lab of labs) expect(validateLab(lab, lab.id)).toEqual([])
  })

  it('has at least one echo server of each kind', async () => {
    const serves = new Set((await loadLabs()).map((lab) => lab.serve))
    for (const kind of ['stream', 'datagram', 'seqpacket']) expect(serves).toContain(kind)
  })

  it('gives the catalogue of check names per lab', async () => {
    const catalog = await loadLabCatalog()
    expect(catalog.broken).toEqual(new Map())
    expect(catalog.checks.get('stream-echo')).toEqual([
      'echo-roundtrip',
      'python-client',
      'socket-file-created',
      'accept-new-socket',
      'listener-keeps-accepting',
      'socket-is-fd',
    ])
    expect(catalog.checks.get('seqpacket-boundaries')).toContain('connection-required')
  })
})

describe('validateLab', () => {
  const valid = {
    id: 'some-lab',
    title: 'T',
    summary: 'S',
    requires: ['python3'],
    checks: ['a-check'],
    serve: null,
    run: async () => {},
  }

  it('accepts a valid definition', () => {
    expect(validateLab(valid, 'some-lab')).toEqual([])
  })

  it('reports each problem', () => {
    expect(validateLab(undefined, 'x')).toEqual(['has no default export LabDefinition'])
    expect(validateLab({ ...valid, id: 'other' }, 'some-lab')).toEqual([
      'id `other` must equal the file name `some-lab`',
    ])
    expect(validateLab({ ...valid, id: 'Some_Lab' }, 'Some_Lab')).toEqual([
      'id `Some_Lab` must be kebab-case',
    ])
    expect(validateLab({ ...valid, checks: [] }, 'some-lab')).toEqual(['must declare its checks'])
    expect(validateLab({ ...valid, checks: ['a', 'a', 'Bad'] }, 'some-lab')).toEqual([
      'check `a` is declared twice',
      'check name `Bad` must be kebab-case',
    ])
    expect(validateLab({ ...valid, serve: 'udp' }, 'some-lab')).toEqual([
      'serve must be "stream", "datagram", "seqpacket" or null, not "udp"',
    ])
    expect(validateLab({ ...valid, requires: ['docker'] }, 'some-lab')).toEqual([
      'unknown requirement `docker`',
    ])
    // A typo gets the known name it may have meant, as a mistyped option does.
    expect(validateLab({ ...valid, requires: ['pythn3'] }, 'some-lab')).toEqual([
      'unknown requirement `pythn3` (did you mean `python3`?)',
    ])
  })
})
