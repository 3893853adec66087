/** `1 note`, `2 notes`: counts in human output. */
export function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`
}
