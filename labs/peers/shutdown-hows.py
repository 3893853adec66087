"""Peer for the shutdown-half-close lab: which `how` of shutdown() is a half-close.

For each of SHUT_RD, SHUT_WR and SHUT_RDWR, on a fresh AF_UNIX stream
socketpair: the client end sends "request" and calls shutdown(how); the
server end reads the request, then looks for end-of-file (a recv that
returns b"" at once), and sends "reply"; the client end then reads what
came back. Every read after the request is non-blocking. Prints one JSON
document: for each how, whether the server saw EOF, what its send did, and
what the client read.
"""

import json
import socket

from common import errno_name


def read_now(sock):
    """What a read returns right now: the bytes, "EOF", or "nothing" (EAGAIN)."""
    try:
        data = sock.recv(64)
    except BlockingIOError:
        return "nothing"
    return data.decode() if data else "EOF"


result = {}
for name in ("SHUT_RD", "SHUT_WR", "SHUT_RDWR"):
    client, server = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    with client, server:
        client.sendall(b"request")
        client.shutdown(getattr(socket, name))
        request = server.recv(64).decode()
        server.setblocking(False)
        client.setblocking(False)
        after_request = read_now(server)
        try:
            server.send(b"reply")
            reply_send = "sent"
        except OSError as error:  # python ignores SIGPIPE: EPIPE arrives as an error
            reply_send = errno_name(error)
        result[name] = {
            "request": request,
            "serverReads": after_request,
            "replySend": reply_send,
            "clientReads": read_now(client),
        }
print(json.dumps(result), flush=True)
