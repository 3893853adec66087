/** A parsed JSON value that is an object: not null and not an array (settings, state and sync files). */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
