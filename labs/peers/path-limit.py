"""Independent peer for the path-limit lab.

sun_path in struct sockaddr_un is 108 bytes on Linux. The peer asks the
kernel directly (bind() through ctypes, with an address of exactly 2 + N
bytes and no terminating NUL) for N = 107, 108, 109, then does the same
through Python's socket module, which insists on room for a NUL.

usage: path-limit.py DIR   (prints one JSON document; removes what it made)
"""
import ctypes
import errno
import json
import os
import socket
import struct
import sys

# Bytes: sun_path counts bytes, and a lab directory may hold non-ASCII characters.
directory = os.fsencode(sys.argv[1])
libc = ctypes.CDLL(None, use_errno=True)


def path_of_length(length):
    return os.path.join(directory, b"k" * (length - len(directory) - 1))


def kernel_bind(length):
    path = path_of_length(length)
    address = struct.pack("H", socket.AF_UNIX) + path  # sun_family, then sun_path without NUL
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    status = libc.bind(sock.fileno(), ctypes.c_char_p(address), len(address))
    result = {"addrlen": len(address)}
    if status == 0:
        result["bound"] = True
        result["created"] = os.path.exists(path)
        os.unlink(path)
    else:
        result["bound"] = False
        result["errno"] = errno.errorcode.get(ctypes.get_errno(), "?")
    sock.close()
    return result


def python_bind(length):
    path = path_of_length(length)
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        sock.bind(path)
        os.unlink(path)
        return {"bound": True}
    except OSError as error:
        return {"bound": False, "error": str(error)}
    finally:
        sock.close()


print(json.dumps({
    "kernel": {str(n): kernel_bind(n) for n in (107, 108, 109)},
    "python": {str(n): python_bind(n) for n in (107, 108)},
}), flush=True)
