"""Independent writer: connect to a socket path and send each message with
its own send() system call, then close.

Usage: stream-coalesce-writer.py TYPE PATH HEX_MESSAGE...
  TYPE stream|seqpacket: connect, send each message, shutdown(SHUT_WR).
  TYPE dgram: sendto PATH for each message (unbound sender).
Prints {"type", "sends": [bytes sent per call], "error"?}.
"""

import socket
import sys

from common import emit, errno_name, socket_type

kind, path, messages = sys.argv[1], sys.argv[2], [bytes.fromhex(m) for m in sys.argv[3:]]
result = {"type": kind, "sends": []}
try:
    with socket.socket(socket.AF_UNIX, socket_type(kind)) as sender:
        if kind == "dgram":
            for message in messages:
                result["sends"].append(sender.sendto(message, path))
        else:
            sender.connect(path)
            for message in messages:
                result["sends"].append(sender.send(message))
            sender.shutdown(socket.SHUT_WR)
except OSError as error:
    result["error"] = errno_name(error)
emit(result)
