"""Peer for the read-write-vs-send-recv lab.

On a connected stream socketpair, write() on one end is read by recv() on the
other and send() is read by read(): with flags 0 they are the same call. On
datagram sockets, send() without a destination fails on an unconnected socket,
while sendto() names the destination and recvfrom() reports the sender: the
receiver replies to that address, and one unconnected socket receives from a
second sender as well (many peers, no connection to any).
Usage: read-write-vs-send-recv.py <receiver-path> <sender-path> <other-path>.
Prints one JSON document.
"""

import errno
import json
import os
import socket
import sys

receiver_path, sender_path, other_path = sys.argv[1], sys.argv[2], sys.argv[3]

left, right = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
os.write(left.fileno(), b"written with write()")
received = right.recv(64)
right.send(b"sent with send()")
read = os.read(left.fileno(), 64)

receiver = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
receiver.bind(receiver_path)
sender = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
sender.bind(sender_path)
try:
    sender.send(b"where to?")
    send_error = None
except OSError as error:
    send_error = errno.errorcode[error.errno]
sender.sendto(b"addressed", receiver_path)
datagram, from_address = receiver.recvfrom(64)
receiver.sendto(b"reply", from_address)
reply, reply_from = sender.recvfrom(64)
other = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
other.bind(other_path)
other.sendto(b"from another peer", receiver_path)
second, second_from = receiver.recvfrom(64)

print(
    json.dumps(
        {
            "writeThenRecv": received.decode(),
            "sendThenRead": read.decode(),
            "sendWithoutAddress": send_error,
            "sendtoReceived": datagram.decode(),
            "recvfromAddress": from_address,
            "reply": reply.decode(),
            "replyFrom": reply_from,
            "secondReceived": second.decode(),
            "secondFrom": second_from,
        }
    ),
    flush=True,
)
for sock in (left, right, sender, receiver, other):
    sock.close()
os.unlink(receiver_path)
os.unlink(sender_path)
os.unlink(other_path)
