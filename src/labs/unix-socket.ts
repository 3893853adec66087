/**
 * Lazy access to the node-unix-socket addon (SOCK_DGRAM and SOCK_SEQPACKET):
 * lab modules import it inside `run`, so listing labs never loads a native
 * addon and a missing addon makes a lab skip instead of breaking the registry.
 */
type UnixSocketModule = typeof import('node-unix-socket')

let loading: Promise<UnixSocketModule> | undefined

/** The node-unix-socket module, imported once. */
export function loadUnixSocket(): Promise<UnixSocketModule> {
  loading ??= import('node-unix-socket')
  return loading
}
