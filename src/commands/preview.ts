import type { CommandSpec } from '../cli/command.js'
import { UsageError } from '../errors.js'

// Placeholder so the command table compiles; replaced by the real command.
export const command: CommandSpec = {
  name: 'preview',
  summary: 'not built yet',
  usage: 'decklab preview',
  options: {},
  async run() {
    throw new UsageError('`decklab preview` is not built yet')
  },
}
