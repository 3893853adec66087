/**
 * Tests that answer a card and then look at "today" (a 10-minute learning
 * step, the cards due today) must not depend on when the suite runs: near
 * midnight the step lands on the next day. Setting `process.env.TZ` to this
 * zone at the top of such a test file puts the test, every decklab it spawns
 * and Anki's importer in a fixed-offset zone where it is now about midday.
 */
export function middayTimeZone(now = new Date()): string {
  // From UTC-11 to UTC+12; POSIX `Etc/GMT` names carry the opposite sign.
  const offset = 12 - now.getUTCHours()
  if (offset === 0) return 'Etc/GMT'
  return `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`
}
