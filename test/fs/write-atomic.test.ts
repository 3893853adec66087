/**
 * The durable writer: the target is the old file or the new one, never a
 * mix, even when the writing process is killed at any moment; failures and
 * refusals leave the target and no temp file behind.
 */
import { spawn } from 'node:child_process'
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { crc32 } from 'node:zlib'
import { afterEach, describe, expect, it } from 'vitest'
import { FilePartChangedError } from '../../src/fs/file-part.js'
import { temporaryWriter, writeFileAtomic, writeFileAtomicFrom } from '../../src/fs/write-atomic.js'

const builtWriter = fileURLToPath(new URL('../../lib/src/fs/write-atomic.js', import.meta.url))

const folders: string[] = []

function folder(): string {
  const created = mkdtempSync(join(tmpdir(), 'decklab-write-atomic-'))
  folders.push(created)
  return created
}

afterEach(() => {
  for (const created of folders.splice(0)) {
    // A test may have made a folder read-only: give write back so it can go.
    for (const entry of readdirSync(created, { recursive: true, withFileTypes: true })) {
      if (entry.isDirectory()) chmodSync(join(entry.parentPath, entry.name), 0o755)
    }
    chmodSync(created, 0o755)
    rmSync(created, { recursive: true, force: true })
  }
})

describe('writeFileAtomic', () => {
  it('writes parts one after another, as one file', () => {
    const target = join(folder(), 'parts.bin')
    const parts = [
      Buffer.from('head'),
      new Uint8Array(0),
      Buffer.alloc(70_000, 7),
      Buffer.from('tail'),
    ]
    expect(writeFileAtomic(target, parts)).toBe(true)
    expect(readFileSync(target).equals(Buffer.concat(parts))).toBe(true)
    expect(readdirSync(join(target, '..'))).toEqual(['parts.bin'])
  })

  it("copies a file part's file as it writes it, a piece at a time", () => {
    const root = folder()
    const source = join(root, 'picture.bin')
    // Over two of the copy's 1 MiB pieces.
    const bytes = Buffer.alloc(2_500_000)
    for (let index = 0; index < bytes.length; index++) bytes[index] = (index * 31) % 251
    writeFileSync(source, bytes)
    const target = join(root, 'out', 'deck.apkg')
    const part = { path: source, size: bytes.length, crc32: crc32(bytes) }
    expect(writeFileAtomic(target, [Buffer.from('head'), part, Buffer.from('tail')])).toBe(true)
    expect(
      readFileSync(target).equals(Buffer.concat([Buffer.from('head'), bytes, Buffer.from('tail')])),
    ).toBe(true)
  })

  it('refuses a file part whose file changed, leaving the target and no temp file', () => {
    const root = folder()
    const source = join(root, 'picture.bin')
    const target = join(root, 'deck.apkg')
    writeFileSync(target, 'old package')
    const named = Buffer.from('the bytes it was named by')
    const part = { path: source, size: named.length, crc32: crc32(named) }
    const changes: Array<[string | undefined, RegExp]> = [
      ['the bytes it was named by, and more', /more than 25 bytes, expected 25/],
      ['cut short', /9 bytes, expected 25/],
      ['THE BYTES IT WAS NAMED BY', /other bytes of the same size/],
      [undefined, /ENOENT/],
    ]
    for (const [content, reason] of changes) {
      rmSync(source, { force: true })
      if (content !== undefined) writeFileSync(source, content)
      let thrown: unknown
      try {
        writeFileAtomic(target, [Buffer.from('head'), part])
      } catch (error) {
        thrown = error
      }
      expect(thrown).toBeInstanceOf(FilePartChangedError)
      expect((thrown as FilePartChangedError).path).toBe(source)
      expect((thrown as FilePartChangedError).reason).toMatch(reason)
      expect(readFileSync(target, 'utf8')).toBe('old package')
      expect(readdirSync(root).sort()).toEqual(
        content === undefined ? ['deck.apkg'] : ['deck.apkg', 'picture.bin'],
      )
    }
  })

  it('creates the file and its folder, leaving no temp file', () => {
    const root = folder()
    const path = join(root, 'out', 'deck.apkg')
    expect(writeFileAtomic(path, 'new\n')).toBe(true)
    expect(readFileSync(path, 'utf8')).toBe('new\n')
    expect(readdirSync(join(root, 'out'))).toEqual(['deck.apkg'])
  })

  it('replaces a file with bytes, setting the mode exactly, whatever the umask', () => {
    const root = folder()
    const path = join(root, 'note.md')
    writeFileSync(path, 'old')
    const previous = process.umask(0o077)
    try {
      writeFileAtomic(path, new Uint8Array([0x6e, 0x65, 0x77]), { mode: 0o644 })
    } finally {
      process.umask(previous)
    }
    expect(readFileSync(path, 'utf8')).toBe('new')
    expect(statSync(path).mode & 0o777).toBe(0o644)
  })

  it('leaves the target as it was when beforeRename refuses, and removes its temp file', () => {
    const root = folder()
    const path = join(root, 'note.md')
    writeFileSync(path, 'old')
    let asked = 0
    const written = writeFileAtomic(path, 'new', {
      beforeRename: () => {
        asked += 1
        // The temp file is complete on disk when the question is asked.
        const temp = readdirSync(root).find((name) => name !== 'note.md')
        expect(readFileSync(join(root, temp ?? ''), 'utf8')).toBe('new')
        return false
      },
    })
    expect({ written, asked }).toEqual({ written: false, asked: 1 })
    expect(readFileSync(path, 'utf8')).toBe('old')
    expect(readdirSync(root)).toEqual(['note.md'])
  })

  it('throws when the rename fails, leaving the target and no temp file', () => {
    const root = folder()
    const path = join(root, 'taken')
    mkdirSync(path)
    writeFileSync(join(path, 'inside'), 'x')
    expect(() => writeFileAtomic(path, 'new')).toThrow(/EISDIR|ENOTEMPTY|EEXIST/)
    expect(readdirSync(root)).toEqual(['taken'])
    expect(readdirSync(path)).toEqual(['inside'])
  })

  // Root ignores the folder's mode.
  it.skipIf(process.getuid?.() === 0)(
    'throws when the folder cannot be written, leaving the target',
    () => {
      const root = folder()
      const path = join(root, 'cards.json')
      writeFileSync(path, 'old')
      chmodSync(root, 0o500)
      try {
        expect(() => writeFileAtomic(path, 'new')).toThrow(/EACCES/)
      } finally {
        chmodSync(root, 0o700)
      }
      expect(readFileSync(path, 'utf8')).toBe('old')
      expect(readdirSync(root)).toEqual(['cards.json'])
    },
  )

  it('replaces a symbolic link at the target with the file, never writing through it', () => {
    const root = folder()
    writeFileSync(join(root, 'real'), 'real')
    symlinkSync(join(root, 'real'), join(root, 'link'))
    writeFileAtomic(join(root, 'link'), 'new')
    expect(readFileSync(join(root, 'real'), 'utf8')).toBe('real')
    expect(readFileSync(join(root, 'link'), 'utf8')).toBe('new')
  })

  it('names its temp files so a cleanup knows them and their writer', () => {
    expect(temporaryWriter('.a.md.4242-0badc0de.decklab-tmp', '.decklab-tmp')).toBe(4242)
    expect(temporaryWriter('.cards.json.17-deadbeef.tmp', '.tmp')).toBe(17)
    for (const name of ['a.md.4242-0badc0de.decklab-tmp', '.a.md.decklab-tmp', 'keep.tmp']) {
      expect(temporaryWriter(name, '.decklab-tmp')).toBeUndefined()
    }
  })

  it('leaves the old file or the new one, whole, when the writer is killed at any moment', async () => {
    const root = folder()
    const path = join(root, 'state.json')
    // Two versions big enough that a write takes several system calls.
    const versions = ['a', 'b'].map((letter) => letter.repeat(4 << 20))
    writeFileSync(path, versions[0]!)
    const script = `
      import { writeFileAtomic } from ${JSON.stringify(builtWriter)}
      const versions = ['a', 'b'].map((letter) => letter.repeat(4 << 20))
      process.stdout.write('ready\\n')
      for (let index = 1; ; index += 1) writeFileAtomic(${JSON.stringify(path)}, versions[index % 2])
    `
    for (let round = 0; round < 8; round += 1) {
      const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
        stdio: ['ignore', 'pipe', 'inherit'],
      })
      await new Promise((resolve) => child.stdout.once('data', resolve))
      await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 60))
      const exited = new Promise((resolve) => child.once('exit', resolve))
      child.kill('SIGKILL')
      await exited
      const text = readFileSync(path, 'utf8')
      expect(versions.includes(text), `round ${round}: ${text.length} bytes`).toBe(true)
    }
  }, 60_000)
})

