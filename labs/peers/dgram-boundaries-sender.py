"""Independent datagram sender: COUNT numbered datagrams (`TAG0`, `TAG1`, …)
with blocking sendto to PATH, then a final `END-TAG`. A blocking sender waits when
the receiver's queue is full: on Linux, Unix datagrams are never dropped.

Optional START (a time.time() value) makes it wait until then, so two senders
start together; optional PACE (seconds) spaces its first three datagrams, so a
sender starting at once sends between them and the two really overlap there.

Usage: dgram-boundaries-sender.py PATH COUNT TAG [START [PACE]]
Prints {"sent": n, "error"?}.
"""

import socket
import sys
import time

from common import emit, errno_name

path, count, tag = sys.argv[1], int(sys.argv[2]), sys.argv[3]
start = float(sys.argv[4]) if len(sys.argv) > 4 else 0.0
pace = float(sys.argv[5]) if len(sys.argv) > 5 else 0.0
result = {"sent": 0}
try:
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sender:
        sender.settimeout(5)
        time.sleep(max(0.0, start - time.time()))
        for number in range(count):
            if 0 < number < 3 and pace > 0:
                time.sleep(pace)
            sender.sendto(f"{tag}{number}".encode(), path)
            result["sent"] += 1
        sender.sendto(f"END-{tag}".encode(), path)
except OSError as error:
    result["error"] = errno_name(error)
emit(result)
