/**
 * What to print for a caught value: an Error's message, anything else as
 * text. A thrown value may be anything (a lab's `throw Object.create(null)`),
 * and String() throws for an object with no usable toString: then its tag.
 */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message
  try {
    return String(error)
  } catch {
    return Object.prototype.toString.call(error)
  }
}
