"""Peer for the fd-readiness lab.

A socket is a file descriptor, so the descriptor-readiness calls wait on it
like on any other: poll(), select() and epoll each report the end of an
AF_UNIX socketpair as not readable while nothing was sent (timeout 0), and
readable once the other end has sent a byte. close() then releases the
descriptor: fstat() on its number fails with EBADF. Prints one JSON document.
"""

import errno
import json
import os
import select
import socket


def readiness(sock):
    """What each of poll, select and epoll says about `sock` right now (no waiting)."""
    poller = select.poll()
    poller.register(sock, select.POLLIN)
    polled = bool(poller.poll(0))
    selected = bool(select.select([sock], [], [], 0)[0])
    epoll = select.epoll()
    try:
        epoll.register(sock.fileno(), select.EPOLLIN)
        epolled = bool(epoll.poll(0))
    finally:
        epoll.close()
    return {"poll": polled, "select": selected, "epoll": epolled}


left, right = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
before = readiness(right)
left.send(b"x")
after = readiness(right)

number = right.fileno()
kind = os.readlink(f"/proc/self/fd/{number}")
right.close()
try:
    os.fstat(number)
    after_close = "open"
except OSError as error:
    after_close = errno.errorcode[error.errno]
left.close()

print(
    json.dumps({"kind": kind, "before": before, "after": after, "afterClose": after_close}),
    flush=True,
)
