"""Peer for the tcp-vs-udp lab: which socket type the kernel pairs TCP and UDP with.

For IPPROTO_TCP and IPPROTO_UDP it asks socket(AF_INET, type, protocol) for
each of SOCK_STREAM, SOCK_DGRAM and SOCK_SEQPACKET, and reports which types
the kernel accepted (for each accepted socket, its SO_TYPE and SO_PROTOCOL
read back) and the errno of each refused one. Prints one JSON document.

usage: ip-socket-types.py
"""

import json
import socket

from common import errno_name

TYPES = {
    "SOCK_STREAM": socket.SOCK_STREAM,
    "SOCK_DGRAM": socket.SOCK_DGRAM,
    "SOCK_SEQPACKET": socket.SOCK_SEQPACKET,
}
TYPE_NAMES = {number: name for name, number in TYPES.items()}
PROTOCOLS = {"TCP": socket.IPPROTO_TCP, "UDP": socket.IPPROTO_UDP}

result = {}
for protocol_name, protocol in PROTOCOLS.items():
    tries = {}
    for type_name, kind in TYPES.items():
        try:
            sock = socket.socket(socket.AF_INET, kind, protocol)
        except OSError as error:
            tries[type_name] = {"accepted": False, "errno": errno_name(error)}
            continue
        with sock:
            tries[type_name] = {
                "accepted": True,
                "soType": TYPE_NAMES.get(sock.getsockopt(socket.SOL_SOCKET, socket.SO_TYPE)),
                "soProtocol": sock.getsockopt(socket.SOL_SOCKET, socket.SO_PROTOCOL),
            }
    result[protocol_name] = {"protocol": protocol, "tries": tries}
print(json.dumps(result), flush=True)
