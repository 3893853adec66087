import type { CommandSpec } from '../cli/command.js'
import { UsageError } from '../errors.js'

// Placeholder so the command table compiles; replaced by the real command.
export const command: CommandSpec = {
  name: 'verify',
  summary: 'not built yet',
  usage: 'decklab verify',
  options: {},
  async run() {
    throw new UsageError('`decklab verify` is not built yet')
  },
}
