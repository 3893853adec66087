"""Delayed reader: receives messages only after the sender says it is done,
so everything sent is already queued when the first read happens. That is
what makes a boundary check honest: a byte stream read late merges writes,
a datagram or seqpacket socket still returns one message per read.

Usage: stream-coalesce-reader.py TYPE DATA_PATH GO_PATH
  TYPE stream|seqpacket: listen on DATA_PATH; the first connection carries
    the data, a second connection (its arrival) means "all sent"; then read
    the first until EOF.
  TYPE dgram: bind DATA_PATH and GO_PATH; a datagram on GO_PATH means "all
    sent"; then read DATA_PATH until nothing is queued.
Prints `READY DATA_PATH`, then one JSON line {"type", "reads": [hex...]}.
"""

import json
import socket
import sys

from common import cleanup_on_exit, line, ready, socket_type

kind, data_path, go_path = sys.argv[1], sys.argv[2], sys.argv[3]
reads = []

if kind in ("stream", "seqpacket"):
    listener = socket.socket(socket.AF_UNIX, socket_type(kind))
    listener.bind(data_path)
    cleanup_on_exit(data_path)
    listener.listen(2)
    ready(data_path)
    data, _ = listener.accept()
    go, _ = listener.accept()
    go.close()
    while True:
        chunk = data.recv(65536)
        if not chunk:
            break
        reads.append(chunk.hex())
    data.close()
    listener.close()
else:
    receiver = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    receiver.bind(data_path)
    cleanup_on_exit(data_path)
    go = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    go.bind(go_path)
    cleanup_on_exit(go_path)
    ready(data_path)
    go.recv(16)
    receiver.setblocking(False)
    while True:
        try:
            reads.append(receiver.recv(65536).hex())
        except BlockingIOError:
            break
    receiver.close()
    go.close()

line(json.dumps({"type": kind, "reads": reads}))
