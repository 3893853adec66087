/**
 * `text` up to and with its last `]`: the part a bracketed tag (`[sound:…]`)
 * can lie in. A pattern such as `\[sound:[^\]]+\]`, tried from each `[sound:`
 * after the last `]`, runs to the end each time: over many `[sound:` without
 * a `]` (15,000 took seconds) that is quadratic. Before the last `]`, each try
 * stops at the next `]`, and the search goes on after it.
 */
export function closablePart(text: string): string {
  return text.slice(0, text.lastIndexOf(']') + 1)
}
