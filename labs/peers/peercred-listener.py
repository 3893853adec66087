"""One-shot peer for the peercred lab: whose credentials each end reports.

Three processes: a listener L binds PATH and calls listen(), then forks an
acceptor A that calls accept(); the client C (this process) connects. A
reads SO_PEERCRED on the accepted socket, C on its own connected socket.
Prints one JSON document: the three pids and what each end reported.

usage: peercred-listener.py PATH
"""
import ctypes
import json
import os
import signal
import socket
import struct
import sys

from common import cleanup_on_exit


def die_with_parent():
    # If the process that forked us ends, the kernel sends SIGTERM: no child blocks in accept() for ever.
    ctypes.CDLL(None).prctl(1, signal.SIGTERM)  # 1 = PR_SET_PDEATHSIG


def peer_pid(sock):
    # struct ucred { pid_t pid; uid_t uid; gid_t gid; }
    raw = sock.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
    return struct.unpack("3i", raw)[0]


path = sys.argv[1]
ready_read, ready_write = os.pipe()
report_read, report_write = os.pipe()

listener_pid = os.fork()
if listener_pid == 0:
    # L: bind and listen, then leave accept() to a child of its own.
    die_with_parent()
    os.close(ready_read)
    os.close(report_read)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path)
    listener.listen(1)
    acceptor_pid = os.fork()
    if acceptor_pid == 0:
        die_with_parent()
        connection, _ = listener.accept()
        seen = peer_pid(connection)
        connection.recv(1)  # the client has read its SO_PEERCRED
        os.write(report_write, json.dumps({"acceptor": os.getpid(), "acceptorSees": seen}).encode())
        os._exit(0)
    os.write(ready_write, str(acceptor_pid).encode())
    os.close(ready_write)
    os.waitpid(acceptor_pid, 0)
    listener.close()
    os._exit(0)

cleanup_on_exit(path)
os.close(ready_write)
os.close(report_write)
os.read(ready_read, 32)  # L has listened and forked A
client = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
client.connect(path)
client_sees = peer_pid(client)
client.send(b"x")
report = json.loads(os.read(report_read, 4096))
os.waitpid(listener_pid, 0)
client.close()
os.unlink(path)
report.update({"listener": listener_pid, "client": os.getpid(), "clientSees": client_sees})
print(json.dumps(report), flush=True)
