/**
 * Assertions shared by every lab test: find the lab through the registry (or
 * take its definition), run it through the real runner, and check the
 * verdict, the check names, statuses and values, and that nothing of the lab
 * is left (files, directory, processes).
 */
import { existsSync } from 'node:fs'
import { expect } from 'vitest'
import { findLab } from '../../../src/labs/registry.js'
import { runLab } from '../../../src/labs/runner.js'
import type { LabDefinition } from '../../../src/labs/types.js'
import type { Check, CheckStatus, LabResult } from '../../../src/model/lab-result.js'

/** True when the tests run as root (CI does): the privilege-dependent checks all run then. */
export const runningAsRoot = typeof process.getuid === 'function' && process.getuid() === 0

/** Run `lab`, expect `pass` with exactly the declared checks all passing, and no leftovers. */
export async function expectLabPasses(lab: LabDefinition): Promise<LabResult> {
  return expectPassed(lab, await runLab(lab), {})
}

/**
 * Run lab `id` (from the registry) and expect `pass`, every check in
 * `statuses` with that status (others: `pass`), every value in `values`,
 * evidence on every recorded check, and no leftovers.
 */
export async function expectLabPassesWith(
  id: string,
  expected: {
    checks: readonly string[]
    values?: Record<string, string> | undefined
    statuses?: Record<string, CheckStatus> | undefined
  },
): Promise<LabResult> {
  const lab = await findLab(id)
  expect(lab, `lab ${id} in the registry`).toBeDefined()
  const result = await runLab(lab!)
  const names = result.checks.map((check) => check.name)
  expect(names).toEqual(expect.arrayContaining([...expected.checks]))
  expectPassed(lab!, result, expected.statuses ?? {})
  for (const check of result.checks) {
    if (check.status !== 'skip') expect(check.evidence?.length ?? 0, check.name).toBeGreaterThan(0)
  }
  for (const [name, value] of Object.entries(expected.values ?? {})) {
    expect(checkNamed(result, name).value, name).toBe(value)
  }
  return result
}

function expectPassed(
  lab: LabDefinition,
  result: LabResult,
  statuses: Record<string, CheckStatus>,
): LabResult {
  const detail = JSON.stringify(
    { reason: result.reason, checks: result.checks, transcript: result.transcript },
    null,
    2,
  )
  expect(result.status, detail).toBe('pass')
  expect(result.leftovers, detail).toBeUndefined()
  expect(result.checks.map((check) => check.name).sort()).toEqual([...lab.checks].sort())
  for (const check of result.checks) {
    expect(check.status, `${check.name}: ${check.observed}`).toBe(statuses[check.name] ?? 'pass')
  }
  // The runner's first transcript line names the lab directory; it must be gone.
  const directory = /lab \S+ in (\S+)/.exec(result.transcript[0] ?? '')?.[1]
  expect(directory).toBeDefined()
  expect(existsSync(directory as string)).toBe(false)
  return result
}

/** The check called `name` (fails the test when it is missing). */
export function checkNamed(result: LabResult, name: string): Check {
  const check = result.checks.find((candidate) => candidate.name === name)
  expect(check, `check ${name}`).toBeDefined()
  return check as Check
}
