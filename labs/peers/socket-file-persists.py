"""Independent peer for the socket-file-persists lab.

Binds a SOCK_STREAM socket to PATH and closes it again, then prints one JSON
document: whether bind() worked (or its errno name) and whether the socket
file was still there after close().

usage: socket-file-persists.py PATH
"""
import errno
import json
import os
import socket
import stat
import sys

path = sys.argv[1]
sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
try:
    sock.bind(path)
    result = {"bound": True}
except OSError as error:
    result = {"bound": False, "errno": errno.errorcode.get(error.errno, str(error))}
sock.close()

try:
    result["fileAfterClose"] = stat.S_ISSOCK(os.lstat(path).st_mode)
except FileNotFoundError:
    result["fileAfterClose"] = False
print(json.dumps(result), flush=True)
