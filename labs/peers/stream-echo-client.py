"""Independent stream echo client: connect to a SOCK_STREAM socket path, send
a payload (hex argv[2]), shut down writing, read everything back.

Usage: stream-echo-client.py PATH HEX_PAYLOAD
Prints {"sent": hex, "received": hex, "chunks": n, "peer": address}.
"""

import socket
import sys

from common import address_text, emit, errno_name

path, payload_hex = sys.argv[1], sys.argv[2]
payload = bytes.fromhex(payload_hex)
result = {"sent": payload_hex}
try:
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
        client.settimeout(5)
        client.connect(path)
        result["peer"] = address_text(client.getpeername())
        result["self"] = address_text(client.getsockname())
        client.sendall(payload)
        client.shutdown(socket.SHUT_WR)
        received = b""
        chunks = 0
        while True:
            chunk = client.recv(65536)
            if not chunk:
                break
            chunks += 1
            received += chunk
        result["received"] = received.hex()
        result["chunks"] = chunks
except OSError as error:
    result["error"] = errno_name(error)
emit(result)
