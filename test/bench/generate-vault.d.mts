/** Types of generate-vault.mjs, for the TypeScript tests that import it. */
export function generateVault(
  dir: string,
  options?: { notes?: number; files?: number; seed?: number },
): Promise<unknown>
