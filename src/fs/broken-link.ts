/**
 * A symbolic link that leads nowhere, told in words that name where it
 * points: a note moved or deleted leaves its link behind (`x.md -> nope.md`),
 * and "it does not exist" alone hides that the name is there, as a link.
 */
import { readlinkSync, statSync } from 'node:fs'
import { dirname, relative } from 'node:path'
import { linkTarget } from './link-target.js'
import { isNoSuchFile } from './no-such-file.js'

/**
 * How the link at `path` leads nowhere (`link to \`nope.md\`, which does not
 * exist`; `link to \`loop.md\` that loops …`), or undefined when `path` is no
 * link or leads to something (a file, a folder, or one it may not look at).
 */
export function brokenLink(path: string): string | undefined {
  let target: string | undefined
  try {
    target = readlinkSync(path)
    statSync(path)
    return undefined
  } catch (error) {
    if (target === undefined) return undefined
    if ((error as NodeJS.ErrnoException).code === 'ELOOP') {
      return `link to \`${target}\` that loops: following it never reaches a file (ELOOP)`
    }
    if (!isNoSuchFile(error)) return undefined
  }
  // A chain of links (x.md -> y.md -> gone.md) names the end that is missing too.
  let end: string | undefined
  try {
    end = relative(dirname(path), linkTarget(path))
  } catch {
    end = undefined
  }
  return end === undefined || end === target
    ? `link to \`${target}\`, which does not exist`
    : `link to \`${target}\`, which leads to \`${end}\`, which does not exist`
}
