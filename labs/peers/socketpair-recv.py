"""The program of the course's card on datagram boundaries, run as written
(python3 3.9+): two sends on a socketpair, then one recv(100), printed.

    a, b = socket.socketpair(socket.AF_UNIX, socket.SOCK_DGRAM)
    a.send(b'abc')
    a.send(b'defg')
    print(b.recv(100))

Usage: socketpair-recv.py TYPE (SOCK_DGRAM or SOCK_STREAM, put in the first line)
Prints {"type", "printed": what print() wrote, "next": what a second,
nonblocking recv(100) got (or its errno name)}.
"""

import contextlib
import io
import socket
import sys

from common import emit, errno_name

kind = sys.argv[1]
printed = io.StringIO()
a, b = socket.socketpair(socket.AF_UNIX, getattr(socket, kind))
with contextlib.redirect_stdout(printed):
    a.send(b'abc')
    a.send(b'defg')
    print(b.recv(100))
try:
    rest = repr(b.recv(100, socket.MSG_DONTWAIT))
except OSError as error:
    rest = errno_name(error)
a.close()
b.close()
emit({"type": kind, "printed": printed.getvalue().rstrip("\n"), "next": rest})
