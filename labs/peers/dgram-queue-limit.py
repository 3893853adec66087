"""Peer for the dgram-queue-limit lab: receivers that never read.

For each arrangement a SOCK_DGRAM receiver is bound in DIR and never calls
recv(); a sender bound in DIR sends datagrams with MSG_DONTWAIT until the
kernel refuses:

  unconnected  the sender uses sendto() and is not connected
  connected    the sender connect()s to the receiver first
  mutual       the receiver is also connected back to the sender (1-byte and
               1000-byte datagrams: only bytes then limit the queue)

Each sender's buffer (SO_SNDBUF) is first made room for max_dgram_qlen + 1
one-byte datagrams where it holds fewer (SO_SNDBUFFORCE when allowed, else
SO_SNDBUF up to net.core.wmem_max): with the kernel's default buffer, a count
of 512 (what systemd sets at boot) is never reached, bytes stop the sender
first. Prints one JSON document: per arrangement, how many were queued, the
errno name of the refusal and the sender's SO_SNDBUF. Unlinks every file it
binds.
"""

import errno
import json
import os
import socket
import sys

directory = sys.argv[1]
CEILING = 100_000  # so a kernel without a limit cannot loop forever
SO_SNDBUFFORCE = 32  # not in python's socket module; needs CAP_NET_ADMIN
# What one queued one-byte datagram costs the sender (the skb's truesize, about 770 bytes
# on x86-64), with room to spare.
BYTES_PER_DATAGRAM = 2048
with open("/proc/sys/net/unix/max_dgram_qlen") as sysctl:
    QUEUE_LIMIT = int(sysctl.read())


def widen(sock):
    """Give the sender room for QUEUE_LIMIT + 1 datagrams; returns its SO_SNDBUF."""
    want = min((QUEUE_LIMIT + 1) * BYTES_PER_DATAGRAM, 1 << 30)
    if sock.getsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF) < want:
        # The kernel doubles the value set (bookkeeping) and caps SO_SNDBUF at wmem_max.
        for option in (SO_SNDBUFFORCE, socket.SO_SNDBUF):
            try:
                sock.setsockopt(socket.SOL_SOCKET, option, (want + 1) // 2)
                break
            except PermissionError:
                continue
    return sock.getsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF)


def fill(connect_sender, connect_back, size):
    receiver_path = os.path.join(directory, "receiver.sock")
    sender_path = os.path.join(directory, "sender.sock")
    receiver = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    receiver.bind(receiver_path)
    sender = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sender.bind(sender_path)
    sndbuf = widen(sender)
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
    return {"queued": queued, "refusal": refusal, "size": size, "sndbuf": sndbuf}


print(json.dumps({
    "unconnected": fill(False, False, 1),
    "connected": fill(True, False, 1),
    "mutualSmall": fill(True, True, 1),
    "mutualLarge": fill(True, True, 1000),
}), flush=True)
