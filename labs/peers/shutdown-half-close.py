"""Peer for the shutdown-half-close lab: a client that half-closes.

Connects to the stream server at the given path, sends `request`, then calls
shutdown(SHUT_WR): the server reads EOF but the connection stays open the
other way. Reads the server's reply (one line), then tries to send again.
Prints one JSON document: the reply and the errno name of the late send.
"""

import errno
import json
import socket
import sys

client = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
client.connect(sys.argv[1])
client.sendall(b"request")
client.shutdown(socket.SHUT_WR)

reply = b""
while not reply.endswith(b"\n"):
    chunk = client.recv(4096)
    if not chunk:
        break
    reply += chunk

try:
    client.send(b"too late")
    late_send = None
except OSError as error:  # python ignores SIGPIPE, so EPIPE arrives as an error
    late_send = errno.errorcode[error.errno]

print(json.dumps({"reply": reply.decode(), "lateSend": late_send}), flush=True)
client.close()
