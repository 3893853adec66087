/**
 * What to print for a caught value: an Error's message, anything else as
 * text. A thrown value may be anything (a lab's `throw Object.create(null)`),
 * and String() throws for an object with no usable toString: then its tag.
 */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : printable(error)
}

/** Any value as text: what String() gives, or its tag when String() throws. */
export function printable(value: unknown): string {
  try {
    return String(value)
  } catch {
    return Object.prototype.toString.call(value)
  }
}
