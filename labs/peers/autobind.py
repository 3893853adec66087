"""Independent peer for the autobind lab.

Autobind: bind() with an address of only the family (CPython sends that for
an empty path), or SO_PASSCRED on an unbound socket that then sends, makes
the kernel pick an abstract name: a NUL byte and five hex digits.

Prints READY with the first autobound name (as @xxxxx), then one JSON line
with every name it saw, and keeps the sockets open (so the lab can find them
in /proc/net/unix) until the lab stops it with SIGTERM.

usage: autobind.py RECEIVER_NAME
"""
import ctypes
import json
import signal
import socket
import sys

# Die with the lab: if the process that started us ends, the kernel sends SIGTERM.
ctypes.CDLL(None).prctl(1, signal.SIGTERM)  # 1 = PR_SET_PDEATHSIG


def text(address):
    """'@xxxxx' for an abstract name, '' for unnamed."""
    return "@" + address[1:].decode("latin-1") if address else ""


# 1. bind('') -> an address of only sun_family -> autobind.
first = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
first.bind("")
second = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
second.bind("")

# 2. SO_PASSCRED on an unbound socket: autobind happens when it sends.
receiver = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
receiver.bind(b"\0" + sys.argv[1].encode())
sender = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
sender.setsockopt(socket.SOL_SOCKET, socket.SO_PASSCRED, 1)
before_send = sender.getsockname()
sender.sendto(b"hi", receiver.getsockname())
_data, sender_seen_by_receiver = receiver.recvfrom(16)

print("READY", text(first.getsockname()), flush=True)
print(json.dumps({
    "bindEmpty": [text(first.getsockname()), text(second.getsockname())],
    "rawBytes": len(first.getsockname()),
    "passcred": {
        "beforeSend": text(before_send),
        "afterSend": text(sender.getsockname()),
        "seenByReceiver": text(sender_seen_by_receiver),
    },
}), flush=True)
# Hold the sockets until the lab stops us.
signal.pause()
