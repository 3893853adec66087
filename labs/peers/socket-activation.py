"""Service for the socket-activation lab, started by systemd-socket-activate.

It opens nothing itself: it looks at the descriptors and environment it was
started with, accepts one connection on fd 3 and sends what it found as one
JSON document, then exits.
"""

import json
import os
import socket
import stat

FIRST = 3  # SD_LISTEN_FDS_START
status = os.fstat(FIRST)  # before this process creates any descriptor of its own
listener = socket.socket(fileno=FIRST)
report = {
    "pid": os.getpid(),
    "LISTEN_FDS": os.environ.get("LISTEN_FDS"),
    "LISTEN_PID": os.environ.get("LISTEN_PID"),
    "fd3IsSocket": stat.S_ISSOCK(status.st_mode),
    "fd3Inode": status.st_ino,
    "family": int(listener.family),
    "type": listener.getsockopt(socket.SOL_SOCKET, socket.SO_TYPE),
    "listening": listener.getsockopt(socket.SOL_SOCKET, socket.SO_ACCEPTCONN) == 1,
}
connection, _ = listener.accept()
connection.sendall(json.dumps(report).encode())
connection.close()
listener.detach()  # fd 3 belongs to the process, not to this wrapper object
