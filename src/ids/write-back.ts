/**
 * Writing planned IDs into the files: atomically (temp file in the same
 * directory, then rename), keeping the file mode and BOM, and refusing a
 * file whose bytes changed since it was read.
 */
import { createHash, randomBytes } from 'node:crypto'
import { chmod, chown, readFile, rename, rm, stat, writeFile } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { createDiagnostic, type Diagnostic } from '../diagnostics/diagnostic.js'
import type { FileIdEdit, WritableSource } from './plan.js'

const BOM = '\uFEFF'

/** The bytes a source had when it was read (BOM included). */
export function originalBytes(source: WritableSource): Buffer {
  return Buffer.from((source.bom ? BOM : '') + source.text, 'utf8')
}

function digest(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex')
}

/** Outcome of one file's write. */
export interface WriteBackResult {
  written: string[]
  diagnostics: Diagnostic[]
}

/** Apply every edit; a file that changed since it was read is left alone with a `file-changed` error. */
export async function applyIdEdits(edits: readonly FileIdEdit[]): Promise<WriteBackResult> {
  const written: string[] = []
  const diagnostics: Diagnostic[] = []
  for (const edit of edits) {
    const bytes = Buffer.from((edit.source.bom ? BOM : '') + edit.text, 'utf8')
    let outcome: 'written' | 'changed'
    try {
      outcome = await replaceIfUnchanged(
        edit.source.absolutePath,
        bytes,
        digest(originalBytes(edit.source)),
      )
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? String(error)
      diagnostics.push(
        createDiagnostic(
          edit.source.file,
          1,
          1,
          'error',
          'write-failed',
          `Unexpected \`${code}\` writing new IDs into the file, expected a writable file and folder`,
          'Make the file and its folder writable, or use `--frozen` where notes must not change.',
        ),
      )
      continue
    }
    if (outcome === 'written') written.push(edit.source.file)
    else {
      diagnostics.push(
        createDiagnostic(
          edit.source.file,
          1,
          1,
          'error',
          'file-changed',
          'Unexpected change to the file since it was read, expected it unchanged: no IDs were written to it',
          'Run the build again to add the missing IDs.',
        ),
      )
    }
  }
  return { written, diagnostics }
}

/**
 * Write `bytes` to a temp file beside `path`, then rename it over `path`, but
 * only if `path` still hashes to `expectedDigest` right before the rename.
 */
export async function replaceIfUnchanged(
  path: string,
  bytes: Uint8Array,
  expectedDigest: string,
): Promise<'written' | 'changed'> {
  const stats = await stat(path)
  const mode = stats.mode & 0o7777
  const temp = join(
    dirname(path),
    `.${basename(path)}.${process.pid}-${randomBytes(4).toString('hex')}.decklab-tmp`,
  )
  try {
    await writeFile(temp, bytes, { flag: 'wx', mode })
    // writeFile's mode passes through the umask; set it exactly.
    await chmod(temp, mode)
    if (process.getuid?.() === 0) await chown(temp, stats.uid, stats.gid)
    const current = await readFile(path)
    if (digest(current) !== expectedDigest) return 'changed'
    await rename(temp, path)
    return 'written'
  } finally {
    await rm(temp, { force: true })
  }
}