describe('writeFileAtomicFrom', () => {
  it('writes parts as they come, awaiting between them, as one file', async () => {
    const root = folder()
    const target = join(root, 'page.html')
    writeFileSync(target, 'old page')
    const seen: string[] = []
    async function* parts() {
      for (const text of ['<!doctype html>', '', 'x'.repeat(70_000), '</html>']) {
        await new Promise((resolve) => setImmediate(resolve))
        // The old file stays whole until the last part is written.
        seen.push(readFileSync(target, 'utf8'))
        yield Buffer.from(text)
      }
    }
    expect(await writeFileAtomicFrom(target, parts())).toBe(true)
    expect(readFileSync(target, 'utf8')).toBe(`<!doctype html>${'x'.repeat(70_000)}</html>`)
    expect(seen).toEqual(['old page', 'old page', 'old page', 'old page'])
    expect(readdirSync(root)).toEqual(['page.html'])
  })

  it("passes on a part's own error as it is, leaving the target and no temp file", async () => {
    const root = folder()
    const target = join(root, 'page.html')
    writeFileSync(target, 'old page')
    const stop = Object.assign(new Error('interrupted by SIGINT'), { code: 'interrupted' })
    async function* parts() {
      yield Buffer.from('half a ')
      throw stop
    }
    await expect(writeFileAtomicFrom(target, parts())).rejects.toBe(stop)
    expect(stop).not.toHaveProperty('path')
    expect(readFileSync(target, 'utf8')).toBe('old page')
    expect(readdirSync(root)).toEqual(['page.html'])
  })
})
