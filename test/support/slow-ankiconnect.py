# An HTTP server that reads requests as the 2019 AnkiConnect does: one
# recv(1024) per 25 ms tick on a non-blocking socket (about 40 KiB/s), then
# answers {"result": <bytes read>, "error": null}. With "silent" it accepts
# connections and never reads or answers (a frozen Anki).
# Usage: python3 slow-ankiconnect.py [silent]; prints "READY <port>".
import json
import select
import socket
import sys
import time

silent = len(sys.argv) > 1 and sys.argv[1] == "silent"
server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind(("127.0.0.1", 0))
server.listen(16)
server.setblocking(False)
print("READY %d" % server.getsockname()[1], flush=True)

clients = {}
while True:
    time.sleep(0.025)
    if select.select([server], [], [], 0)[0]:
        client = server.accept()[0]
        client.setblocking(False)
        clients[client] = b""
    if silent:
        continue
    for client in list(clients):
        if not select.select([client], [], [], 0)[0]:
            continue
        data = client.recv(1024)
        if not data:
            client.close()
            del clients[client]
            continue
        clients[client] += data
        head, _, body = clients[client].partition(b"\r\n\r\n")
        length = [int(line.split(b":")[1]) for line in head.split(b"\r\n") if line.lower().startswith(b"content-length:")]
        if length and len(body) >= length[0]:
            reply = json.dumps({"result": len(body), "error": None}).encode()
            client.setblocking(True)
            client.sendall(b"HTTP/1.0 200 OK\r\nContent-Length: %d\r\n\r\n%s" % (len(reply), reply))
            client.close()
            del clients[client]
