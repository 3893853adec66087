"""A SOCK_SEQPACKET server's session with two clients, all in one python3
process: each connect() is accept()ed as a socket of its own, on which the
server reads that client's message and replies to it alone; when a client
closes, the server's recv() on its socket returns no bytes (EOF). Control:
a SOCK_DGRAM socket cannot listen() at all.

Usage: seqpacket-session.py DIR   (binds DIR/session.sock, removed before exit)
Prints {"listener", "accepted": [fd, fd], "read": [...], "replies": [...],
"afterClose": repr of the recv after client 1 closed, "dgramListen"}.
"""

import os
import socket
import sys

from common import emit, errno_name

path = os.path.join(sys.argv[1], "session.sock")
listener = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
result = {}
try:
    listener.bind(path)
    listener.listen(2)
    clients = []
    for number in (1, 2):
        client = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        client.settimeout(5)
        client.connect(path)
        client.send(b"from-%d" % number)
        clients.append(client)
    accepted = []
    for _ in clients:
        connection, _address = listener.accept()
        connection.settimeout(5)
        accepted.append(connection)
    result["listener"] = listener.fileno()
    result["accepted"] = [connection.fileno() for connection in accepted]
    result["read"] = [connection.recv(100).decode() for connection in accepted]
    for connection, message in zip(accepted, result["read"]):
        connection.send(b"reply-to-" + message.encode())
    result["replies"] = [client.recv(100).decode() for client in clients]
    clients[0].close()
    result["afterClose"] = repr(accepted[0].recv(100))
    for sock in clients[1:] + accepted:
        sock.close()
except OSError as error:
    result["error"] = errno_name(error)
finally:
    listener.close()
    if os.path.exists(path):
        os.unlink(path)
with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as datagram:
    datagram.bind(path)
    try:
        datagram.listen(1)
        result["dgramListen"] = "listening"
    except OSError as error:
        result["dgramListen"] = errno_name(error)
    finally:
        os.unlink(path)
emit(result)
