/**
 * A file name's bytes cut into what UTF-8 reads (text) and the bytes it
 * cannot (numbers), so a name that is not UTF-8 can be shown (`caf\xe9.md`)
 * and renamed by a shell command that names those very bytes.
 */
const utf8 = new TextDecoder('utf-8', { fatal: true })

/** Runs of valid UTF-8 as strings, each byte that is not as its number. */
export function utf8Pieces(bytes: Uint8Array): Array<string | number> {
  const pieces: Array<string | number> = []
  let text = ''
  let index = 0
  while (index < bytes.length) {
    let length = 0
    for (let size = 4; size >= 1; size--) {
      try {
        utf8.decode(bytes.subarray(index, index + size))
        length = size
        break
      } catch {
        length = 0
      }
    }
    if (length === 0) {
      if (text !== '') pieces.push(text)
      text = ''
      pieces.push(bytes[index]!)
      index++
    } else {
      text += utf8.decode(bytes.subarray(index, index + length))
      index += length
    }
  }
  if (text !== '') pieces.push(text)
  return pieces
}

/** A byte as `\xNN`, as `$'…'` quoting in bash and zsh reads it back. */
export function hexByte(byte: number): string {
  return `\\x${byte.toString(16).padStart(2, '0')}`
}
