"""Peer for descriptor-lifetime checks (used by three labs). Prints one JSON document.

usage:
  fd-lifetimes.py leaked-end      socketpair + fork; the child exits. Does the parent
                                  read EOF when it kept a copy of the child's end,
                                  and when it closed it?
  fd-lifetimes.py shutdown-close  one end has two descriptors (dup). close() one: does
                                  the peer read EOF? shutdown(SHUT_WR) the other: does it?
  fd-lifetimes.py data-byte DIR   SCM_RIGHTS over a stream socketpair with 0 bytes of
                                  data, then with 1 byte: what does the receiver get?
  fd-lifetimes.py shared DIR      pass a file's fd with SCM_RIGHTS; move the offset and
                                  set O_APPEND through the received fd: does the
                                  sender's fd see both?
"""
import errno
import fcntl
import json
import os
import select
import socket
import sys

WAIT = 0.3  # seconds to wait for EOF that should not come


def eof_within(sock, seconds):
    """'EOF' if a read returns b'' within `seconds`, 'no EOF' if nothing is readable."""
    readable, _, _ = select.select([sock], [], [], seconds)
    if not readable:
        return "no EOF"
    return "EOF" if sock.recv(16) == b"" else "data"


def leaked_end():
    result = {}
    for keep in (True, False):
        parent_end, child_end = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        pid = os.fork()
        if pid == 0:
            parent_end.close()
            child_end.close()
            os._exit(0)
        if not keep:
            child_end.close()
        os.waitpid(pid, 0)  # the child has exited and closed everything it had
        result["keptCopy" if keep else "closedCopy"] = eof_within(parent_end, WAIT)
        parent_end.close()
        if keep:
            child_end.close()
    return result


def shutdown_close():
    end, peer = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    copy = os.dup(end.fileno())
    end.close()  # one of the two descriptors for this end
    after_close = eof_within(peer, WAIT)
    other = socket.socket(fileno=copy)
    other.shutdown(socket.SHUT_WR)  # the connection's sending direction, for every descriptor
    after_shutdown = eof_within(peer, WAIT)
    other.close()
    peer.close()
    return {"afterCloseOfOneCopy": after_close, "afterShutdown": after_shutdown}


def unlinked_file(directory, text, flags):
    """An open fd on a file with `text` whose name is already gone, and a stream socketpair."""
    path = os.path.join(directory, "passed.txt")
    with open(path, "w") as handle:
        handle.write(text)
    fd = os.open(path, flags)
    os.unlink(path)
    return (fd, *socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM))


def data_byte(directory):
    fd, sender, receiver = unlinked_file(directory, "passed", os.O_RDONLY)
    receiver.setblocking(False)
    result = {}
    for label, data in (("zeroBytes", b""), ("oneByte", b"x")):
        sent = sender.sendmsg([data], [(socket.SOL_SOCKET, socket.SCM_RIGHTS, fd.to_bytes(4, "little"))])
        try:
            received, fds, _flags, _address = socket.recv_fds(receiver, 16, 4)
            outcome = {"sent": sent, "bytes": len(received), "fds": len(fds)}
            for passed in fds:
                os.close(passed)
        except OSError as error:
            outcome = {"sent": sent, "errno": errno.errorcode[error.errno], "fds": 0}
        result[label] = outcome
    os.close(fd)
    sender.close()
    receiver.close()
    return result


def shared(directory):
    fd, sender, receiver = unlinked_file(directory, "0123456789", os.O_RDWR)
    socket.send_fds(sender, [b"x"], [fd])
    _data, fds, _flags, _address = socket.recv_fds(receiver, 1, 1)
    passed = fds[0]
    os.lseek(passed, 7, os.SEEK_SET)
    fcntl.fcntl(passed, fcntl.F_SETFL, fcntl.fcntl(passed, fcntl.F_GETFL) | os.O_APPEND)
    result = {
        "senderFd": fd,
        "receivedFd": passed,
        "senderOffset": os.lseek(fd, 0, os.SEEK_CUR),
        "senderAppend": bool(fcntl.fcntl(fd, fcntl.F_GETFL) & os.O_APPEND),
    }
    for handle in (fd, passed):
        os.close(handle)
    sender.close()
    receiver.close()
    return result


mode = sys.argv[1]
if mode == "leaked-end":
    report = leaked_end()
elif mode == "shutdown-close":
    report = shutdown_close()
elif mode == "data-byte":
    report = data_byte(sys.argv[2])
elif mode == "shared":
    report = shared(sys.argv[2])
else:
    raise SystemExit("unknown mode " + mode)
print(json.dumps(report), flush=True)
