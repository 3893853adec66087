import type { CommandSpec } from '../cli/command.js'
import { UsageError } from '../errors.js'

// Placeholder so the command table compiles; replaced by the real command.
export const command: CommandSpec = {
  name: 'quiz',
  summary: 'not built yet',
  usage: 'decklab quiz',
  options: {},
  async run() {
    throw new UsageError('`decklab quiz` is not built yet')
  },
}
