/**
 * The text of a recorded check, as the runner keeps it. A lab's types say
 * `expected`, `observed`, `value` and each line of `evidence` are text, but a
 * lab in JavaScript (or one that casts) may pass a number or an object: the
 * report then failed on it, and decklab ended as if it had a bug (exit 70).
 * Such a field is kept as text and named as a fault of the lab, which makes
 * it an `error`, as an undeclared check name does. So is a `pass` that is
 * not `true` or `false`: an async comparison not awaited gives a Promise,
 * which is truthy, and the check passed (and confirmed its cards) on a
 * comparison that said false.
 */
import type { ObservedValue, ValueKind } from '../model/lab-result.js'
import { printable } from '../text/error-message.js'

const valueKinds: readonly ValueKind[] = ['errno', 'number', 'mode', 'bool', 'order', 'name']

/** The fields of one check as the lab passed them. */
export interface CheckFields {
  name: string
  pass?: unknown
  expected: unknown
  observed: unknown
  evidence?: unknown
  value?: unknown
  values?: unknown
}

/** The check's fields as text, and what was not text (or not a value a judge can read). */
export function checkedFields(fields: CheckFields): {
  pass: boolean
  expected: string
  observed: string
  evidence: string[]
  value: string | undefined
  values: ObservedValue[]
  problems: string[]
} {
  const problems: string[] = []
  const text = (what: string, value: unknown): string => {
    if (typeof value !== 'string')
      problems.push(`check \`${fields.name}\`: ${what} is ${typeof value}, not text`)
    return printable(value)
  }
  if (typeof fields.pass !== 'boolean')
    problems.push(`check \`${fields.name}\`: ${notBoolean(fields.pass)}`)
  const expected = text('expected', fields.expected)
  const observed = text('observed', fields.observed)
  const value = fields.value === undefined ? undefined : text('value', fields.value)
  let evidence: string[] = []
  if (Array.isArray(fields.evidence))
    evidence = fields.evidence.map((line) => text('a line of evidence', line))
  else if (fields.evidence !== undefined)
    problems.push(`check \`${fields.name}\`: evidence is not a list of lines`)
  const values: ObservedValue[] = []
  if (Array.isArray(fields.values)) {
    for (const entry of fields.values as Array<Partial<ObservedValue> | null>) {
      const unread =
        entry && valueKinds.includes(entry.kind as ValueKind) && typeof entry.value === 'string'
          ? unreadable(entry as ObservedValue)
          : 'a published value needs a known kind and text'
      if (unread === undefined) values.push(entry as ObservedValue)
      else
        problems.push(
          `check \`${fields.name}\`: ${unread}, got ${printable(JSON.stringify(entry))}`,
        )
    }
  } else if (fields.values !== undefined)
    problems.push(`check \`${fields.name}\`: values is not a list`)
  return { pass: fields.pass === true, expected, observed, evidence, value, values, problems }
}

/** What a `pass` that is not a boolean is, in words, and what to do when it is a promise. */
function notBoolean(pass: unknown): string {
  if (pass instanceof Promise) return 'pass is a Promise, not true or false (await it)'
  return `pass is ${pass === null ? 'null' : typeof pass}, not true or false`
}

/**
 * Why the judge cannot read a value of a known kind: an empty one (it refuted
 * a card for not stating ``), or a yes/no that is not `yes` or `no` or has no
 * claim phrase (`label`) to find on a card (it refuted a card for stating the
 * claim "where the kernel showed maybe"). What the kernel showed is never
 * refused: an errno value `connected` is what a connect that worked gives.
 */
function unreadable(value: ObservedValue): string | undefined {
  if (value.value.trim() === '') return 'a published value is empty'
  if (value.kind !== 'bool') return undefined
  if (!/^(?:yes|no|true|false)$/i.test(value.value.trim()))
    return 'a published yes/no value is not `yes` or `no`'
  if (typeof value.label !== 'string' || value.label.trim() === '')
    return 'a published yes/no value needs its claim phrase as `label`'
  return undefined
}
