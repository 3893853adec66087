/**
 * Assertions shared by the tests of the limit, error, shutdown and IPC
 * labs: run a lab through the real runner and check the verdict, the check
 * names and values, and that the lab left nothing behind.
 */
import { existsSync } from 'node:fs'
import { expect } from 'vitest'
import { runLab } from '../../../src/labs/runner.js'
import type { Check, LabDefinition, LabResult } from '../../../src/labs/types.js'

/** Run `lab`, expect `pass` with exactly the declared checks all passing, and no leftovers. */
export async function expectLabPasses(lab: LabDefinition): Promise<LabResult> {
  const result = await runLab(lab)
  const detail = JSON.stringify({ reason: result.reason, checks: result.checks }, null, 2)
  expect(result.status, detail).toBe('pass')
  expect(result.checks.map((check) => check.name).sort()).toEqual([...lab.checks].sort())
  expect(result.checks.filter((check) => check.status !== 'pass')).toEqual([])
  expect(result.leftovers).toBeUndefined()
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
