"""Peer for the pipe-vs-socketpair lab.

pipe() gives a read end and a write end: writing to the read end fails with
EBADF (it was opened read-only). socketpair() gives two ends that can each
read and write. Prints one JSON document with what each attempt did, and what
/proc/self/fd says each descriptor is.
"""

import errno
import json
import os
import socket


def attempt(action):
    try:
        return {"ok": action(), "error": None}
    except OSError as error:
        return {"ok": None, "error": errno.errorcode[error.errno]}


read_end, write_end = os.pipe()
pipe = {
    "kind": os.readlink(f"/proc/self/fd/{read_end}"),
    "forward": attempt(lambda: (os.write(write_end, b"ping"), os.read(read_end, 16).decode())[1]),
    "backWrite": attempt(lambda: os.write(read_end, b"pong")),
    "backRead": attempt(lambda: os.read(write_end, 16).decode()),
}

left, right = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
pair = {
    "kind": os.readlink(f"/proc/self/fd/{left.fileno()}"),
    "forward": attempt(lambda: (left.send(b"ping"), right.recv(16).decode())[1]),
    "back": attempt(lambda: (right.send(b"pong"), left.recv(16).decode())[1]),
}

print(json.dumps({"pipe": pipe, "socketpair": pair}), flush=True)
