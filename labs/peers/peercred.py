"""Independent peer for the peercred lab.

Listens on a SOCK_STREAM socket at PATH, prints READY, then for each of
COUNT connections reads SO_PEERCRED (the pid, uid and gid the kernel recorded
for the client at connect time) and the client's first line, and prints them
as one JSON document per connection.

usage: peercred.py PATH COUNT
"""
import ctypes
import json
import os
import signal
import socket
import struct
import sys

# Die with the lab: if the process that started us ends, the kernel sends SIGTERM.
ctypes.CDLL(None).prctl(1, signal.SIGTERM)  # 1 = PR_SET_PDEATHSIG

path, count = sys.argv[1], int(sys.argv[2])
listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
listener.bind(path)
listener.listen(count)
print("READY", path, flush=True)

for _ in range(count):
    connection, _ = listener.accept()
    # struct ucred { pid_t pid; uid_t uid; gid_t gid; }
    raw = connection.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
    pid, uid, gid = struct.unpack("3i", raw)
    line = connection.makefile("r").readline().strip()
    print(json.dumps({"pid": pid, "uid": uid, "gid": gid, "line": line}), flush=True)
    connection.close()

os.unlink(path)
