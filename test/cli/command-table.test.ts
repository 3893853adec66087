import { describe, expect, it } from 'vitest'
import { commandTable } from '../../src/cli/commands.js'

describe('the command table', () => {
  it.each(Object.keys(commandTable))('loads the command `%s` under its own name', async (name) => {
    const command = await commandTable[name]!.load()
    expect(command.name).toBe(name)
    expect(command.usage).toMatch(new RegExp(`^decklab ${name}\\b`))
    // The summary is the table's alone: a command carrying its own copy could drift from it.
    expect(command).not.toHaveProperty('summary')
  })
})
