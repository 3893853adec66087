/**
 * The tag a note carries from the moment sync adds it to Anki until its ID
 * is in the Markdown. An interrupted sync leaves it on, so the next run finds
 * those notes by it instead of adding them twice.
 */
export const pendingTag = 'decklab-sync-pending'
