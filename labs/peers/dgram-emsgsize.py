"""Peer for the dgram-emsgsize lab: how big can one SOCK_DGRAM message be?

A receiver bound at the given path and an unbound sender. The sender reads its
SO_SNDBUF, sends the largest datagram the kernel allows (SO_SNDBUF minus 32
bytes of bookkeeping), then one byte more, then one larger than the whole
buffer. Prints one JSON document with sizes and errno names.

Then whose buffer it is: the receiver's SO_RCVBUF shrunk to its minimum still
takes the largest datagram, and raised to net.core.rmem_max lets no larger one
in; a fresh sender's SO_SNDBUF lowered moves the limit down with it; and a
request above net.core.wmem_max is cut to it (the kernel doubles the value it
keeps for bookkeeping).
"""

import errno
import json
import os
import socket
import sys

path, other_path = sys.argv[1], sys.argv[2]
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


def send_from(source, target, size):
    """`source` sends `size` bytes to `target`; return (errno name or None, bytes it got)."""
    try:
        source.sendto(b"x" * size, socket.MSG_DONTWAIT, other_path)
    except OSError as error:
        return errno.errorcode[error.errno], 0
    return None, len(target.recv(size + 1))


with open("/proc/sys/net/core/rmem_max") as limit:
    rmem_max = int(limit.read())
target = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
target.bind(other_path)
plain = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
plain_sndbuf = plain.getsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF)
target.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1)
rcvbuf_min = target.getsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF)
tiny_error, tiny_received = send_from(plain, target, plain_sndbuf - 32)
target.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rmem_max)
rcvbuf_max = target.getsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF)
big_rcvbuf_error, _ = send_from(plain, target, plain_sndbuf - 31)
lowered = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
lowered.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 4096)
lowered_sndbuf = lowered.getsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF)
lowered_fits_error, lowered_fits_received = send_from(lowered, target, lowered_sndbuf - 32)
lowered_edge_error, _ = send_from(lowered, target, lowered_sndbuf - 31)
capped = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
capped.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 4 * wmem_max)
capped_sndbuf = capped.getsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF)
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
            "whose": {
                "sndbuf": plain_sndbuf,
                "rmemMax": rmem_max,
                "rcvbufMin": rcvbuf_min,
                "tinyRcvbuf": {"size": plain_sndbuf - 32, "error": tiny_error, "received": tiny_received},
                "rcvbufMax": rcvbuf_max,
                "bigRcvbuf": {"size": plain_sndbuf - 31, "error": big_rcvbuf_error},
                "loweredSndbuf": lowered_sndbuf,
                "loweredFits": {
                    "size": lowered_sndbuf - 32,
                    "error": lowered_fits_error,
                    "received": lowered_fits_received,
                },
                "loweredEdge": {"size": lowered_sndbuf - 31, "error": lowered_edge_error},
                "asked": 4 * wmem_max,
                "cappedSndbuf": capped_sndbuf,
            },
        }
    ),
    flush=True,
)
for sock in (sender, receiver, target, plain, lowered, capped):
    sock.close()
os.unlink(path)  # a closed socket's file stays until someone unlinks it
os.unlink(other_path)
