"""Peer for the server-workflow lab: a server that takes its steps one at a time.

socket() and bind() first, then print `READY <path>` while the socket is bound
but not yet listening (clients are refused now). On the line `listen` from
stdin it calls listen(), prints `LISTENING`, accepts one client and prints one
JSON document: the address the client connected from, as accept() reports it.
"""

import json
import os
import socket
import sys

path = sys.argv[1]
server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
server.bind(path)
print("READY", path, flush=True)

if sys.stdin.readline().strip() != "listen":
    sys.exit("expected the line `listen` on stdin")
server.listen(1)
print("LISTENING", flush=True)

connection, client_address = server.accept()
print(
    json.dumps(
        {
            "clientAddress": client_address,
            "clientAddressLength": len(client_address),
            "serverSideName": connection.getsockname(),
        }
    ),
    flush=True,
)
connection.close()
server.close()
os.unlink(path)
