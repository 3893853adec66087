/** Test helper: the shared static validator, when it and python3 are present. */
import { spawnSync } from 'node:child_process'
import { sharedPath, sharedPathUnavailable } from '../support/shared-folder.js'

const validatorPath = sharedPath('tools', 'validate_apkg.py')

/** Why validation cannot run here, or undefined when it can. */
export function validatorUnavailable(): string | undefined {
  const missing = sharedPathUnavailable(validatorPath, 'the validator')
  if (missing) return missing
  const python = spawnSync('python3', ['--version'])
  if (python.error || python.status !== 0) return 'python3 is not installed'
  return undefined
}

/** Run `validate_apkg.py --strict [--same-as other]`; returns its exit code and output. */
export function validateApkg(file: string, sameAs?: string | undefined) {
  const args = [validatorPath, file, '--strict']
  if (sameAs) args.push('--same-as', sameAs)
  const result = spawnSync('python3', args, { encoding: 'utf8' })
  return { code: result.status, output: `${result.stdout}${result.stderr}` }
}
