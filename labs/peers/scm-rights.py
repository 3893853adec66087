"""Independent peers for the scm-rights lab (both sides, python3 3.9+).

SCM_RIGHTS passes open file descriptions over a Unix socket: the receiver
gets new fd numbers that refer to the same open files, even files that have
no name any more. At most SCM_MAX_FD (253) fds fit in one message.

usage:
  scm-rights.py receiver PATH        listen on PATH, print READY, print one JSON
                                     line per message received (for a file, the
                                     lowest free and the highest fd number in
                                     its table just before; for fds cut off
                                     (MSG_CTRUNC), how many more it could
                                     hold under RLIMIT_NOFILE), then hold the
                                     fds until stopped with SIGTERM
  scm-rights.py sender PATH DIR      create DIR/kept.txt and DIR/gone.txt (then
                                     unlink gone.txt), send their fds, then 253
                                     and 254 fds in one message; print one JSON
                                     document
"""
import ctypes
import errno
import json
import os
import resource
import signal
import socket
import sys

# Die with the lab: if the process that started us ends, the kernel sends SIGTERM.
ctypes.CDLL(None).prctl(1, signal.SIGTERM)  # 1 = PR_SET_PDEATHSIG


def describe(fd):
    """What the receiver can tell about a received fd."""
    info = os.fstat(fd)
    return {
        "fd": fd,
        "inode": info.st_ino,
        "content": os.pread(fd, 200, 0).decode(),
        "offset": os.lseek(fd, 0, os.SEEK_CUR),
        "link": os.readlink("/proc/self/fd/%d" % fd),
    }


def open_fds():
    """The fd numbers in use, read from /proc/self/fd (not by dup()'s own rule)."""
    names = os.listdir("/proc/self/fd")  # the directory's own fd is closed again by now
    used = []
    for name in names:
        try:
            os.fstat(int(name))
            used.append(int(name))
        except OSError:
            pass
    return sorted(used)


def lowest_free(used):
    number = 0
    while number in used:
        number += 1
    return number


def make_hole(used):
    """A hole in the fd table before each message, so where a received fd lands tells
    "lowest free" from "one above the highest". Made anew each time: the fd received
    before fills the last one, and the table decklab was started with may have none."""
    if lowest_free(used) < used[-1]:
        return used
    first = os.open(os.devnull, os.O_RDONLY)
    os.open(os.devnull, os.O_RDONLY)
    os.close(first)
    return open_fds()


def receiver(path):
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path)
    listener.listen(1)
    print("READY", path, flush=True)
    connection, _ = listener.accept()
    os.unlink(path)
    while True:
        used = make_hole(open_fds())
        # Each message is one byte of data plus its fds (ancillary data needs real data).
        data, fds, flags, _address = socket.recv_fds(connection, 1, 300)
        label = data.decode()
        report = {"message": label, "count": len(fds)}
        if flags & socket.MSG_CTRUNC:
            # Fds cut off: the kernel installs no more than RLIMIT_NOFILE lets this process hold.
            report["truncated"] = True
            report["room"] = resource.getrlimit(resource.RLIMIT_NOFILE)[0] - len(used)
        if label in ("A", "B"):
            report.update(describe(fds[0]))
            report["table"] = {"lowestFree": lowest_free(used), "highest": used[-1]}
        elif fds:
            report["fds"] = [fds[0], fds[-1]]
            for fd in fds:
                os.close(fd)
        print(json.dumps(report), flush=True)
        if label in ("E", ""):
            break
    signal.pause()


def create(path, text):
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_TRUNC, 0o600)
    os.write(fd, text.encode())
    return fd


def sender(path, directory):
    kept = create(os.path.join(directory, "kept.txt"), "kept file written by pid %d" % os.getpid())
    gone_path = os.path.join(directory, "gone.txt")
    gone = create(gone_path, "unlinked file written by pid %d" % os.getpid())
    os.unlink(gone_path)
    # Move them to high numbers so a new number on the other side is plain to see.
    os.dup2(kept, 100)
    os.dup2(gone, 101)
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.connect(path)
    result = {"kept": {"fd": 100, "inode": os.fstat(100).st_ino, "offset": os.lseek(100, 0, os.SEEK_CUR)},
              "gone": {"fd": 101, "inode": os.fstat(101).st_ino, "offset": os.lseek(101, 0, os.SEEK_CUR)}}
    socket.send_fds(sock, [b"A"], [100])
    socket.send_fds(sock, [b"B"], [101])
    for count, label in ((253, b"C"), (254, b"D")):
        try:
            socket.send_fds(sock, [label], [100] * count)
            result[str(count)] = {"sent": True}
        except OSError as error:
            result[str(count)] = {"sent": False, "errno": errno.errorcode.get(error.errno, str(error))}
    sock.send(b"E")
    print(json.dumps(result), flush=True)


if sys.argv[1] == "receiver":
    receiver(sys.argv[2])
else:
    sender(sys.argv[2], sys.argv[3])
