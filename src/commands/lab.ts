import type { CommandSpec } from '../cli/command.js'
import { UsageError } from '../errors.js'

// Placeholder so the command table compiles; replaced by the real command.
export const command: CommandSpec = {
  name: 'lab',
  summary: 'not built yet',
  usage: 'decklab lab',
  options: {},
  async run() {
    throw new UsageError('`decklab lab` is not built yet')
  },
}
