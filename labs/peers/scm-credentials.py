"""Independent peer for the scm-credentials lab.

SCM_CREDENTIALS: a receiver that sets SO_PASSCRED gets the sender's pid,
uid and gid with every message. A sender may state them itself in an
SCM_CREDENTIALS control message, but the kernel lets it claim only its own
values unless it is privileged (CAP_SYS_ADMIN for another pid).

usage:
  scm-credentials.py receiver PATH [PLAIN]
                                    bind a SOCK_DGRAM socket with SO_PASSCRED
                                    at PATH (and one without it at PLAIN),
                                    print READY, receive one message on each
                                    and print one JSON document per message
                                    with its credentials (PATH's first)
  scm-credentials.py spoof          on a datagram socketpair: send with no
                                    credentials, with our own, and claiming
                                    pid 1; print one JSON document
"""
import ctypes
import errno
import json
import os
import signal
import socket
import struct
import sys

# Die with the lab: if the process that started us ends, the kernel sends SIGTERM.
ctypes.CDLL(None).prctl(1, signal.SIGTERM)  # 1 = PR_SET_PDEATHSIG

UCRED = struct.Struct("3i")  # struct ucred { pid_t pid; uid_t uid; gid_t gid; }


def receive_with_credentials(sock):
    data, ancillary, _flags, _address = sock.recvmsg(64, socket.CMSG_SPACE(UCRED.size))
    for level, kind, payload in ancillary:
        if level == socket.SOL_SOCKET and kind == socket.SCM_CREDENTIALS:
            pid, uid, gid = UCRED.unpack(payload[: UCRED.size])
            return {"data": data.decode(), "pid": pid, "uid": uid, "gid": gid}
    return {"data": data.decode(), "credentials": None}


def send_claiming(sock, pid, uid, gid):
    credentials = [(socket.SOL_SOCKET, socket.SCM_CREDENTIALS, UCRED.pack(pid, uid, gid))]
    try:
        sock.sendmsg([b"claim pid %d" % pid], credentials)
        return {"sent": True}
    except OSError as error:
        return {"sent": False, "errno": errno.errorcode.get(error.errno, str(error))}


mode = sys.argv[1]
if mode == "receiver":
    path = sys.argv[2]
    receiver = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    receiver.setsockopt(socket.SOL_SOCKET, socket.SO_PASSCRED, 1)
    receiver.bind(path)
    plain = None
    if len(sys.argv) > 3:
        plain = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        plain.bind(sys.argv[3])
    print("READY", path, flush=True)
    print(json.dumps(receive_with_credentials(receiver)), flush=True)
    os.unlink(path)
    if plain is not None:
        print(json.dumps(receive_with_credentials(plain)), flush=True)
        os.unlink(sys.argv[3])
elif mode == "spoof":
    sender, receiver = socket.socketpair(socket.AF_UNIX, socket.SOCK_DGRAM)
    receiver.setsockopt(socket.SOL_SOCKET, socket.SO_PASSCRED, 1)
    me = {"pid": os.getpid(), "uid": os.getuid(), "gid": os.getgid()}
    result = {"self": me}

    sender.send(b"no credentials given")
    result["default"] = receive_with_credentials(receiver)

    result["own"] = send_claiming(sender, me["pid"], me["uid"], me["gid"])
    if result["own"]["sent"]:
        result["own"]["received"] = receive_with_credentials(receiver)

    result["pid1"] = send_claiming(sender, 1, me["uid"], me["gid"])
    if result["pid1"]["sent"]:
        result["pid1"]["received"] = receive_with_credentials(receiver)

    # A pid no process has (the highest free one below pid_max).
    with open("/proc/sys/kernel/pid_max") as limit:
        ghost = int(limit.read()) - 1
    while os.path.exists("/proc/%d" % ghost):
        ghost -= 1
    result["ghost"] = send_claiming(sender, ghost, me["uid"], me["gid"])
    result["ghost"]["pid"] = ghost
    if result["ghost"]["sent"]:
        result["ghost"]["received"] = receive_with_credentials(receiver)
    print(json.dumps(result), flush=True)
