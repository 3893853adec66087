import { errorMessage } from './error-message.js'

/**
 * What `JSON.parse` found wrong in a text, without quoting the text. V8 puts
 * the start of a text it cannot read into its message (`Unexpected token 'S',
 * "SECRET_TOKEN=abc" is not valid JSON`: a short text whole), and a file a
 * vault ships (a build record, the plugin's settings) may be a link to a
 * file of the user's anywhere, whose start a diagnostic would then print into
 * a terminal or a public CI log. Messages that give only a position are kept.
 */
export function jsonSyntaxError(error: unknown): string {
  const message = errorMessage(error)
  return /^Unexpected token\b[\s\S]*\bis not valid JSON$/.test(message)
    ? 'Unexpected character: the text is not valid JSON'
    : message
}
