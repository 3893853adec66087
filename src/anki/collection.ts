/**
 * The single `col` row of a schema-11 collection and its JSON blobs: the
 * collection config, the deck options (Anki's defaults) and the tag cache.
 */

/** A fixed creation time (seconds): nothing is scheduled, so only stability matters. */
export const CREATED = 1_700_000_000

/** Collection config (`col.conf`); `nextPos` continues after the packaged cards. */
export function collectionConfig(
  nextPosition: number,
  currentNotetypeId: number,
): Record<string, unknown> {
  return {
    activeDecks: [1],
    addToCur: true,
    collapseTime: 1200,
    curDeck: 1,
    curModel: String(currentNotetypeId),
    dueCounts: true,
    estTimes: true,
    newBury: true,
    newSpread: 0,
    nextPos: nextPosition,
    sortBackwards: false,
    sortType: 'noteFld',
    timeLim: 0,
  }
}

/** Anki's default deck options group (id 1), every key the importer requires. */
export function defaultDeckConfig(): Record<string, unknown> {
  return {
    '1': {
      autoplay: true,
      dyn: false,
      id: 1,
      lapse: { delays: [10], leechAction: 1, leechFails: 8, minInt: 1, mult: 0 },
      maxTaken: 60,
      mod: 0,
      name: 'Default',
      new: {
        bury: false,
        delays: [1, 10],
        initialFactor: 2500,
        ints: [1, 4, 0],
        order: 1,
        perDay: 20,
      },
      replayq: true,
      rev: { bury: false, ease4: 1.3, hardFactor: 1.2, ivlFct: 1, maxIvl: 36500, perDay: 200 },
      timer: 0,
      usn: 0,
    },
  }
}

/** What the `col` row holds besides constants. */
export interface CollectionRowInput {
  /** Modification time in seconds (the newest note or notetype change). */
  mod: number
  /** Creation time (`crt`, seconds); default `CREATED`. A package with scheduling gives its own. */
  created?: number | undefined
  conf: Record<string, unknown>
  models: Record<string, unknown>
  decks: Record<string, unknown>
}

/** The `col` row values, in column order. */
export function collectionRow(input: CollectionRowInput): Array<string | number> {
  return [
    1, // id
    input.created ?? CREATED, // crt (seconds)
    input.mod * 1000, // mod (milliseconds)
    input.mod * 1000, // scm (milliseconds)
    11, // ver: schema 11, upgraded by the importer
    0, // dty
    0, // usn
    0, // ls
    JSON.stringify(input.conf), // conf
    JSON.stringify(input.models), // models
    JSON.stringify(input.decks), // decks
    JSON.stringify(defaultDeckConfig()), // dconf
    '{}', // tags: Anki rebuilds the tag list from the notes
  ]
}
