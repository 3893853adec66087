"""Independent peer for the socketpair-fork lab.

Creates a connected pair of SOCK_STREAM sockets with socketpair(), then
fork()s. The child keeps one end, the parent the other; they exchange a
message each way. The child reports what it saw over the pair, and the
parent prints one JSON document with both sides' observations, including
getsockname()/getpeername() (both unnamed: socketpair ends have no address).

usage: socketpair-fork.py
"""
import json
import os
import socket

parent_end, child_end = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)


def addresses(sock):
    return {"sockname": str(sock.getsockname()), "peername": str(sock.getpeername())}


pid = os.fork()
if pid == 0:
    # Child: use only its own end.
    parent_end.close()
    child_end.sendall(b"hello from child %d" % os.getpid())
    received = child_end.recv(100).decode()
    report = {"pid": os.getpid(), "received": received, **addresses(child_end)}
    child_end.sendall(json.dumps(report).encode())
    child_end.close()
    os._exit(0)

# Parent: use only its own end.
child_end.close()
from_child = parent_end.recv(100).decode()
parent_end.sendall(b"hello from parent %d" % os.getpid())
child_report = b""
while chunk := parent_end.recv(4096):
    child_report += chunk
os.waitpid(pid, 0)
print(json.dumps({
    "parent": {"pid": os.getpid(), "childPid": pid, "received": from_child, **addresses(parent_end)},
    "child": json.loads(child_report),
}), flush=True)
