#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Real Linux TCP endpoints in the client and server namespaces, driven
line by line, for the session selftests.

One process holds every socket of a test: client sockets created in the
client's network namespace, listeners and accepted sockets in the server's
(setns() around socket creation; a socket keeps its namespace). Python
starts slowly under QEMU TCG, so a test starts this once, as a bash
coprocess (lib.sh: peer_start, peer), and sends it one command per line.
Each command gets exactly one reply line: "ok [key=value...]" or
"err REASON" (REASON is an errno name such as ECONNRESET, or eof, timeout,
...).

    listen PORT                     dual-stack listener in the server ns
    connect NAME ADDR PORT [sport=P] [wait=1] [accept=1] [timeout=S]
            [nat=0]                 a client socket (optionally bound to
                                    source port P, with SO_REUSEADDR);
                                    wait=0 returns once the SYN is sent,
                                    accept=0 leaves the server side alone;
                                    retry=S retries EADDRNOTAVAIL for S s
                                    (re-using a TIME_WAIT tuple); ok sport=P.
                                    nat=1: the router NATs the connection,
                                    so the server sees another client
                                    address, maybe another port: its side
                                    is the oldest connection PORT's
                                    listener accepted that no connection
                                    has claimed (one connection at a time
                                    per port); ok sport=P seen=ADDR
                                    seen_port=Q: the client as the server
                                    sees it (rst and inject forge from
                                    the client's own view: not for these)
    establish NAME [timeout=S]      finish a wait=0 connect and accept it
                                    (ok seen=ADDR seen_port=Q with nat=1)
    send NAME SIDE N                SIDE (client|server) sends N bytes
    recv NAME SIDE N [timeout=S]    SIDE reads exactly N bytes
    echo NAME N                     client sends N bytes, the server reads
                                    them and sends N back, the client
                                    reads them: data flows both ways
    wait_rx NAME SIDE N             until N unread bytes are queued at SIDE
    shutdown NAME SIDE              shutdown(SHUT_WR): a FIN
    close NAME SIDE [linger0]       close(), with SO_LINGER {1, 0}: an RST
    abort NAME                      close both sides with SO_LINGER {1, 0}
    abort_all                       abort every connection still open and
                                    forget them all
    expect_reset NAME SIDE [timeout=S]
                                    ok if SIDE's next read fails with
                                    ECONNRESET (the peer, or a forged RST,
                                    reset it)
    expect_eof NAME SIDE [timeout=S]
                                    ok if SIDE's next read is end of file
    sendhex NAME SIDE HEX [chunk=K] SIDE sends the bytes HEX; with chunk=K
                                    in segments of K bytes, each sent
                                    with TCP_NODELAY once the one before
                                    is acknowledged (the last one is not
                                    waited for)
    recvhex NAME SIDE HEX [timeout=S]
                                    SIDE reads exactly those bytes
    readhex NAME SIDE N [timeout=S] SIDE reads exactly N bytes, whatever
                                    they are: ok hex=HEX (err ECONNRESET
                                    if reset before any byte came,
                                    reset_after_HEX if after some)
    stream NAME N SECS [chunk=K] [timeout=S]
                                    the client sends N bytes in chunks of
                                    K (16384, at most 65521), paced
                                    evenly over SECS seconds, and the
                                    server reads each chunk and checks
                                    it (a pattern that shows a lost,
                                    repeated or reordered byte); ok
                                    bytes=N secs=T, T the
                                    transfer's true duration (from the
                                    first send to the last byte read)
    inject NAME FROM DELTA HEX [csum=bad] [ttl=N] [frag=N [frag1=N]
           [overlap=OFF:HEX [overlap_before=K]]]
                                    forge a data segment with the bytes
                                    HEX that claims to come from FROM,
                                    seq = FROM's next + DELTA (as rst);
                                    csum=bad: with a wrong checksum;
                                    ttl: its TTL or hop limit (64);
                                    frag=N: sent as IP fragments (IPv6:
                                    with a Fragment header) whose
                                    fragmentable part (TCP header, then
                                    data) is cut every N bytes, the first
                                    piece frag1 bytes (default N), both
                                    multiples of 8; overlap=OFF:HEX: one
                                    more fragment, the bytes HEX at
                                    offset OFF (a multiple of 8) of that
                                    part, sent before real fragment K
                                    (0: first; default: before the last,
                                    while the datagram is incomplete);
                                    ok seq= ack= frags=COUNT (with frag)
    seq NAME                        ok client=X server=Y: the sequence
                                    number each side sends next, read from
                                    the client socket with TCP_REPAIR once
                                    nothing is in flight
    info NAME SIDE                  ok state= segs_out= segs_in= ...
                                    (TCP_INFO of SIDE's socket)
    rst NAME FROM DELTA [flags=RA] [seq=client|server]
                                    forge a segment that claims to come
                                    from FROM, with seq = FROM's next + DELTA
                                    and ack = the other side's next, built
                                    with scapy and sent from FROM's
                                    namespace; ok seq= ack=
    hello                           ok: the peer is up
    preload                         import scapy now (slow under TCG)
    quit

Sequence numbers come from TCP_REPAIR rather than from sniffing: the
socket itself says what it will send next (write_seq) and what it expects
next (rcv_nxt), which are exactly the "next sequence number" of each
direction once the connection is quiet. Repair mode is left with
TCP_REPAIR_OFF_NO_WP, so reading them sends nothing.
"""
import argparse
import errno
import fcntl
import os
import select
import socket
import struct
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import forge_rst  # noqa: E402

TCP_INFO = 11
TCP_REPAIR = 19
TCP_REPAIR_QUEUE = 20
TCP_QUEUE_SEQ = 21
TCP_RECV_QUEUE = 1
TCP_SEND_QUEUE = 2
TCP_REPAIR_ON = 1
TCP_REPAIR_OFF_NO_WP = -1
SIOCINQ = 0x541B
SIOCOUTQ = 0x5411


class Fail(Exception):
    pass


# stream's bytes: byte j of the stream is the pattern's byte j % STREAM_PERIOD,
# a prime period, so that a chunk out of place does not match by chance.
STREAM_PERIOD = 65521


_stream_pattern = None


def stream_pattern():
    """The period twice, so that any chunk (at most a period) is a slice."""
    global _stream_pattern
    if _stream_pattern is None:
        p = bytes((j * 131 + (j >> 8) * 7) & 0xff
                  for j in range(STREAM_PERIOD))
        _stream_pattern = p + p
    return _stream_pattern


def log(*args):
    print("tcp_peer:", *args, file=sys.stderr, flush=True)


def errname(e):
    if isinstance(e, socket.timeout):
        return "timeout"
    if isinstance(e, OSError) and e.errno:
        return errno.errorcode.get(e.errno, str(e.errno))
    return str(e).replace(" ", "_") or type(e).__name__


def plain(addr):
    """10.0.1.2 for ::ffff:10.0.1.2, as a dual-stack listener sees it."""
    return addr[7:] if addr.startswith("::ffff:") else addr


def ioctl_int(sock, req):
    buf = fcntl.ioctl(sock.fileno(), req, b"\0" * 4)
    return struct.unpack("i", buf)[0]


def linger0(sock):
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                    struct.pack("ii", 1, 0))


class Conn:
    def __init__(self, name, addr, port):
        self.name = name
        self.addr = addr
        self.port = port
        self.sport = None
        self.local = None       # the client's address
        self.nat = False        # the server sees another client address
        self.seen = None        # (address, port) the server sees
        self.client = None
        self.server = None

    def side(self, which):
        s = {"client": self.client, "server": self.server}.get(which, False)
        if s is False:
            raise Fail("bad_side_" + which)
        if s is None:
            raise Fail("no_%s_socket" % which)
        return s


class Peer:
    def __init__(self, client_ns, server_ns):
        self.nss = forge_rst.NetnsSockets()
        self.client_ns = client_ns
        self.server_ns = server_ns
        self.listeners = {}     # port -> socket
        self.pending = {}       # (port, client addr, client port) -> socket
        self.conns = {}

    # --- helpers --------------------------------------------------------

    def conn(self, name):
        if name not in self.conns:
            raise Fail("no_connection_" + name)
        return self.conns[name]

    def unclaimed(self, c):
        """The key of C's server side in self.pending, or None: C's own
        address and port; with C.nat, the oldest from C's port."""
        if not c.nat:
            key = (c.port, plain(c.local), c.sport)
            return key if key in self.pending else None
        return next((k for k in self.pending if k[0] == c.port), None)

    def accept_for(self, c, timeout):
        """The server side of connection C, from its port's listener."""
        lsn = self.listeners.get(c.port)
        if lsn is None:
            raise Fail("no_listener_on_%d" % c.port)
        end = time.monotonic() + timeout
        key = self.unclaimed(c)
        while key is None:
            left = end - time.monotonic()
            if left <= 0 or not select.select([lsn], [], [], left)[0]:
                raise Fail("not_accepted")
            s, peer = lsn.accept()
            self.pending[(c.port, plain(peer[0]), peer[1])] = s
            key = self.unclaimed(c)
        c.server = self.pending.pop(key)
        c.server.settimeout(timeout)
        c.seen = key[1:]

    def seen_words(self, c):
        """The reply's words on the client as the server sees it."""
        if not c.nat or c.seen is None:
            return ""
        return "seen=%s seen_port=%d" % c.seen

    def wait_connected(self, s, timeout):
        if not select.select([], [s], [], timeout)[1]:
            raise Fail("timeout")
        err = s.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
        if err:
            raise OSError(err, os.strerror(err))

    def read_exact(self, s, n, timeout):
        s.settimeout(timeout)
        got = 0
        while got < n:
            b = s.recv(min(65536, n - got))
            if not b:
                raise Fail("eof_after_%d" % got)
            got += len(b)

    def quiet(self, c, timeout=5.0):
        """Until nothing is unsent or unacked on either side."""
        end = time.monotonic() + timeout
        while True:
            busy = [s for s in (c.client, c.server)
                    if s is not None and ioctl_int(s, SIOCOUTQ)]
            if not busy:
                return
            if time.monotonic() > end:
                raise Fail("data_still_in_flight")
            time.sleep(0.05)

    def seqs(self, c):
        """(client's next seq, server's next seq) from the client socket."""
        s = c.side("client")
        self.quiet(c)
        s.setsockopt(socket.IPPROTO_TCP, TCP_REPAIR, TCP_REPAIR_ON)
        try:
            s.setsockopt(socket.IPPROTO_TCP, TCP_REPAIR_QUEUE, TCP_SEND_QUEUE)
            snd = s.getsockopt(socket.IPPROTO_TCP, TCP_QUEUE_SEQ)
            s.setsockopt(socket.IPPROTO_TCP, TCP_REPAIR_QUEUE, TCP_RECV_QUEUE)
            rcv = s.getsockopt(socket.IPPROTO_TCP, TCP_QUEUE_SEQ)
        finally:
            s.setsockopt(socket.IPPROTO_TCP, TCP_REPAIR, TCP_REPAIR_OFF_NO_WP)
        return snd & 0xffffffff, rcv & 0xffffffff

    # --- commands -------------------------------------------------------

    def cmd_listen(self, port):
        port = int(port)
        if port in self.listeners:
            return ""
        s = self.nss.socket(self.server_ns, socket.AF_INET6,
                            socket.SOCK_STREAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
        s.bind(("::", port))
        s.listen(128)
        self.listeners[port] = s
        return ""

    def cmd_connect(self, name, addr, port, sport="0", wait="1", accept="1",
                    timeout="10", retry="0", nat="0"):
        port, sport = int(port), int(sport)
        timeout = float(timeout)
        if name in self.conns:
            raise Fail("connection_exists_" + name)
        c = Conn(name, addr, port)
        c.nat = nat == "1"
        fam = socket.AF_INET6 if ":" in addr else socket.AF_INET
        end = time.monotonic() + float(retry)
        while True:
            s = self.nss.socket(self.client_ns, fam, socket.SOCK_STREAM)
            if sport:
                s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                s.bind(("::" if fam == socket.AF_INET6 else "0.0.0.0", sport))
            s.setblocking(False)
            rc = s.connect_ex((addr, port))
            if rc == errno.EADDRNOTAVAIL and time.monotonic() < end:
                s.close()
                time.sleep(0.2)
                continue
            break
        if rc not in (0, errno.EINPROGRESS):
            s.close()
            raise OSError(rc, os.strerror(rc))
        c.client = s
        c.local, c.sport = s.getsockname()[:2]
        self.conns[name] = c
        if wait == "1":
            self.wait_connected(s, timeout)
            s.setblocking(True)
            s.settimeout(timeout)
            if accept == "1":
                self.accept_for(c, timeout)
        seen = self.seen_words(c)
        return "sport=%d" % c.sport + (" " + seen if seen else "")

    def cmd_establish(self, name, timeout="10"):
        c = self.conn(name)
        self.wait_connected(c.client, float(timeout))
        c.client.setblocking(True)
        c.client.settimeout(float(timeout))
        self.accept_for(c, float(timeout))
        return self.seen_words(c)

    def cmd_send(self, name, side, n):
        s = self.conn(name).side(side)
        s.sendall(b"x" * int(n))
        return ""

    def cmd_sendhex(self, name, side, data, chunk="0"):
        c = self.conn(name)
        s = c.side(side)
        data, chunk = bytes.fromhex(data), int(chunk)
        if not chunk:
            s.sendall(data)
            return ""
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        for i in range(0, len(data), chunk):
            if i:
                self.quiet(c)
            s.sendall(data[i:i + chunk])
        return ""

    def cmd_recvhex(self, name, side, data, timeout="10"):
        s = self.conn(name).side(side)
        want = bytes.fromhex(data)
        s.settimeout(float(timeout))
        got = b""
        while len(got) < len(want):
            b = s.recv(len(want) - len(got))
            if not b:
                raise Fail("eof_after_%d" % len(got))
            got += b
        if got != want:
            raise Fail("got_" + got.hex())
        return ""

    def cmd_readhex(self, name, side, n, timeout="10"):
        s = self.conn(name).side(side)
        n = int(n)
        s.settimeout(float(timeout))
        got = b""
        while len(got) < n:
            try:
                b = s.recv(n - len(got))
            except ConnectionResetError:
                if got:
                    raise Fail("reset_after_" + got.hex())
                raise
            if not b:
                raise Fail("eof_after_" + (got.hex() or "0"))
            got += b
        return "hex=" + got.hex()

    def cmd_stream(self, name, n, secs, chunk="16384", timeout="30"):
        c = self.conn(name)
        cl, sv = c.side("client"), c.side("server")
        n, secs, chunk = int(n), float(secs), int(chunk)
        if not 0 < chunk <= STREAM_PERIOD:
            raise Fail("bad_chunk_%d" % chunk)
        cl.settimeout(float(timeout))
        sv.settimeout(float(timeout))
        pat = stream_pattern()
        count = max(1, -(-n // chunk))
        t0 = time.monotonic()
        done = 0
        for i in range(count):
            left = t0 + secs * i / count - time.monotonic()
            if left > 0:
                time.sleep(left)
            k = min(chunk, n - done)
            o = done % STREAM_PERIOD
            data = pat[o:o + k]
            cl.sendall(data)
            got = bytearray()
            while len(got) < k:
                b = sv.recv(k - len(got))
                if not b:
                    raise Fail("eof_after_%d" % (done + len(got)))
                got += b
            if got != data:
                bad = next(j for j in range(k) if got[j] != data[j])
                raise Fail("corrupt_at_%d" % (done + bad))
            done += k
        return "bytes=%d secs=%.3f" % (done, time.monotonic() - t0)

    def cmd_recv(self, name, side, n, timeout="10"):
        self.read_exact(self.conn(name).side(side), int(n), float(timeout))
        return ""

    def cmd_echo(self, name, n, timeout="10"):
        c = self.conn(name)
        n, timeout = int(n), float(timeout)
        c.side("client").sendall(b"q" * n)
        self.read_exact(c.side("server"), n, timeout)
        c.server.sendall(b"r" * n)
        self.read_exact(c.client, n, timeout)
        return ""

    def cmd_wait_rx(self, name, side, n, timeout="10"):
        s = self.conn(name).side(side)
        end = time.monotonic() + float(timeout)
        while ioctl_int(s, SIOCINQ) < int(n):
            if time.monotonic() > end:
                raise Fail("timeout")
            time.sleep(0.05)
        return ""

    def cmd_shutdown(self, name, side):
        self.conn(name).side(side).shutdown(socket.SHUT_WR)
        return ""

    def cmd_close(self, name, side, how=""):
        c = self.conn(name)
        s = c.side(side)
        if how == "linger0":
            linger0(s)
        elif how:
            raise Fail("bad_close_" + how)
        s.close()
        setattr(c, side, None)
        return ""

    def cmd_abort(self, name):
        c = self.conn(name)
        for side in ("client", "server"):
            s = getattr(c, side)
            if s is not None:
                try:
                    linger0(s)
                except OSError:
                    pass
                s.close()
                setattr(c, side, None)
        return ""

    def cmd_expect_reset(self, name, side, timeout="10"):
        s = self.conn(name).side(side)
        s.settimeout(float(timeout))
        try:
            b = s.recv(1)
        except ConnectionResetError:
            return ""
        raise Fail("data" if b else "eof")

    def cmd_expect_eof(self, name, side, timeout="10"):
        s = self.conn(name).side(side)
        s.settimeout(float(timeout))
        b = s.recv(1)
        if b:
            raise Fail("data")
        return ""

    def cmd_abort_all(self):
        for name in list(self.conns):
            self.cmd_abort(name)
        self.conns.clear()
        for s in self.pending.values():
            linger0(s)
            s.close()
        self.pending.clear()
        return ""

    def cmd_seq(self, name):
        snd, rcv = self.seqs(self.conn(name))
        return "client=%d server=%d" % (snd, rcv)

    def cmd_info(self, name, side):
        s = self.conn(name).side(side)
        b = s.getsockopt(socket.IPPROTO_TCP, TCP_INFO, 256)
        out = {"state": b[0]}
        fields = (("bytes_acked", 120, "Q"), ("bytes_received", 128, "Q"),
                  ("segs_out", 136, "I"), ("segs_in", 140, "I"),
                  ("bytes_sent", 200, "Q"))
        for key, off, fmt in fields:
            if len(b) >= off + struct.calcsize(fmt):
                out[key] = struct.unpack_from(fmt, b, off)[0]
        out["inq"] = ioctl_int(s, SIOCINQ)
        out["outq"] = ioctl_int(s, SIOCOUTQ)
        return " ".join("%s=%d" % kv for kv in out.items())

    def cmd_rst(self, name, who, delta, flags="RA", payload=b"",
                bad_csum=False, ttl=64, frag=0, frag1=0, overlap=None,
                overlap_before=None):
        c = self.conn(name)
        cl, sv = self.seqs(c)
        if who == "client":
            ns, src, sport, dst, dport = (self.client_ns, c.local, c.sport,
                                          c.addr, c.port)
            seq, ack = cl + int(delta), sv
        elif who == "server":
            ns, src, sport, dst, dport = (self.server_ns, c.addr, c.port,
                                          c.local, c.sport)
            seq, ack = sv + int(delta), cl
        else:
            raise Fail("bad_side_" + who)
        pkts = forge_rst.send_segment(
            ns, src, sport, dst, dport, seq, ack, flags, nss=self.nss,
            window=65535 if payload else 0, payload=payload,
            bad_csum=bad_csum, ttl=int(ttl), frag=frag, frag1=frag1,
            overlap=overlap, overlap_before=overlap_before)
        return "seq=%d ack=%d" % (seq % 2**32, ack % 2**32) + (
            " frags=%d" % len(pkts) if frag else "")

    def cmd_inject(self, name, who, delta, data, csum="good", ttl=64,
                   frag="0", frag1="0", overlap=None, overlap_before=None):
        if csum not in ("good", "bad"):
            raise Fail("bad_csum_" + csum)
        if overlap is not None:
            off, _, ohex = overlap.partition(":")
            overlap = (int(off), bytes.fromhex(ohex))
            if not int(frag):
                raise Fail("overlap_needs_frag")
        return self.cmd_rst(name, who, delta, flags="PA",
                            payload=bytes.fromhex(data),
                            bad_csum=csum == "bad", ttl=ttl, frag=int(frag),
                            frag1=int(frag1), overlap=overlap,
                            overlap_before=overlap_before)

    def cmd_hello(self):
        return ""

    def cmd_preload(self):
        forge_rst.build_segment("10.0.0.1", 1, "10.0.0.2", 2, 0)
        return ""

    def run(self):
        for line in sys.stdin:
            words = line.split()
            if not words:
                continue
            if words[0] == "quit":
                print("ok", flush=True)
                break
            fn = getattr(self, "cmd_" + words[0], None)
            args = [w for w in words[1:] if "=" not in w]
            kw = dict(w.split("=", 1) for w in words[1:] if "=" in w)
            if fn is None:
                reply = "err unknown_command"
            else:
                try:
                    r = fn(*args, **kw)
                    reply = "ok" + (" " + r if r else "")
                except (OSError, Fail, ValueError, TypeError,
                        ImportError) as e:
                    reply = "err " + errname(e)
            log(line.strip(), "->", reply)
            print(reply, flush=True)
        return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--client-ns", required=True)
    ap.add_argument("--server-ns", required=True)
    a = ap.parse_args()
    return Peer(a.client_ns, a.server_ns).run()


if __name__ == "__main__":
    sys.exit(main())
