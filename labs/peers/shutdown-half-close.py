"""Peer for the shutdown-half-close lab: a client that half-closes.

Connects to the stream server at the given path, sends `request`, then calls
shutdown(SHUT_WR): the server reads EOF but the connection stays open the
other way. Reads the server's reply (one line), then tries to send again.
Then a child with SIGPIPE at its default action (as a C program has it)
sends once more: the kernel's SIGPIPE kills it, as for a closed peer.
Prints one JSON document: the reply, the errno name of the late send, and
the signal that ended the child (or how it exited).
"""

import errno
import json
import os
import signal
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

child = os.fork()
if child == 0:
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    try:
        client.send(b"too late, by default")
        os._exit(0)
    except OSError:
        os._exit(1)
_, status = os.waitpid(child, 0)
if os.WIFSIGNALED(status):
    default_send = signal.Signals(os.WTERMSIG(status)).name
else:
    default_send = "exit %d" % os.WEXITSTATUS(status)

print(
    json.dumps({"reply": reply.decode(), "lateSend": late_send, "defaultSend": default_send}),
    flush=True,
)
client.close()
