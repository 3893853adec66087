"""Peer for the fifo-vs-socket lab: a FIFO (named pipe) next to a listening socket.

Usage: fifo-vs-socket.py <directory>. Both have a path in the file system.
Two writers share the FIFO's single byte stream, the reader cannot tell them
apart or answer one of them, and the read end cannot be written. The socket
server accept()s one connection per client and answers each on its own.
Prints one JSON document.
"""

import errno
import json
import os
import socket
import stat
import sys

directory = sys.argv[1]
fifo_path = os.path.join(directory, "fifo")
socket_path = os.path.join(directory, "server.sock")

os.mkfifo(fifo_path, 0o600)
fifo_mode = stat.filemode(os.stat(fifo_path).st_mode)
reader = os.open(fifo_path, os.O_RDONLY | os.O_NONBLOCK)
writers = [os.open(fifo_path, os.O_WRONLY) for _ in range(2)]
os.write(writers[0], b"from-1;")
os.write(writers[1], b"from-2;")
shared_read = os.read(reader, 64).decode()
try:
    os.write(reader, b"reply")
    reply_error = None
except OSError as error:
    reply_error = errno.errorcode[error.errno]
for descriptor in [reader, *writers]:
    os.close(descriptor)
os.unlink(fifo_path)

server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
server.bind(socket_path)
server.listen(2)
socket_mode = stat.filemode(os.stat(socket_path).st_mode)
clients = [socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) for _ in range(2)]
for number, client in enumerate(clients, 1):
    client.connect(socket_path)
    client.sendall(f"from-{number};".encode())
connections = [server.accept()[0] for _ in clients]
per_connection = []
for connection in connections:
    request = connection.recv(64).decode()
    connection.sendall(f"reply to {request}".encode())
    per_connection.append(request)
replies = [client.recv(64).decode() for client in clients]
for sock in [*connections, *clients, server]:
    sock.close()
os.unlink(socket_path)

print(
    json.dumps(
        {
            "fifo": {"mode": fifo_mode, "sharedRead": shared_read, "writeReadEnd": reply_error},
            "socket": {"mode": socket_mode, "perConnection": per_connection, "replies": replies},
        }
    ),
    flush=True,
)
