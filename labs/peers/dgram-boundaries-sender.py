"""Independent datagram sender: COUNT numbered datagrams (`TAG0`, `TAG1`, …)
with blocking sendto to PATH, then a final `END-TAG`. A blocking sender waits when
the receiver's queue is full: on Linux, Unix datagrams are never dropped.

Usage: dgram-boundaries-sender.py PATH COUNT TAG
Prints {"sent": n, "error"?}.
"""

import socket
import sys

from common import emit, errno_name

path, count, tag = sys.argv[1], int(sys.argv[2]), sys.argv[3]
result = {"sent": 0}
try:
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sender:
        sender.settimeout(5)
        for number in range(count):
            sender.sendto(f"{tag}{number}".encode(), path)
            result["sent"] += 1
        sender.sendto(f"END-{tag}".encode(), path)
except OSError as error:
    result["error"] = errno_name(error)
emit(result)
