"""Client for the peercred lab, run as a separate (possibly unprivileged) process.

Connects to PATH, prints READY with its own pid, uid and gid, sends one line,
reads until the server closes the connection, and then waits to be stopped
(SIGTERM), so the lab always sees READY before the process ends.

usage: peercred-client.py PATH
"""
import ctypes
import os
import signal
import socket
import sys

# Die with the lab: if the process that started us ends, the kernel sends SIGTERM.
ctypes.CDLL(None).prctl(1, signal.SIGTERM)  # 1 = PR_SET_PDEATHSIG

sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
sock.connect(sys.argv[1])
print("READY", os.getpid(), os.getuid(), os.getgid(), flush=True)
sock.sendall(b"python3 client pid %d\n" % os.getpid())
while sock.recv(64):
    pass
signal.pause()
