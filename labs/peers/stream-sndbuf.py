"""Peer for the stream-sndbuf lab: how much unread data an AF_UNIX stream holds.

Usage: stream-sndbuf.py PATH. Each experiment binds a listener at PATH,
connects a client, accepts, and has the client send without blocking to a
receiver that never reads, until the kernel refuses more. It records the
errno, the bytes sent, and what the kernel says is queued: SIOCINQ (bytes
waiting to be read, on the receiver) and SIOCOUTQ (on AF_UNIX, what the
queued buffers cost the sender's SO_SNDBUF, their overhead included).

Experiments: the default buffers with 64 KiB writes; the receiver's SO_RCVBUF
at its minimum and raised to net.core.rmem_max (the same bytes fit, so the
receiver's buffer is not what limits); the sender's SO_SNDBUF lowered to 8192
(the kernel keeps twice that, and fewer bytes fit); and 1-byte writes (each
write is one buffer whose whole overhead is charged, so few bytes fit). On the
full default connection a blocking send waits (SO_SNDTIMEO ends it
after 0.3 s with EAGAIN, nothing sent), and once the receiver reads, a
nonblocking send goes through.
Prints one JSON document.
"""

import errno
import fcntl
import os
import socket
import struct
import sys
import termios
import time

from common import cleanup_on_exit, emit

SIOCINQ = termios.FIONREAD
SIOCOUTQ = termios.TIOCOUTQ

path = sys.argv[1]
cleanup_on_exit(path)


def queued(sock, request):
    return struct.unpack("i", fcntl.ioctl(sock, request, b"\0" * 4))[0]


def buffer(sock, option):
    return sock.getsockopt(socket.SOL_SOCKET, option)


def connected_pair(sndbuf=None, rcvbuf=None):
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path)
    listener.listen(1)
    client = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    if sndbuf is not None:
        client.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, sndbuf)
    client.connect(path)
    receiver, _ = listener.accept()
    listener.close()
    os.unlink(path)
    if rcvbuf is not None:
        receiver.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
    return client, receiver


def fill(client, receiver, chunk):
    """Send `chunk`-byte writes without blocking until the kernel refuses one."""
    sent = 0
    writes = 0
    data = b"x" * chunk
    while True:
        try:
            sent += client.send(data, socket.MSG_DONTWAIT)
            writes += 1
        except OSError as error:
            refused = errno.errorcode.get(error.errno, str(error.errno))
            break
        if writes > 1_000_000:
            refused = None
            break
    return {
        "chunk": chunk,
        "sent": sent,
        "writes": writes,
        "error": refused,
        "inq": queued(receiver, SIOCINQ),
        "outq": queued(client, SIOCOUTQ),
        "sndbuf": buffer(client, socket.SO_SNDBUF),
        "rcvbuf": buffer(receiver, socket.SO_RCVBUF),
    }


def experiment(chunk=65536, sndbuf=None, rcvbuf=None, then=None):
    client, receiver = connected_pair(sndbuf, rcvbuf)
    try:
        result = fill(client, receiver, chunk)
        if then:
            result.update(then(client, receiver))
        return result
    finally:
        client.close()
        receiver.close()


def blocking_then_read(client, receiver):
    """On the full connection: a blocking send waits; after a read, a send goes through."""
    # A real blocking send (no Python timeout, which would poll), bounded by SO_SNDTIMEO.
    client.setblocking(True)
    client.setsockopt(socket.SOL_SOCKET, socket.SO_SNDTIMEO, struct.pack("ll", 0, 300_000))
    started = time.monotonic()
    try:
        blocking = "sent %d" % client.send(b"y")
    except OSError as error:
        blocking = errno.errorcode.get(error.errno, str(error.errno))
    waited = time.monotonic() - started
    read = len(receiver.recv(1 << 20))
    try:
        after = "sent %d" % client.send(b"z" * 1000, socket.MSG_DONTWAIT)
    except OSError as error:
        after = errno.errorcode.get(error.errno, str(error.errno))
    return {"blockingSend": blocking, "waited": waited, "read": read, "afterRead": after}


def sysctl(name):
    with open("/proc/sys/net/core/" + name) as file:
        return int(file.read())


emit(
    {
        "wmemDefault": sysctl("wmem_default"),
        "rmemMax": sysctl("rmem_max"),
        "default": experiment(then=blocking_then_read),
        "tinyRcvbuf": experiment(rcvbuf=1),
        "bigRcvbuf": experiment(rcvbuf=sysctl("rmem_max")),
        "asked": 8192,
        "loweredSndbuf": experiment(sndbuf=8192),
        "oneByteWrites": experiment(chunk=1),
    }
)
