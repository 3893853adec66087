import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    root: fileURLToPath(new URL('..', import.meta.url)),
    include: ['test/**/*.test.ts'],
    // Labs start real servers and child processes; a generous ceiling, never a pass condition.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    env: { TZ: 'UTC', NO_COLOR: '1' },
    // State (quiz progress, build records kept away from a package) goes to a temp folder.
    globalSetup: ['test/support/state-home.ts'],
    // CI also keeps a JSON report, from which .ci/run prints a plain closing line.
    ...(process.env.CI
      ? { reporters: ['default', 'json'], outputFile: { json: 'test-output/vitest.json' } }
      : {}),
  },
})
