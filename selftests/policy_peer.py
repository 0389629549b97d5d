#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""tcp_peer.py's endpoints, plus what the policy selftests need.

A subclass of tcp_peer.Peer, run the same way (one coprocess per test,
policy_lib.sh: policy_peer_start; lib.sh: peer, peer_get, peer_stop).

Every command of tcp_peer.py (listen, connect, echo, abort_all, ...) and:

    hello               ok: the process is up
    insegs              ok n=N: TCP segments the server's namespace has
                        received (InSegs of its /proc/net/snmp)

    try NAME ADDR PORT [timeout=S] [accept=1]
                        one connection attempt from the client namespace;
                        always "ok result=R ms=M sport=P" where R is
                        "connected", an errno name (ECONNREFUSED, ...) or
                        "timeout", and M the time connect() took. A
                        connected socket is kept as NAME (and its server
                        side accepted unless accept=0); a failed one is
                        closed, so that it sends no more SYNs
    quiet NAME          until neither side has data unsent or unacked
    watch NAME SIDE [timeout=S]
                        a thread waits on SIDE's socket until it is
                        readable (at most S seconds, default 30), reads
                        it with recv() and keeps what it got
    watched NAME SIDE [timeout=S]
                        wait up to S seconds (default 10; 0: do not wait)
                        for that thread: "ok got=G ms=M", G being
                        ECONNRESET (or another errno name), eof, data,
                        timeout (the watch's own limit S), or pending
                        (still waiting; no ms); M: the time from watch to G
    loop_start FILE ADDRS PORTS [timeout=S]
                        a background thread that connects, round after
                        round, to every ADDR (comma-separated) on every
                        PORT (comma-separated), S seconds at most each
                        (default 2), and closes each connection at once
                        with an RST; one JSON line per attempt in FILE:
                        {"round", "addr", "port", "sport", "result", "ms"}.
                        Listeners on PORTS accept and close (FIN) in their
                        own thread
    loop_status         ok rounds=N attempts=N
    loop_stop           stop after the attempt in progress, close the
                        listeners; ok rounds=N attempts=N

The endpoints' reports are what the kernel told the sockets; nothing here
looks at packets.
"""
import json
import os
import select
import socket
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import forge_rst  # noqa: E402
import tcp_peer  # noqa: E402
from tcp_peer import Conn, Fail, errname, linger0  # noqa: E402


def now_ms():
    return time.monotonic() * 1000.0


class Watch:
    """A thread waiting on one socket until it has something to say (data,
    end of file or an error such as ECONNRESET), then reading it with
    recv(). It polls in short slices so that it can be stopped without
    touching the connection: shutdown() would send a FIN."""

    def __init__(self, sock, timeout):
        self.sock = sock
        self.timeout = timeout
        self.got = None
        self.t0 = now_ms()
        self.ms = None
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def run(self):
        end = time.monotonic() + self.timeout
        got = None
        while got is None:
            if self.stop.is_set():
                got = "stopped"
            elif select.select([self.sock], [], [], 0.05)[0]:
                try:
                    b = self.sock.recv(1, socket.MSG_DONTWAIT)
                    got = "data" if b else "eof"
                except Exception as e:  # noqa: BLE001 - what it got
                    got = errname(e)
            elif time.monotonic() > end:
                got = "timeout"
        self.ms = now_ms() - self.t0
        self.got = got


class Loop:
    def __init__(self, peer, path, addrs, ports, timeout):
        self.peer = peer
        self.out = open(path, "w")
        self.addrs = addrs
        self.ports = ports
        self.timeout = timeout
        self.rounds = 0
        self.attempts = 0
        self.stop = threading.Event()
        self.listeners = []
        for port in ports:
            s = peer.nss.socket(peer.server_ns, socket.AF_INET6,
                                socket.SOCK_STREAM)
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
            s.bind(("::", port))
            s.listen(128)
            self.listeners.append(s)
        self.acceptor = threading.Thread(target=self.accept_all, daemon=True)
        self.acceptor.start()
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def accept_all(self):
        while not self.stop.is_set():
            ready = select.select(self.listeners, [], [], 0.2)[0]
            for lsn in ready:
                try:
                    s, _ = lsn.accept()
                except OSError:
                    continue
                # A FIN, not an RST: an RST could reach the client before
                # its connect() has looked at the socket's error.
                s.close()

    def attempt(self, addr, port):
        fam = socket.AF_INET6 if ":" in addr else socket.AF_INET
        s = self.peer.nss.socket(self.peer.client_ns, fam, socket.SOCK_STREAM)
        s.settimeout(self.timeout)
        t0 = now_ms()
        try:
            s.connect((addr, port))
            result = "connected"
        except Exception as e:  # noqa: BLE001
            result = errname(e)
        ms = now_ms() - t0
        try:
            sport = s.getsockname()[1]
        except OSError:
            sport = 0
        try:
            linger0(s)
        except OSError:
            pass
        s.close()
        return {"round": self.rounds, "addr": addr, "port": port,
                "sport": sport, "result": result, "ms": round(ms, 1)}

    def run(self):
        while not self.stop.is_set():
            for addr in self.addrs:
                for port in self.ports:
                    rec = self.attempt(addr, port)
                    self.out.write(json.dumps(rec) + "\n")
                    self.out.flush()
                    self.attempts += 1
            self.rounds += 1

    def finish(self):
        self.stop.set()
        self.thread.join()
        self.acceptor.join()
        for s in self.listeners:
            s.close()
        self.out.close()


class PolicyPeer(tcp_peer.Peer):
    def __init__(self, client_ns, server_ns):
        super().__init__(client_ns, server_ns)
        self.watches = {}       # (name, side) -> Watch
        self.loop = None

    def cmd_hello(self):
        return ""

    def cmd_insegs(self):
        """TCP segments the server's namespace has received (InSegs)."""
        forge_rst.setns(self.nss.fd(self.server_ns))
        try:
            with open("/proc/thread-self/net/snmp") as f:
                rows = [ln.split() for ln in f if ln.startswith("Tcp:")]
        finally:
            forge_rst.setns(self.nss.home)
        return "n=%s" % rows[1][rows[0].index("InSegs")]

    def cmd_try(self, name, addr, port, timeout="5", accept="1"):
        port, timeout = int(port), float(timeout)
        if name in self.conns:
            raise Fail("connection_exists_" + name)
        fam = socket.AF_INET6 if ":" in addr else socket.AF_INET
        s = self.nss.socket(self.client_ns, fam, socket.SOCK_STREAM)
        s.settimeout(timeout)
        t0 = now_ms()
        try:
            s.connect((addr, port))
            result = "connected"
        except Exception as e:  # noqa: BLE001
            result = errname(e)
        ms = now_ms() - t0
        sport = s.getsockname()[1]
        if result != "connected":
            s.close()
            return "result=%s ms=%d sport=%d" % (result, ms, sport)
        c = Conn(name, addr, port)
        c.client = s
        c.local, c.sport = s.getsockname()[:2]
        self.conns[name] = c
        if accept == "1":
            self.accept_for(c, timeout)
        return "result=%s ms=%d sport=%d" % (result, ms, sport)

    def cmd_quiet(self, name):
        self.quiet(self.conn(name))
        return ""

    def cmd_watch(self, name, side, timeout="30"):
        key = (name, side)
        if key in self.watches and self.watches[key].got is None:
            raise Fail("already_watched")
        s = self.conn(name).side(side)
        self.watches[key] = Watch(s, float(timeout))
        return ""

    def cmd_watched(self, name, side, timeout="10"):
        w = self.watches.get((name, side))
        if w is None:
            raise Fail("not_watched")
        w.thread.join(float(timeout))
        if w.got is None:
            return "got=pending"
        return "got=%s ms=%d" % (w.got, w.ms)

    def unwatch(self, name):
        """Stop the watchers of NAME, before its sockets are closed."""
        for (n, side), w in list(self.watches.items()):
            if n != name:
                continue
            w.stop.set()
            w.thread.join()
            del self.watches[(n, side)]

    def cmd_close(self, name, side, how=""):
        w = self.watches.pop((name, side), None)
        if w is not None:
            w.stop.set()
            w.thread.join()
        return super().cmd_close(name, side, how)

    def cmd_abort(self, name):
        self.unwatch(name)
        return super().cmd_abort(name)

    def cmd_abort_all(self):
        for name in list(self.conns):
            self.unwatch(name)
        return super().cmd_abort_all()

    def cmd_loop_start(self, path, addrs, ports, timeout="2"):
        if self.loop is not None:
            raise Fail("loop_running")
        self.loop = Loop(self, path, addrs.split(","),
                         [int(p) for p in ports.split(",")], float(timeout))
        return ""

    def cmd_loop_status(self):
        if self.loop is None:
            raise Fail("no_loop")
        return "rounds=%d attempts=%d" % (self.loop.rounds,
                                          self.loop.attempts)

    def cmd_loop_stop(self):
        if self.loop is None:
            raise Fail("no_loop")
        self.loop.finish()
        r = "rounds=%d attempts=%d" % (self.loop.rounds, self.loop.attempts)
        self.loop = None
        return r


def main():
    import argparse

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--client-ns", required=True)
    ap.add_argument("--server-ns", required=True)
    a = ap.parse_args()
    return PolicyPeer(a.client_ns, a.server_ns).run()


if __name__ == "__main__":
    sys.exit(main())
