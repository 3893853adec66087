// Preloaded into decklab (`NODE_OPTIONS=--import=<this file's URL>`): a TMPDIR on exFAT through
// exfat-fuse, which holds no socket files. A `net` server listening on a path under
// NO_SOCKETS_UNDER fails there with EIO, leaving an empty regular file, as exfat-fuse does; paths
// elsewhere bind as usual. Tests need no such mount.
import { writeFileSync } from 'node:fs'
import net from 'node:net'

const under = process.env.NO_SOCKETS_UNDER
const { listen } = net.Server.prototype

net.Server.prototype.listen = function (...args) {
  const path = typeof args[0] === 'string' ? args[0] : args[0]?.path
  if (under && typeof path === 'string' && path.startsWith(`${under}/`)) {
    writeFileSync(path, '')
    const error = Object.assign(new Error(`listen EIO: i/o error ${path}`), {
      code: 'EIO',
      syscall: 'listen',
    })
    process.nextTick(() => this.emit('error', error))
    return this
  }
  return listen.apply(this, args)
}
