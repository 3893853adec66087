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
  /**
   * Why the compiled lab `id` may not be what its source says (its
   * `labs/<id>.ts` not compiled yet, or changed since), asked only for a
   * link the catalog does not know; undefined when there is nothing to say.
   */
  staleSource?: ((id: string) => string | undefined) | undefined
}
