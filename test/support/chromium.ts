/**
 * Debian's Chromium for browser tests, started the way this machine allows:
 * headless, no sandbox (root), and none of its background connections (the
 * network is closed, and a test must see only the page's own requests).
 */
import { existsSync } from 'node:fs'
import { type BrowserContext, chromium } from 'playwright-core'

export const chromiumPath = '/usr/bin/chromium'
export const hasChromium = existsSync(chromiumPath)

/** A persistent context in `profile` (a fresh folder the test removes). */
export function launchChromium(
  profile: string,
  options: { viewport?: { width: number; height: number } } = {},
): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
    ...options,
  })
}
