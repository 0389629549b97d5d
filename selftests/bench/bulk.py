#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Bulk TCP for the throughput benchmark (throughput.sh): one connection,
timed inside the programs so that Python's start-up (seconds under QEMU
TCG) stays out of the figures.

  bulk.py gen FILE MIB          text-like bytes: lowercase words, spaces,
                                ", ", ". " and newlines only (ALPHABET)
  bulk.py recv PORT [TIMEOUT]   accept one connection on PORT, read it to
                                EOF, print "BYTES SECONDS BUSY BUSY0": bytes
                                received, seconds from accept() to EOF, CPU
                                ticks (USER_HZ) all CPUs were busy meanwhile,
                                and those of CPU 0 alone
  bulk.py send ADDR PORT FILE [SECONDS [SNDBUF]]
                                sendfile() FILE to ADDR:PORT (IPv4), all of
                                it, or for SECONDS (0: all of it; the file
                                again from its start if it runs out); then
                                shut down, wait for the receiver to close,
                                print "BYTES SECONDS" (bytes sent). SNDBUF
                                sets SO_SNDBUF, so that a slow path does not
                                take minutes to drain the send buffer.

The receiver's SECONDS cover everything the sender put in its send buffer:
BYTES / SECONDS is the rate the path delivered.
"""
import os
import random
import socket
import sys
import time

# Every byte gen writes is one of these: a pattern with a byte outside
# them cannot occur in the data (mkrules.py keeps only such patterns).
ALPHABET = b"abcdefghijklmnopqrstuvwxyz ,.\n"

BLOCK = 1 << 20


def busy_ticks():
    """Busy ticks of all CPUs and of CPU 0, from /proc/stat."""
    busy = {}
    with open("/proc/stat") as f:
        for line in f:
            name, *v = line.split()
            if name in ("cpu", "cpu0"):
                v = [int(x) for x in v[:8]]
                # user nice system [idle iowait] irq softirq steal
                busy[name] = v[0] + v[1] + v[2] + v[5] + v[6] + v[7]
    return busy.get("cpu", 0), busy.get("cpu0", 0)


def gen(path, mib):
    """MIB MiB of words: one pseudo-random MiB, written MIB times."""
    rnd = random.Random(20240601)
    syl = ["ka", "lo", "mi", "ne", "ru", "ta", "shi", "po", "ven", "dor",
           "ex", "qua", "zi", "bel", "str", "an", "or", "is", "um", "fy"]
    words = ["".join(rnd.choice(syl) for _ in range(rnd.randint(1, 4)))
             for _ in range(3000)]
    out, n = [], 0
    while n < BLOCK:
        sentence = " ".join(rnd.choices(words, k=rnd.randint(4, 18)))
        sentence += rnd.choice([". ", ", ", ".\n", ". "])
        out.append(sentence)
        n += len(sentence)
    block = "".join(out).encode()[:BLOCK]
    assert not set(block) - set(ALPHABET)
    with open(path, "wb") as f:
        for _ in range(mib):
            f.write(block)


def recv(port, timeout=900):
    ls = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind(("0.0.0.0", port))
    ls.listen(1)
    ls.settimeout(timeout)
    conn, _ = ls.accept()
    t0 = time.monotonic()
    b0 = busy_ticks()
    conn.settimeout(timeout)
    buf = memoryview(bytearray(BLOCK))
    n = 0
    while True:
        k = conn.recv_into(buf)
        if not k:
            break
        n += k
    secs = time.monotonic() - t0
    b1 = busy_ticks()
    conn.close()
    print(n, "%.6f" % secs, b1[0] - b0[0], b1[1] - b0[1])


def send(addr, port, path, seconds=0.0, sndbuf=0):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    if sndbuf:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, sndbuf)
    s.connect((addr, port))
    fd = os.open(path, os.O_RDONLY)
    size = os.fstat(fd).st_size
    # Small chunks when timed: sendfile() blocks until its chunk is queued.
    chunk = 65536 if seconds else 4 * BLOCK
    sent = off = 0
    t0 = time.monotonic()
    while True:
        if seconds:
            if time.monotonic() - t0 >= seconds:
                break
            if off == size:
                off = 0
        elif off == size:
            break
        k = os.sendfile(s.fileno(), fd, off, min(chunk, size - off))
        if k == 0:
            break
        off += k
        sent += k
    s.shutdown(socket.SHUT_WR)
    s.settimeout(900)
    while s.recv(65536):
        pass
    secs = time.monotonic() - t0
    s.close()
    print(sent, "%.6f" % secs)


def main(argv):
    if len(argv) >= 3 and argv[0] == "gen":
        gen(argv[1], int(argv[2]))
    elif len(argv) >= 2 and argv[0] == "recv":
        recv(int(argv[1]), *(float(a) for a in argv[2:3]))
    elif len(argv) >= 4 and argv[0] == "send":
        send(argv[1], int(argv[2]), argv[3],
             float(argv[4]) if len(argv) > 4 else 0.0,
             int(argv[5]) if len(argv) > 5 else 0)
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
