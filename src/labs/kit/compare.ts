/**
 * Two-sided comparisons for checks. "Both sides failed" is never agreement
 * (learnyounode #250 passed when both servers refused: "" == "").
 */
import type { Outcome } from './outcome.js'

/** The verdict of a comparison, ready for `context.check`. */
export interface Comparison {
  pass: boolean
  observed: string
}

/**
 * Pass only when both sides succeeded, neither value is empty, and they are
 * equal (by `equal`, default: JSON equality).
 */
export function compareSides<T>(
  left: Outcome<T>,
  right: Outcome<T>,
  equal: (a: T, b: T) => boolean = (a, b) => JSON.stringify(a) === JSON.stringify(b),
): Comparison {
  if (!left.ok && !right.ok) {
    return {
      pass: false,
      observed: `both sides failed (${left.error.message}; ${right.error.message})`,
    }
  }
  if (!left.ok) return { pass: false, observed: `first side failed: ${left.error.message}` }
  if (!right.ok) return { pass: false, observed: `second side failed: ${right.error.message}` }
  if (isEmpty(left.value) || isEmpty(right.value)) {
    return { pass: false, observed: 'an empty result proves nothing' }
  }
  return equal(left.value, right.value)
    ? { pass: true, observed: 'both sides agree' }
    : { pass: false, observed: `sides differ: ${show(left.value)} vs ${show(right.value)}` }
}

function isEmpty(value: unknown): boolean {
  if (value === undefined || value === null || value === '') return true
  if (Array.isArray(value) || Buffer.isBuffer(value)) return value.length === 0
  return false
}

function show(value: unknown): string {
  const text = Buffer.isBuffer(value) ? JSON.stringify(value.toString()) : JSON.stringify(value)
  return text && text.length > 80 ? `${text.slice(0, 77)}...` : String(text)
}
