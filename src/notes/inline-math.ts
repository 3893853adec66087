/**
 * The spans the plugin's inline math pattern
 * `(?<!\$)\$((?=[\S])(?=[^$])[\s\S]*?\S)\$` matches (global, left to right),
 * found in linear time. The regex itself is quadratic: every `$` followed by
 * text scans to the end of the input when no `$` after a non-space follows,
 * which a file full of prices (`costs $5 and $10`) turns into minutes.
 */
export function inlineMathSpans(text: string): [start: number, end: number][] {
  const spans: [number, number][] = []
  if (!text.includes('$')) return spans
  // nextClose[k]: the smallest j >= k with text[j] === '$' after a non-space.
  const nextClose = new Int32Array(text.length + 2).fill(-1)
  for (let index = text.length - 1; index >= 1; index--) {
    nextClose[index] =
      text.charCodeAt(index) === 36 && !isSpace(text[index - 1]!) ? index : nextClose[index + 1]!
  }
  let index = text.indexOf('$')
  while (index !== -1 && index < text.length) {
    const next = text[index + 1]
    const startsMath =
      text.charCodeAt(index - 1) !== 36 && next !== undefined && next !== '$' && !isSpace(next)
    if (startsMath) {
      const close = nextClose[index + 2] ?? -1
      // No closing `$` here means none for any later start either.
      if (close === -1) break
      spans.push([index, close + 1])
      index = text.indexOf('$', close + 1)
      continue
    }
    index = text.indexOf('$', index + 1)
  }
  return spans
}

const space = /\s/

function isSpace(character: string): boolean {
  return space.test(character)
}
