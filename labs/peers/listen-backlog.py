"""Peer for the listen-backlog lab: listeners that never accept().

A Unix stream socket with listen(1) at PATH, one with listen(3) at PATH3, and
a TCP socket with listen(1) on 127.0.0.1 (an ephemeral port). Prints `READY <tcp-port>` and then waits, never calling
accept(), until stdin closes; then prints one JSON document.

On the line `probe-blocking` (sent once the lab's clients have filled the
listen(1) queue), a thread makes one *blocking* connect() to PATH. The peer
waits until the thread is about to call connect(), then 0.5 s more, and
notes whether the call is still waiting; then it accept()s one queued
connection, which frees a place, and prints one JSON line: whether the
blocking connect was still waiting, and how it ended (`connected`, or the
errno it failed with at once).
"""

import errno
import json
import socket
import sys
import threading

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

kept = []


def probe_blocking():
    outcome = {}
    calling = threading.Event()

    def attempt():
        client = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)  # blocking: no timeout
        kept.append(client)
        calling.set()
        try:
            client.connect(path)
            outcome["result"] = "connected"
        except OSError as error:
            outcome["result"] = errno.errorcode.get(error.errno, str(error.errno))

    thread = threading.Thread(target=attempt, daemon=True)
    thread.start()
    calling.wait(5)
    thread.join(0.5)
    waiting = thread.is_alive()
    unix_listener.settimeout(5)
    accepted, _ = unix_listener.accept()  # one place frees up in the queue
    kept.append(accepted)
    thread.join(5)
    result = outcome.get("result", "still waiting")
    print(json.dumps({"waiting": waiting, "result": result}), flush=True)


# Hold both listeners, never accept() (but for the probe), until stdin closes.
for line in sys.stdin:
    if line.strip() == "probe-blocking":
        probe_blocking()
print(json.dumps({"backlog": 1, "accepted": 0}), flush=True)
