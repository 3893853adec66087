// Preloaded into decklab (`NODE_OPTIONS=--import=<this file's URL>`): a folder on exFAT through
// exfat-fuse, which holds no socket files. Binding a datagram or seqpacket socket there makes an
// empty regular file at the path and then fails, the addon saying only "I/O error". Tests need no
// such mount.
import { writeFileSync } from 'node:fs'
import unixSocket from 'node-unix-socket'

function refuse(path) {
  writeFileSync(path, '')
  throw new Error('I/O error')
}

unixSocket.DgramSocket.prototype.bind = refuse
unixSocket.SeqpacketServer.prototype.listen = refuse
