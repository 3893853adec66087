"""Peer for the dgram-queue-limit lab: receivers that never read.

For each arrangement a SOCK_DGRAM receiver is bound in DIR and never calls
recv(); a sender bound in DIR sends datagrams with MSG_DONTWAIT until the
kernel refuses:

  unconnected  the sender uses sendto() and is not connected
  connected    the sender connect()s to the receiver first
  mutual       the receiver is also connected back to the sender (1-byte and
               1000-byte datagrams: only bytes then limit the queue)

Prints one JSON document: per arrangement, how many were queued and the errno
name of the refusal. Unlinks every file it binds.
"""

import errno
import json
import os
import socket
import sys

directory = sys.argv[1]
CEILING = 100_000  # so a kernel without a limit cannot loop forever


def fill(connect_sender, connect_back, size):
    receiver_path = os.path.join(directory, "receiver.sock")
    sender_path = os.path.join(directory, "sender.sock")
    receiver = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    receiver.bind(receiver_path)
    sender = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sender.bind(sender_path)
    if connect_sender:
        sender.connect(receiver_path)
    if connect_back:
        receiver.connect(sender_path)
    queued, refusal = 0, None
    payload = b"x" * size
    while queued < CEILING:
        try:
            if connect_sender:
                sender.send(payload, socket.MSG_DONTWAIT)
            else:
                sender.sendto(payload, socket.MSG_DONTWAIT, receiver_path)
        except OSError as error:
            refusal = errno.errorcode[error.errno]
            break
        queued += 1
    sender.close()
    receiver.close()
    os.unlink(sender_path)  # a closed socket's file stays until someone unlinks it
    os.unlink(receiver_path)
    return {"queued": queued, "refusal": refusal, "size": size}


print(json.dumps({
    "unconnected": fill(False, False, 1),
    "connected": fill(True, False, 1),
    "mutualSmall": fill(True, True, 1),
    "mutualLarge": fill(True, True, 1000),
}), flush=True)
