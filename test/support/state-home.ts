/**
 * Vitest's global setup: the tests' decklabs keep state in a temp folder of
 * their own, never in the state directory of whoever runs the tests
 * (`~/.local/state/decklab`, or `$DECKLAB_STATE_DIR`): a build whose package
 * lies outside its vault keeps its record there, as the quiz keeps progress,
 * and a test that forgot `--state` wrote into the runner's home. Set before
 * the test processes start, so they and the decklabs they spawn inherit it;
 * a test that is about the default place sets its own environment.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export default function setup(): () => void {
  const home = mkdtempSync(join(tmpdir(), 'decklab-test-state-'))
  process.env.XDG_STATE_HOME = home
  delete process.env.DECKLAB_STATE_DIR
  return () => rmSync(home, { recursive: true, force: true })
}
