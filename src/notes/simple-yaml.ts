/**
 * A fast reader for the plain front matter most notes have (`key: value`,
 * `key: [a, b]`, `key:` followed by `- item` lines, comments). It returns
 * undefined for anything else (quotes, nesting, block scalars, anchors,
 * numbers, booleans…), and the caller then uses the full YAML parser. Loading
 * and warming up a YAML parser for a thousand tiny headers is most of the
 * cost of a `check` run, so the common case skips it.
 */
export function readSimpleYaml(
  lines: readonly string[],
): Record<string, string | string[]> | undefined {
  const data: Record<string, string | string[]> = {}
  const emptyKeys = new Set<string>()
  let list: string[] | undefined
  for (const raw of lines) {
    const line = raw.trimEnd()
    if (line === '' || line.startsWith('#')) continue
    if (list && /^ *- /.test(line)) {
      const item = plainScalar(line.slice(line.indexOf('- ') + 2).trim())
      if (item === undefined) return undefined
      list.push(item)
      continue
    }
    list = undefined
    const match = /^([A-Za-z_][A-Za-z0-9_ -]*?):(?: +(.*))?$/.exec(line)
    if (!match) return undefined
    const key = match[1]!
    if (key.endsWith(' ')) return undefined
    if (Object.hasOwn(data, key)) return undefined
    const value = match[2]?.trim() ?? ''
    if (value === '') {
      emptyKeys.add(key)
      list = []
      data[key] = list
      continue
    }
    if (value.startsWith('[')) {
      if (!value.endsWith(']')) return undefined
      const inner = value.slice(1, -1).trim()
      const items = inner === '' ? [] : inner.split(',').map((item) => plainScalar(item.trim()))
      if (items.some((item) => item === undefined)) return undefined
      data[key] = items as string[]
      continue
    }
    const scalar = plainScalar(value)
    if (scalar === undefined) return undefined
    data[key] = scalar
  }
  // `key:` with nothing after it is null in YAML, not an empty list.
  for (const key of emptyKeys) if (data[key]?.length === 0) delete data[key]
  return data
}

/** A YAML plain scalar that is surely a string, or undefined. */
function plainScalar(value: string): string | undefined {
  if (value === '') return undefined
  if (/^[-?:,[\]{}#&*!|>'"%@`~]/.test(value)) return undefined
  if (value.includes(': ') || value.includes(' #') || value.endsWith(':')) return undefined
  if (/[[\]{},]/.test(value)) return undefined
  // Numbers, booleans, null and dates are typed in YAML: leave them to the real parser.
  if (/^(?:[-+.\d]|true$|false$|null$|yes$|no$|on$|off$|y$|n$)/i.test(value)) return undefined
  return value
}
