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
   * An id a broken module declares that is not its file name → that file's
   * id (a lab file renamed without its id): a link to the declared id names
   * the file, not a guess at another lab.
   */
  misnamed?: ReadonlyMap<string, string> | undefined
  /**
   * Why the compiled lab `id` may not be what its source says (its
   * `labs/<id>.ts` not compiled yet, or changed since), asked only for a
   * link the catalog does not know; undefined when there is nothing to say.
   */
  staleSource?: ((id: string) => string | undefined) | undefined
}
