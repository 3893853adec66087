/**
 * Text made of many parts, encoded as UTF-8 a chunk at a time: the same
 * bytes as `Buffer.from(parts.join(''))` without ever holding the whole
 * text. A surrogate pair split between two parts stays one character.
 */

/** The UTF-16 code units that start a surrogate pair. */
function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff
}

/** The parts' UTF-8 bytes in chunks of about `chunkChars` characters (a part longer than that is one chunk). */
export function* utf8Chunks(parts: Iterable<string>, chunkChars = 1 << 16): Generator<Buffer> {
  let pending = ''
  for (const part of parts) {
    pending += part
    if (pending.length < chunkChars) continue
    // A high surrogate at the end waits for its low half, or it would be encoded alone (U+FFFD).
    const cut = isHighSurrogate(pending.charCodeAt(pending.length - 1))
      ? pending.length - 1
      : pending.length
    if (cut === 0) continue
    yield Buffer.from(pending.slice(0, cut), 'utf8')
    pending = pending.slice(cut)
  }
  if (pending !== '') yield Buffer.from(pending, 'utf8')
}
