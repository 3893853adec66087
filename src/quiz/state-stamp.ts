/**
 * A stamp of the files `openStore` reads (device, inode, size, change and
 * modification times, to the nanosecond): equal stamps taken before a read
 * and after it mean no other session wrote between them, so the quiz reads
 * its state once, not again under the lock. `cards.json` is replaced by a
 * new file at every answer and the log only grows, so a write shows.
 */
import { statSync } from 'node:fs'
import { join } from 'node:path'
import { cardsFileName } from './cards-file.js'
import { contentLinksFileName } from './content-links.js'
import { idMovesFileName } from './id-moves.js'
import { reviewsFileName } from './review-log.js'

const stateFiles = [cardsFileName, reviewsFileName, idMovesFileName, contentLinksFileName]

/** The stamp of the state files in `directory`; undefined when one cannot be looked at. */
export function stateFilesStamp(directory: string): string | undefined {
  const parts: string[] = []
  for (const name of stateFiles) {
    try {
      const stats = statSync(join(directory, name), { bigint: true, throwIfNoEntry: false })
      parts.push(
        stats === undefined
          ? 'none'
          : [stats.dev, stats.ino, stats.size, stats.ctimeNs, stats.mtimeNs].join(':'),
      )
    } catch {
      return undefined
    }
  }
  return parts.join('|')
}
