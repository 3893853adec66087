/**
 * What `lab serve` prints for people: the server it started and, for its
 * kind of socket, client commands that work. `nc -U` and a plain
 * `socat UNIX-CONNECT` open a stream socket, which a seqpacket server
 * refuses (EPROTOTYPE, "Protocol wrong type for socket"); a datagram client
 * gets no reply unless it binds a path of its own (the server's socket
 * library cannot reply to an abstract name).
 */
import type { ServeKind } from './types.js'

/** `path` as one shell word. */
export function shellWord(path: string): string {
  return /^[\w@%+=:,./-]+$/.test(path) ? path : `'${path.replaceAll("'", `'\\''`)}'`
}

/** Client commands that talk to an echo server of this kind at `path`. */
export function clientCommands(kind: ServeKind, path: string): string[] {
  // socat separates address options with `,` and `:`; escape them in the path.
  const socatPath = shellWord(path.replace(/([,:\\])/g, '\\$1'))
  switch (kind) {
    case 'stream':
      return [`nc -U ${shellWord(path)}`, `socat - UNIX-CONNECT:${socatPath}`]
    case 'datagram':
      return [
        // Without -s, nc binds its reply socket in a /tmp/nc-XXXXXX folder of its own and
        // removes it only on a normal exit, which a datagram nc never makes: every Ctrl-C
        // left one behind. Beside the server's socket, it goes with the lab's folder.
        `nc -uU -s ${shellWord(`${path}.nc`)} ${shellWord(path)}`,
        `socat - UNIX-SENDTO:${socatPath},bind=${shellWord(`${path}.client`)}`,
      ]
    case 'seqpacket':
      return [`socat - UNIX-CONNECT:${socatPath},socktype=5`]
  }
}

/** The lines printed on stderr once the server is ready. */
export function serveBanner(kind: ServeKind, labId: string, path: string): string {
  const lines = [`serving ${kind} echo for ${labId} on ${path}; stop with Ctrl-C`]
  const commands = clientCommands(kind, path)
  lines.push(`try:  ${commands.join('\n  or  ')}`)
  if (kind === 'seqpacket') {
    lines.push(
      'nc -U and a plain socat UNIX-CONNECT open a stream socket, which a seqpacket server refuses (EPROTOTYPE); socktype=5 asks socat for SOCK_SEQPACKET',
    )
  }
  if (kind === 'datagram') {
    lines.push(
      'a datagram client gets the echo only when it binds a path of its own (an abstract name gets none)',
      // socat drops a reply whose sender is not, as text, the address it sent to: the
      // server is bound to the absolute path, so `UNIX-SENDTO:./x.sock` hears nothing.
      'socat keeps only replies from the very address it sent to: give it the path as printed here, not a relative one',
    )
  }
  return `${lines.join('\n')}\n`
}
