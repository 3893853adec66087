// Preloaded into decklab (`NODE_OPTIONS=--import=<this file's URL>`) or a lock taker: a file
// system without hard links, as exFAT or FAT on a USB stick is (through the kernel's driver or
// exfat-fuse), where every link(2) fails with EPERM. Tests need no such mount (nor root).
import fs from 'node:fs'
import { syncBuiltinESMExports } from 'node:module'

fs.linkSync = (existing, path) => {
  const error = new Error(`EPERM: operation not permitted, link '${existing}' -> '${path}'`)
  Object.assign(error, { code: 'EPERM', errno: -1, syscall: 'link', path: String(existing) })
  throw error
}
syncBuiltinESMExports()
