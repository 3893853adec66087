/**
 * The shell command that renames a file or folder whose name is not UTF-8 to
 * the name its bytes spell in Latin-1, which old Linux and Windows systems
 * wrote (`caf\xe9.md` is `café.md`), as `convmv -f latin1 -t utf8` would. The name as
 * it is goes in bash's and zsh's `$'…'` quoting, where `\xNN` is that very
 * byte, as the diagnostic shows it; `mv -n` never replaces a file already
 * holding the new name.
 */
import { hexByte, utf8Pieces } from '../text/utf8-pieces.js'

/** `mv -n -- $'notes/caf\xe9.md' 'notes/café.md'` for `caf\xe9.md` in `notes` (relative to the cwd). */
export function renameCommand(folder: string, name: Uint8Array): string {
  const prefix = folder === '' ? '' : `${folder}/`
  const pieces = utf8Pieces(name)
  const from = pieces
    .map((piece) => (typeof piece === 'number' ? hexByte(piece) : dollarQuoted(piece)))
    .join('')
  const to = pieces
    .map((piece) => (typeof piece === 'number' ? Buffer.from([piece]).toString('latin1') : piece))
    .join('')
  return `mv -n -- $'${dollarQuoted(prefix)}${from}' ${shellQuoted(`${prefix}${to}`)}`
}

/** Text inside `$'…'`: its backslashes, quotes and control characters escaped. */
function dollarQuoted(text: string): string {
  return text.replace(/[\\']|[\u0000-\u001f\u007f-\u009f]/g, (char) =>
    char === '\\' || char === "'"
      ? `\\${char}`
      : `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  )
}

/** Text as one shell word: in `'…'`, or in `$'…'` when it holds a quote, backslash or control. */
function shellQuoted(text: string): string {
  return /[\\']|[\u0000-\u001f\u007f-\u009f]/.test(text) ? `$'${dollarQuoted(text)}'` : `'${text}'`
}
