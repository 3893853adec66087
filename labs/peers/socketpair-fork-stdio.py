"""Child for the socketpair-fork lab's Node part.

Node starts it with stdio 'pipe'; it announces READY and then waits for
stdin to close, so the lab can look at /proc/<pid>/fd/0 and 1 meanwhile.

usage: socketpair-fork-stdio.py
"""
import sys

print("READY", flush=True)
sys.stdin.read()
