/**
 * What `Lab:` links are checked against: each lab's check names, and the
 * labs whose module failed to load, with why (a link to one of those says
 * so, rather than "unknown lab").
 */
export interface LabCatalog {
  /** Lab id → its declared check names. */
  checks: ReadonlyMap<string, readonly string[]>
  /** Lab id → why its module could not be used. */
  broken: ReadonlyMap<string, string>
}
