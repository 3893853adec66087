"""Peer for the read-write-vs-send-recv lab.

On a connected stream socketpair, write() on one end is read by recv() on the
other and send() is read by read(): with flags 0 they are the same call. On
datagram sockets, send() without a destination fails on an unconnected socket,
while sendto() names the destination and recvfrom() reports the sender: the
receiver replies to that address, and one unconnected socket receives from a
second sender as well (many peers, no connection to any).

What send()/recv() add are per-call flags, each tried beside the same call
without it on a blocking stream socketpair: recv(MSG_DONTWAIT) returns EAGAIN
at once where a plain recv() waits (the socket stays blocking), recv(MSG_PEEK)
leaves the bytes queued where a plain recv() takes them, and on a broken
stream send(MSG_NOSIGNAL) returns EPIPE in a child with SIGPIPE at its
default, where a plain write() kills such a child with SIGPIPE.

The receiver is also a datagram server: listen() and accept() on it fail
(EOPNOTSUPP), and a datagram from a client that never bound arrives with no
address, so there is nothing to sendto() a reply to.
Usage: read-write-vs-send-recv.py <receiver-path> <sender-path> <other-path>.
Prints one JSON document.
"""

import errno
import fcntl
import json
import os
import signal
import socket
import struct
import sys
import time

receiver_path, sender_path, other_path = sys.argv[1], sys.argv[2], sys.argv[3]

left, right = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
os.write(left.fileno(), b"written with write()")
received = right.recv(64)
right.send(b"sent with send()")
read = os.read(left.fileno(), 64)



def errno_of(call):
    """None when `call()` succeeds, else its errno name (EOPNOTSUPP for 95, as <errno.h> names it)."""
    try:
        call()
    except OSError as error:
        return "EOPNOTSUPP" if error.errno == errno.EOPNOTSUPP else errno.errorcode[error.errno]
    return None


def timed(call):
    """(errno name or None, seconds the call took)."""
    started = time.monotonic()
    error = errno_of(call)
    return error, time.monotonic() - started


# Per-call flags on a blocking stream socketpair.
flagged, peer = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
# A plain recv() with nothing queued waits: SO_RCVTIMEO bounds the wait at 0.3 s.
flagged.setsockopt(socket.SOL_SOCKET, socket.SO_RCVTIMEO, struct.pack("ll", 0, 300000))
nonblocking_before = bool(fcntl.fcntl(flagged.fileno(), fcntl.F_GETFL) & os.O_NONBLOCK)
# "At once" is timed, and a busy machine can stop this process between the
# clock reads: the fastest of DONTWAIT_TRIES calls is what the call itself
# took (load only adds time), where one slow call could pass for a wait.
DONTWAIT_TRIES = 5
dontwait_tries = [timed(lambda: flagged.recv(16, socket.MSG_DONTWAIT)) for _ in range(DONTWAIT_TRIES)]
dontwait_errors = sorted({str(error) for error, _ in dontwait_tries})
dontwait_error = dontwait_tries[0][0] if len(dontwait_errors) == 1 else ",".join(dontwait_errors)
dontwait_seconds = min(seconds for _, seconds in dontwait_tries)
nonblocking_after = bool(fcntl.fcntl(flagged.fileno(), fcntl.F_GETFL) & os.O_NONBLOCK)
plain_error, plain_seconds = timed(lambda: flagged.recv(16))
peer.send(b"peek at me")
peeked = flagged.recv(64, socket.MSG_PEEK)
after_peek = flagged.recv(64)
after_plain = errno_of(lambda: flagged.recv(64, socket.MSG_DONTWAIT))
flagged.close()
peer.close()


def broken_stream_child(use_send_nosignal):
    """Fork a child with SIGPIPE at its default; it writes to a stream whose peer closed.

    Returns how it ended: `exit <errno name>` or `killed by <signal name>`."""
    writer, closed = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    closed.close()
    child = os.fork()
    if child == 0:
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
        try:
            if use_send_nosignal:
                writer.send(b"x", socket.MSG_NOSIGNAL)
            else:
                os.write(writer.fileno(), b"x")
            os._exit(0)
        except OSError as error:
            os._exit(error.errno)
    writer.close()
    _, status = os.waitpid(child, 0)
    if os.WIFSIGNALED(status):
        return "killed by " + signal.Signals(os.WTERMSIG(status)).name
    code = os.WEXITSTATUS(status)
    return "exit " + (errno.errorcode.get(code, str(code)) if code else "0")


nosignal_end = broken_stream_child(True)
write_end = broken_stream_child(False)

receiver = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
receiver.bind(receiver_path)
listen_error = errno_of(lambda: receiver.listen(1))
accept_error = errno_of(lambda: receiver.accept())
sender = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
sender.bind(sender_path)
try:
    sender.send(b"where to?")
    send_error = None
except OSError as error:
    send_error = errno.errorcode[error.errno]
sender.sendto(b"addressed", receiver_path)
datagram, from_address = receiver.recvfrom(64)
receiver.sendto(b"reply", from_address)
reply, reply_from = sender.recvfrom(64)
other = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
other.bind(other_path)
other.sendto(b"from another peer", receiver_path)
second, second_from = receiver.recvfrom(64)
unbound = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
unbound.sendto(b"from nowhere", receiver_path)
third, third_from = receiver.recvfrom(64)

print(
    json.dumps(
        {
            "writeThenRecv": received.decode(),
            "sendThenRead": read.decode(),
            "sendWithoutAddress": send_error,
            "sendtoReceived": datagram.decode(),
            "recvfromAddress": from_address,
            "reply": reply.decode(),
            "replyFrom": reply_from,
            "secondReceived": second.decode(),
            "secondFrom": second_from,
            "unboundReceived": third.decode(),
            "unboundFrom": third_from,
            "listen": listen_error,
            "accept": accept_error,
            "flags": {
                "nonblockingBefore": nonblocking_before,
                "nonblockingAfter": nonblocking_after,
                "dontwait": dontwait_error,
                "dontwaitSeconds": dontwait_seconds,
                "dontwaitTries": DONTWAIT_TRIES,
                "plain": plain_error,
                "plainSeconds": plain_seconds,
                "peeked": peeked.decode(),
                "afterPeek": after_peek.decode(),
                "afterPlain": after_plain,
                "nosignal": nosignal_end,
                "write": write_end,
            },
        }
    ),
    flush=True,
)
for sock in (left, right, sender, receiver, other, unbound):
    sock.close()
os.unlink(receiver_path)
os.unlink(sender_path)
os.unlink(other_path)
