"""Independent peer for the abstract-names lab.

An abstract name is sun_path[0] == '\\0' followed by the name; its length is
the address length, so trailing NULs are part of the name. This peer always
uses the exact length, except where it pads on purpose.

usage:
  abstract-names.py server NAME   listen on '\\0NAME', print READY, echo each connection
  abstract-names.py client NAME   connect to '\\0NAME' (exact) and to '\\0NAME' padded
                                  with NULs to 108 bytes; print one JSON document
  abstract-names.py bind NAME     try to bind '\\0NAME'; print one JSON document
"""
import ctypes
import errno
import json
import signal
import socket
import sys

# Die with the lab: if the process that started us ends, the kernel sends SIGTERM.
ctypes.CDLL(None).prctl(1, signal.SIGTERM)  # 1 = PR_SET_PDEATHSIG

SUN_PATH_SIZE = 108
mode, name = sys.argv[1], sys.argv[2].encode()
exact = b"\0" + name
padded = exact + b"\0" * (SUN_PATH_SIZE - len(exact))


def errno_name(error):
    return errno.errorcode.get(error.errno, str(error))


def try_connect(address):
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        sock.connect(address)
        sock.sendall(b"ping")
        return {"connected": True, "echo": sock.recv(64).decode(), "addressBytes": len(address)}
    except OSError as error:
        return {"connected": False, "errno": errno_name(error), "addressBytes": len(address)}
    finally:
        sock.close()


if mode == "server":
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(exact)
    listener.listen(8)
    print("READY", "@" + name.decode(), flush=True)
    while True:
        connection, _ = listener.accept()
        while data := connection.recv(64):
            connection.sendall(data)
        connection.close()
elif mode == "client":
    print(json.dumps({"exact": try_connect(exact), "padded": try_connect(padded)}), flush=True)
elif mode == "bind":
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        sock.bind(exact)
        result = {"bound": True, "sockname": "@" + sock.getsockname()[1:].decode()}
    except OSError as error:
        result = {"bound": False, "errno": errno_name(error)}
    sock.close()
    print(json.dumps(result), flush=True)
