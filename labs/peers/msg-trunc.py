"""Independent peer for the msg-trunc lab.

Binds a SOCK_DGRAM socket and listens on a SOCK_SEQPACKET and a SOCK_STREAM
socket, prints READY, then reads the first message on each with a 4-byte
buffer (recvmsg) and what follows with a big one. Prints what the kernel
reported as one JSON document: the bytes read, the MSG_TRUNC flag, and what
came next. The stream socket is the control: it has no messages to cut.

usage: msg-trunc.py DGRAM_PATH SEQPACKET_PATH STREAM_PATH
"""
import ctypes
import json
import os
import signal
import socket
import sys

# Die with the lab: if the process that started us ends, the kernel sends SIGTERM.
ctypes.CDLL(None).prctl(1, signal.SIGTERM)  # 1 = PR_SET_PDEATHSIG

dgram_path, seqpacket_path, stream_path = sys.argv[1:4]


def short_read_then_next(sock):
    data, _ancillary, flags, _address = sock.recvmsg(4)
    following = sock.recv(64)
    # Anything left of the first message would be readable now; expect nothing.
    sock.setblocking(False)
    try:
        leftover = sock.recv(64).decode()
    except BlockingIOError:
        leftover = None
    return {
        "first": data.decode(),
        "flags": flags,
        "msgTrunc": bool(flags & socket.MSG_TRUNC),
        "next": following.decode(),
        "leftover": leftover,
    }


dgram = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
dgram.bind(dgram_path)
listener = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
listener.bind(seqpacket_path)
listener.listen(1)
stream_listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
stream_listener.bind(stream_path)
stream_listener.listen(1)
print("READY", dgram_path, seqpacket_path, stream_path, flush=True)

result = {"dgram": short_read_then_next(dgram)}
connection, _ = listener.accept()
result["seqpacket"] = short_read_then_next(connection)
connection, _ = stream_listener.accept()
result["stream"] = short_read_then_next(connection)

for path in (dgram_path, seqpacket_path, stream_path):
    os.unlink(path)
print(json.dumps(result), flush=True)
