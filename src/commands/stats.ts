import type { CommandSpec } from '../cli/command.js'
import { UsageError } from '../errors.js'

// Placeholder so the command table compiles; replaced by the real command.
export const command: CommandSpec = {
  name: 'stats',
  summary: 'not built yet',
  usage: 'decklab stats',
  options: {},
  async run() {
    throw new UsageError('`decklab stats` is not built yet')
  },
}
