"""Client for the peercred lab, run as a separate (possibly unprivileged) process.

Connects to PATH, prints READY with its own pid, uid and gid, sends one line,
reads until the server closes the connection, and then waits to be stopped
(SIGTERM), so the lab always sees READY before the process ends.

With CLAIM_UID and CLAIM_NAME it plays a client that lies: before connecting
it tries to set SO_PEERCRED on its socket to that uid (setsockopt; READY then
ends with the errno name, or `set`), and the line it sends claims to be that
user ("user NAME uid UID").

usage: peercred-client.py PATH [CLAIM_UID CLAIM_NAME]
"""
import ctypes
import os
import signal
import errno
import socket
import struct
import sys

# Die with the lab: if the process that started us ends, the kernel sends SIGTERM.
ctypes.CDLL(None).prctl(1, signal.SIGTERM)  # 1 = PR_SET_PDEATHSIG

claim = (int(sys.argv[2]), sys.argv[3]) if len(sys.argv) > 3 else None
sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
ready = [os.getpid(), os.getuid(), os.getgid()]
if claim is not None:
    # struct ucred { pid_t pid; uid_t uid; gid_t gid; }, as the client would like to be seen.
    forged = struct.pack("3i", 1, claim[0], claim[0])
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, forged)
        ready.append("set")
    except OSError as error:
        ready.append(errno.errorcode[error.errno])
sock.connect(sys.argv[1])
print("READY", *ready, flush=True)
if claim is None:
    sock.sendall(b"python3 client pid %d\n" % os.getpid())
else:
    sock.sendall(b"user %s uid %d\n" % (claim[1].encode(), claim[0]))
while sock.recv(64):
    pass
signal.pause()
