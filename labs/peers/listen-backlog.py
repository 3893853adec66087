"""Peer for the listen-backlog lab: listeners that never accept().

A Unix stream socket with listen(1) at PATH, one with listen(3) at PATH3, and
a TCP socket with listen(1) on 127.0.0.1 (an ephemeral port). Prints `READY <tcp-port>` and then waits, never calling
accept(), until stdin closes; then prints one JSON document.
"""

import json
import socket
import sys

path = sys.argv[1]
unix_listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
unix_listener.bind(path)
unix_listener.listen(1)
wider_listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
wider_listener.bind(sys.argv[2])
wider_listener.listen(3)

tcp_listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
tcp_listener.bind(("127.0.0.1", 0))
tcp_listener.listen(1)
print("READY", tcp_listener.getsockname()[1], flush=True)

sys.stdin.read()  # hold both listeners, never accept(), until told to stop
print(json.dumps({"backlog": 1, "accepted": 0}), flush=True)
