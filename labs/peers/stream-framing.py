"""Peer for the stream-coalesce lab: framing carries messages over a byte stream.

On a SOCK_STREAM socketpair the writer sends three messages, one send() each,
all queued before the reader reads, three times over: with a 4-byte length
prefix in front of each, with a newline at the end of each, and bare with
MSG_EOR on every send(). The reader's loop collects what each read returns and
splits it by the prefix or the delimiter; the bare ones show what the kernel
itself keeps apart. Then one message of 1,000,000 bytes (length-prefixed) is
sent from a thread while the reader loops: no read can hold more than the
socket's buffer, so it comes in parts, and the loop collects it whole.
Prints one JSON document.
"""

import socket
import struct
import threading

from common import emit, errno_name

MESSAGES = [b"one", b"two two", b"three three three"]
BIG = 1_000_000


def exchange(frames, flags=0):
    """Send each frame with its own send() call, then read until all bytes are in."""
    writer, reader = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    sends, errors = [], []
    for frame in frames:
        try:
            sends.append(writer.send(frame, flags))
        except OSError as error:
            errors.append(errno_name(error))
    writer.close()
    reads = []
    while True:
        chunk = reader.recv(65536)
        if not chunk:
            break
        reads.append(chunk)
    reader.close()
    return sends, errors, reads


def split_prefixed(data):
    """The messages a 4-byte big-endian length prefix delimits, and what is left over."""
    messages = []
    while len(data) >= 4:
        (size,) = struct.unpack("!I", data[:4])
        if len(data) < 4 + size:
            break
        messages.append(data[4 : 4 + size])
        data = data[4 + size :]
    return messages, data


def split_delimited(data):
    """The newline-terminated messages, and what is left after the last newline."""
    *messages, rest = data.split(b"\n")
    return messages, rest


result = {}

_, _, reads = exchange([struct.pack("!I", len(m)) + m for m in MESSAGES])
messages, rest = split_prefixed(b"".join(reads))
result["prefix"] = {
    "reads": [len(chunk) for chunk in reads],
    "messages": [m.decode() for m in messages],
    "rest": len(rest),
}

_, _, reads = exchange([m + b"\n" for m in MESSAGES])
messages, rest = split_delimited(b"".join(reads))
result["delimiter"] = {
    "reads": [len(chunk) for chunk in reads],
    "messages": [m.decode() for m in messages],
    "rest": len(rest),
}

sends, errors, reads = exchange(MESSAGES, socket.MSG_EOR)
result["eor"] = {
    "sends": sends,
    "errors": errors,
    "reads": [chunk.decode() for chunk in reads],
}

# One big message, written as a sender whose data is not all ready yet writes
# it: the first half, then the rest once the reader has read once. Whatever
# the kernel queues, a read can then hold only part of the message, however
# large the reader's buffer (it asks for twice the message), and the loop must
# collect it. (Written at once, the kernel may queue all of it before the
# first read, and one read may take it whole.)
writer, reader = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
sndbuf = writer.getsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF)
big = bytes(range(256)) * (BIG // 256) + bytes(BIG % 256)
first_read = threading.Event()


def send_big():
    framed = struct.pack("!I", BIG) + big
    writer.sendall(framed[: len(framed) // 2])
    first_read.wait(10)
    writer.sendall(framed[len(framed) // 2 :])
    writer.close()


sender = threading.Thread(target=send_big)
sender.start()
reads = []
collected = b""
while True:
    messages, _ = split_prefixed(collected)
    if messages:
        break
    chunk = reader.recv(2 * BIG)
    if not chunk:
        break
    reads.append(len(chunk))
    collected += chunk
    first_read.set()
sender.join()
reader.close()
result["big"] = {
    "size": BIG,
    "sndbuf": sndbuf,
    "reads": reads,
    "whole": bool(messages) and messages[0] == big,
}
emit(result)
