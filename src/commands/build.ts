import type { CommandSpec } from '../cli/command.js'
import { UsageError } from '../errors.js'

// Placeholder so the command table compiles; replaced by the real command.
export const command: CommandSpec = {
  name: 'build',
  summary: 'not built yet',
  usage: 'decklab build',
  options: {},
  async run() {
    throw new UsageError('`decklab build` is not built yet')
  },
}
