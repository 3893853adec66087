"""Peer for the epipe lab: write to a stream whose peer has closed.

Usage: epipe.py <path> ignore|default. Connects, reads until the server has
closed (recv returns b''), then writes. With `ignore` (python's own setting)
SIGPIPE is ignored and the write fails with EPIPE; with `default` SIGPIPE gets
its default action back, and the kernel's SIGPIPE kills this process before
it can print anything. Prints one JSON document if it survives.
"""

import errno
import json
import signal
import socket
import sys

path, mode = sys.argv[1], sys.argv[2]
if mode == "default":
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)

client = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
client.connect(path)
while client.recv(4096):
    pass  # drain until the server's close arrives as EOF

try:
    client.send(b"anyone there?")
    result = None
except OSError as error:
    result = errno.errorcode[error.errno]
print(json.dumps({"mode": mode, "survived": True, "writeError": result}), flush=True)
