"""Peer for the dgram-emsgsize lab: how big can one SOCK_DGRAM message be?

A receiver bound at the given path and an unbound sender. The sender reads its
SO_SNDBUF, sends the largest datagram the kernel allows (SO_SNDBUF minus 32
bytes of bookkeeping), then one byte more, then one larger than the whole
buffer. Prints one JSON document with sizes and errno names.
"""

import errno
import json
import os
import socket
import sys

path = sys.argv[1]
receiver = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
receiver.bind(path)
sender = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
sndbuf = sender.getsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF)


def send(size):
    """Send `size` bytes; return (errno name or None, bytes the receiver got)."""
    try:
        sender.sendto(b"x" * size, socket.MSG_DONTWAIT, path)
    except OSError as error:
        return errno.errorcode[error.errno], 0
    return None, len(receiver.recv(size + 1))


largest = sndbuf - 32
fits_error, fits_received = send(largest)
edge_error, _ = send(largest + 1)
oversize_error, _ = send(sndbuf + 1)
# Raise the buffer as far as an unprivileged process may (net.core.wmem_max; the
# kernel doubles the request for bookkeeping), then retry the refused size.
with open("/proc/sys/net/core/wmem_max") as limit:
    wmem_max = int(limit.read())
sender.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, wmem_max)
raised = sender.getsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF)
raised_error, raised_received = send(sndbuf + 1)
print(
    json.dumps(
        {
            "sndbuf": sndbuf,
            "fits": {"size": largest, "error": fits_error, "received": fits_received},
            "edge": {"size": largest + 1, "error": edge_error},
            "oversize": {"size": sndbuf + 1, "error": oversize_error},
            "raised": {
                "wmemMax": wmem_max,
                "sndbuf": raised,
                "size": sndbuf + 1,
                "error": raised_error,
                "received": raised_received,
            },
        }
    ),
    flush=True,
)
sender.close()
receiver.close()
os.unlink(path)  # a closed socket's file stays until someone unlinks it
