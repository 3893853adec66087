"""Independent peer for the socket-permissions lab.

Connects a SOCK_STREAM client to PATH as whatever user it was started as
and prints one JSON document: its uid/gid and whether connect() worked (or
its errno name).

usage: socket-permissions.py PATH
"""
import errno
import json
import os
import socket
import sys

path = sys.argv[1]
result = {"uid": os.getuid(), "gid": os.getgid()}
sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
try:
    sock.connect(path)
    sock.sendall(b"hello from uid %d\n" % os.getuid())
    result["connected"] = True
except OSError as error:
    result["connected"] = False
    result["errno"] = errno.errorcode.get(error.errno, str(error))
sock.close()
print(json.dumps(result), flush=True)
