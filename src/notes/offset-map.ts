/**
 * Maps offsets between a file's original text and its `\n`-only form. Regex
 * notes run on the `\n` form (the plugin's regexes assume it); everything
 * decklab reports points into the original text.
 */
export interface OffsetMap {
  normalized: string
  toOriginal(offset: number): number
  toNormalized(offset: number): number
}

export function createOffsetMap(text: string): OffsetMap {
  if (!text.includes('\r\n')) {
    return { normalized: text, toOriginal: (offset) => offset, toNormalized: (offset) => offset }
  }
  // Original offsets of each removed `\r` (always followed by `\n`).
  const removed: number[] = []
  for (let index = text.indexOf('\r\n'); index !== -1; index = text.indexOf('\r\n', index + 2)) {
    removed.push(index)
  }
  const normalized = text.replace(/\r\n/g, '\n')
  /** How many entries of `removed` are below `limit` under `key`. */
  const countBelow = (limit: number, key: (position: number, index: number) => number) => {
    let low = 0
    let high = removed.length
    while (low < high) {
      const middle = (low + high) >> 1
      if (key(removed[middle]!, middle) < limit) low = middle + 1
      else high = middle
    }
    return low
  }
  return {
    normalized,
    // The `\n` of the k-th removed pair sits at normalized offset removed[k] - k.
    toOriginal: (offset) => offset + countBelow(offset, (position, index) => position - index),
    toNormalized: (offset) => offset - countBelow(offset, (position) => position),
  }
}
