"""Peer for the dgram-queue-limit lab: a receiver that never reads.

A SOCK_DGRAM receiver is bound at the given path and never calls recv(). An
unbound, unconnected sender sendto()s one-byte datagrams with MSG_DONTWAIT
until the kernel refuses. Prints one JSON document: how many were queued and
the errno name of the refusal.
"""

import errno
import json
import os
import socket
import sys

path = sys.argv[1]
receiver = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
receiver.bind(path)
sender = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)

queued = 0
refusal = None
while queued < 10_000:  # a ceiling so a kernel without the limit cannot loop forever
    try:
        sender.sendto(b"x", socket.MSG_DONTWAIT, path)
    except OSError as error:
        refusal = errno.errorcode[error.errno]
        break
    queued += 1

print(json.dumps({"queued": queued, "refusal": refusal}), flush=True)
sender.close()
receiver.close()
os.unlink(path)  # a closed socket's file stays until someone unlinks it
