/**
 * Fields that are one line of plain words (src/markdown/plain-field.ts):
 * markdown-it turns them into a paragraph holding the same text, which the
 * renderer then unwraps, so they skip the parser.
 */
import { isPlainField } from '../markdown/plain-field.js'

/** The HTML of a plain field (itself), or undefined when the field needs markdown-it. */
export function plainFieldHtml(text: string): string | undefined {
  return isPlainField(text) ? text : undefined
}
