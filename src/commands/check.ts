import type { CommandSpec } from '../cli/command.js'
import { UsageError } from '../errors.js'

// Placeholder so the command table compiles; replaced by the real command.
export const command: CommandSpec = {
  name: 'check',
  summary: 'not built yet',
  usage: 'decklab check',
  options: {},
  async run() {
    throw new UsageError('`decklab check` is not built yet')
  },
}
