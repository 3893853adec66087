"""Shared helpers for decklab's python3 lab peers (stable: other peers import it).

A peer is an independent reference implementation of one side of an
experiment. Protocol with the runner: a long-running peer prints
`READY <text>` on stdout once it is ready (never before), then optional
further lines; a one-shot peer prints one JSON document on stdout and exits 0.
Diagnostics go to stderr. SIGTERM makes a peer remove the socket files it
registered with `cleanup_on_exit` and exit 0.
"""

import errno
import json
import os
import signal
import socket
import sys

_paths_to_remove = []


def ready(text=""):
    """Announce readiness: the runner waits for exactly this line."""
    sys.stdout.write(("READY " + text).rstrip() + "\n")
    sys.stdout.flush()


def line(text):
    """Print one further stdout line (after READY) and flush it."""
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def emit(result):
    """Print the one JSON result of a one-shot peer."""
    sys.stdout.write(json.dumps(result) + "\n")
    sys.stdout.flush()


def errno_name(error):
    """`ECONNREFUSED` for an OSError, or the exception's type name."""
    if isinstance(error, OSError) and error.errno is not None:
        return errno.errorcode.get(error.errno, str(error.errno))
    return type(error).__name__


def socket_type(name):
    """socket.SOCK_STREAM / SOCK_DGRAM / SOCK_SEQPACKET from `stream`, `dgram`, `seqpacket`."""
    return {
        "stream": socket.SOCK_STREAM,
        "dgram": socket.SOCK_DGRAM,
        "datagram": socket.SOCK_DGRAM,
        "seqpacket": socket.SOCK_SEQPACKET,
    }[name]


def address_text(address):
    """A socket address as text: a path, `@name` for an abstract name, `` for unnamed."""
    if isinstance(address, bytes):
        if address.startswith(b"\0"):
            return "@" + address[1:].decode("latin-1")
        return address.decode("utf-8", "replace")
    return address or ""


def cleanup_on_exit(path):
    """Remove `path` when the peer is stopped with SIGTERM/SIGINT or exits normally."""
    _paths_to_remove.append(path)


def _remove_registered():
    for path in _paths_to_remove:
        try:
            os.unlink(path)
        except FileNotFoundError:
            pass


def _on_signal(signum, frame):
    _remove_registered()
    os._exit(0)


signal.signal(signal.SIGTERM, _on_signal)
signal.signal(signal.SIGINT, _on_signal)
import atexit  # noqa: E402

atexit.register(_remove_registered)


def recv_exactly(sock, count):
    """Read exactly `count` bytes from a stream socket (fewer only at EOF)."""
    chunks = []
    remaining = count
    while remaining > 0:
        chunk = sock.recv(remaining)
        if not chunk:
            break
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)
