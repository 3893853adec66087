/**
 * A card's verdict from `decklab verify` (the rules: src/verify/README.md).
 * The judge gives it; the quiz's lab panel and the preview show it.
 */
export type VerdictStatus = 'confirmed' | 'supported' | 'refuted' | 'unverified'

/** Every verdict, in the order reports list them. */
export const verdictStatuses: readonly VerdictStatus[] = [
  'confirmed',
  'supported',
  'refuted',
  'unverified',
]
