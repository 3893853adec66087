/** Cut text to at most `limit` UTF-8 bytes without splitting a character (file names count bytes). */
export function truncateUtf8(text: string, limit: number): string {
  let result = ''
  let bytes = 0
  for (const character of text) {
    bytes += Buffer.byteLength(character)
    if (bytes > limit) break
    result += character
  }
  return result
}
