"""Independent datagram sender: COUNT numbered datagrams (`TAG0`, `TAG1`, …)
with blocking sendto to PATH, then a final `END-TAG`. A blocking sender waits when
the receiver's queue is full: on Linux, Unix datagrams are never dropped.

Optional GATE (a path) makes it create GATE.TAG once its socket is ready and
then wait until GATE exists, so two senders start together however long each
took to start; optional PACE (seconds) spaces its first PACED datagrams (all
of them by default), so the two senders' runs really overlap there.

Usage: dgram-boundaries-sender.py PATH COUNT TAG [GATE [PACE [PACED]]]
Prints {"sent": n, "error"?}.
"""

import os
import socket
import sys
import time

from common import emit, errno_name

path, count, tag = sys.argv[1], int(sys.argv[2]), sys.argv[3]
gate = sys.argv[4] if len(sys.argv) > 4 else ""
pace = float(sys.argv[5]) if len(sys.argv) > 5 else 0.0
paced = int(sys.argv[6]) if len(sys.argv) > 6 else count
result = {"sent": 0}
try:
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sender:
        sender.settimeout(5)
        if gate:
            open(f"{gate}.{tag}", "w").close()
            deadline = time.monotonic() + 10
            while not os.path.exists(gate) and time.monotonic() < deadline:
                time.sleep(0.001)
        for number in range(count):
            if 0 < number < paced and pace > 0:
                time.sleep(pace)
            sender.sendto(f"{tag}{number}".encode(), path)
            result["sent"] += 1
        sender.sendto(f"END-{tag}".encode(), path)
except OSError as error:
    result["error"] = errno_name(error)
emit(result)
