"""Peer for the scm-rights-ctrunc lab: descriptors that never reach a process.

Usage: scm-rights-ctrunc.py. Two experiments over AF_UNIX stream socketpairs,
each passing the write ends of pipes with SCM_RIGHTS; the sender closes its own
copies once they are sent, so a pipe's read end sees end-of-file exactly when
no process and no message holds its write end any more.

1. Too small a control buffer: three write ends in one message, read with
   recvmsg() and a control buffer of CMSG_LEN(sizeof(int)), room for one. It
   records msg_flags (MSG_CTRUNC), how many descriptors arrived, how many the
   receiving process gained (/proc/self/fd), and, for each pipe, whether its
   read end sees end-of-file (the write end the kernel closed) or EAGAIN (a
   write end still open: the one delivered).
2. Never read: one write end sent, then the receiving socket closed without a
   recvmsg(). It records whether the pipe's read end sees end-of-file before
   (no: the message holds the write end) and after the close.

Prints one JSON document.
"""

import array
import os
import socket
import sys

from common import emit


def open_fds():
    return len(os.listdir("/proc/self/fd"))


def read_end_state(fd):
    """`eof` when no write end is open any more, `EAGAIN` when one still is."""
    try:
        data = os.read(fd, 1)
    except BlockingIOError:
        return "EAGAIN"
    return "eof" if data == b"" else "data"


def pipes(count):
    made = []
    for _ in range(count):
        read_end, write_end = os.pipe()
        os.set_blocking(read_end, False)
        made.append((read_end, write_end))
    return made


def send_fds(sock, fds):
    rights = array.array("i", fds).tobytes()
    sock.sendmsg([b"x"], [(socket.SOL_SOCKET, socket.SCM_RIGHTS, rights)])


def too_small_buffer():
    sender, receiver = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    made = pipes(3)
    send_fds(sender, [write_end for _, write_end in made])
    for _, write_end in made:
        os.close(write_end)
    before = open_fds()
    room = socket.CMSG_LEN(array.array("i").itemsize)
    _, ancillary, flags, _ = receiver.recvmsg(1, room)
    gained = open_fds() - before
    received = array.array("i")
    for level, kind, data in ancillary:
        if level == socket.SOL_SOCKET and kind == socket.SCM_RIGHTS:
            received.frombytes(data[: len(data) - len(data) % received.itemsize])
    states = [read_end_state(read_end) for read_end, _ in made]
    result = {
        "sent": 3,
        "controlBuffer": room,
        "ctrunc": bool(flags & socket.MSG_CTRUNC),
        "flags": flags,
        "received": len(received),
        "gained": gained,
        "readEnds": states,
    }
    for fd in received:
        os.close(fd)
    result["readEndsAfterClosingReceived"] = [read_end_state(read_end) for read_end, _ in made]
    for read_end, _ in made:
        os.close(read_end)
    sender.close()
    receiver.close()
    return result


def never_read():
    sender, receiver = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    [(read_end, write_end)] = pipes(1)
    send_fds(sender, [write_end])
    os.close(write_end)
    in_flight = read_end_state(read_end)
    receiver.close()
    after_close = read_end_state(read_end)
    sender.close()
    os.close(read_end)
    return {"inFlight": in_flight, "afterReceiverClosed": after_close}


if len(sys.argv) != 1:
    sys.exit("usage: scm-rights-ctrunc.py")
emit({"tooSmall": too_small_buffer(), "neverRead": never_read()})
