/**
 * Compare output with a fixture's expected file. A missing expected file is a
 * failure, so a new case can never pass by writing its own expectation;
 * `UPDATE=1` (re)writes the expected files (review the diff).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { expect } from 'vitest'

export const updateFixtures = process.env.UPDATE === '1'

export function expectFixture(path: string, actual: string): void {
  if (updateFixtures) {
    writeFileSync(path, actual)
    return
  }
  if (!existsSync(path)) {
    expect.fail(
      `missing expected file ${path}: run the tests with UPDATE=1 to write it, then review it`,
    )
  }
  expect(actual).toBe(readFileSync(path, 'utf8'))
}
