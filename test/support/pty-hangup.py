# Run a command in a new pseudo-terminal, play a few steps (wait for a
# pattern on screen, then type), and hang the terminal up by closing its
# master side, as closing a terminal window does. Prints one JSON object:
# how the command ended ("signal" name or "code"), and what it showed.
# Usage: python3 pty-hangup.py '{"argv": [...], "steps": [{"wait": "re", "send": "text"}]}'
import json
import os
import pty
import re
import select
import signal
import sys
import time

spec = json.loads(sys.argv[1])
pid, master = pty.fork()
if pid == 0:
    os.execvp(spec["argv"][0], spec["argv"])

shown = b""


def read_until(pattern, seconds=20):
    global shown
    deadline = time.time() + seconds
    start = len(shown)
    while time.time() < deadline:
        ready, _, _ = select.select([master], [], [], 0.2)
        if ready:
            try:
                shown += os.read(master, 65536)
            except OSError:
                return False
        if re.search(pattern.encode(), shown[start:]):
            return True
    return False


for step in spec.get("steps", []):
    if not read_until(step["wait"]):
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        print(json.dumps({"error": "never saw " + step["wait"], "output": shown.decode("utf8", "replace")}))
        sys.exit(1)
    if step.get("send"):
        os.write(master, step["send"].encode())
# Let the last screen settle, then hang up.
time.sleep(0.3)
os.close(master)
deadline = time.time() + 15
status = None
while time.time() < deadline:
    done, status = os.waitpid(pid, os.WNOHANG)
    if done:
        break
    time.sleep(0.05)
else:
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    print(json.dumps({"error": "still running 15 s after the hangup", "output": shown.decode("utf8", "replace")}))
    sys.exit(1)
result = {"output": shown.decode("utf8", "replace")}
if os.WIFSIGNALED(status):
    result["signal"] = signal.Signals(os.WTERMSIG(status)).name
    result["core"] = os.WCOREDUMP(status)
else:
    result["code"] = os.WEXITSTATUS(status)
print(json.dumps(result))
