"""Send on a SOCK_SEQPACKET socket that never connected: once with send()
and once with sendto() naming a listening server's path. SEQPACKET is
connection-based, so both fail (Linux ignores the address).

Usage: seqpacket-boundaries-unconnected.py SERVER_PATH
Prints {"send": errno name or "sent", "sendto": errno name or "sent"}.
"""

import socket
import sys

from common import emit, errno_name

path = sys.argv[1]
result = {}
for name in ("send", "sendto"):
    with socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET) as unconnected:
        try:
            if name == "send":
                unconnected.send(b"hello")
            else:
                unconnected.sendto(b"hello", path)
            result[name] = "sent"
        except OSError as error:
            result[name] = errno_name(error)
emit(result)
