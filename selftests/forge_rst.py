#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Forge one TCP segment (an RST by default) with scapy and send it.

The segment is built by scapy (checksums included) and sent through a raw
IPPROTO_RAW socket opened in the given network namespace, so that it leaves
that namespace exactly as a packet of its real endpoint would: routed by the
kernel, out of the namespace's own interface, through the router under test.
scapy's own sending functions are not used: they cache the routes and
interfaces of the namespace scapy was imported in.

As a module (tcp_peer.py imports it): send_segment(...). As a command:

    forge_rst.py [--netns NAME] [--flags RA] [--ack N] SRC SPORT DST DPORT SEQ

scapy is imported on first use; it takes several seconds under QEMU TCG.
"""
import argparse
import ctypes
import os
import socket
import sys

CLONE_NEWNET = 0x40000000
_libc = ctypes.CDLL(None, use_errno=True)


def setns(fd):
    if _libc.setns(fd, CLONE_NEWNET) != 0:
        err = ctypes.get_errno()
        raise OSError(err, "setns: " + os.strerror(err))


def netns_open(name):
    """An fd for the namespace `ip netns add NAME` made, or a path."""
    path = name if "/" in name else "/run/netns/" + name
    return os.open(path, os.O_RDONLY | os.O_CLOEXEC)


class NetnsSockets:
    """Creates sockets in other network namespaces from one process.

    setns() applies to the calling thread; a socket keeps the namespace it
    was created in, whatever the thread does afterwards.
    """

    def __init__(self):
        self.home = os.open("/proc/self/ns/net", os.O_RDONLY | os.O_CLOEXEC)
        self.fds = {}

    def fd(self, name):
        if name not in self.fds:
            self.fds[name] = netns_open(name)
        return self.fds[name]

    def socket(self, name, *args):
        if name is None:
            return socket.socket(*args)
        setns(self.fd(name))
        try:
            return socket.socket(*args)
        finally:
            setns(self.home)


_scapy = None


def _layers():
    global _scapy
    if _scapy is None:
        # The layers only: much quicker than scapy.all, and no interface or
        # route discovery.
        from scapy.layers.inet import IP, TCP
        from scapy.layers.inet6 import IPv6
        _scapy = (IP, IPv6, TCP)
    return _scapy


def build_segment(src, sport, dst, dport, seq, ack=0, flags="RA", window=0,
                  payload=b"", bad_csum=False, ttl=64):
    """The bytes of an IPv4 or IPv6 packet holding one TCP segment; with
    BAD_CSUM, its TCP checksum is off by one. TTL: the TTL or hop limit."""
    IP, IPv6, TCP = _layers()
    l3 = (IPv6(src=src, dst=dst, hlim=ttl) if ":" in dst
          else IP(src=src, dst=dst, ttl=ttl))
    seg = TCP(sport=sport, dport=dport, seq=seq % 2**32, ack=ack % 2**32,
              flags=flags, window=window)
    pkt = l3 / seg / payload if payload else l3 / seg
    if bad_csum:
        good = type(l3)(bytes(pkt))[TCP].chksum
        pkt[TCP].chksum = (good + 1) & 0xffff
    return bytes(pkt)


_raw = {}


def send_segment(ns, src, sport, dst, dport, seq, ack=0, flags="RA",
                 nss=None, window=0, payload=b"", bad_csum=False, ttl=64):
    """Send the segment from network namespace NS (None: this one)."""
    pkt = build_segment(src, sport, dst, dport, seq, ack, flags, window,
                        payload, bad_csum, ttl)
    fam = socket.AF_INET6 if ":" in dst else socket.AF_INET
    key = (ns, fam)
    if key not in _raw:
        nss = nss or NetnsSockets()
        # IPPROTO_RAW implies IP_HDRINCL (IPv4) / IPV6_HDRINCL (IPv6).
        _raw[key] = nss.socket(ns, fam, socket.SOCK_RAW, socket.IPPROTO_RAW)
    addr = (dst, 0, 0, 0) if fam == socket.AF_INET6 else (dst, 0)
    _raw[key].sendto(pkt, addr)
    return pkt


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--netns", help="send from this network namespace")
    ap.add_argument("--flags", default="RA", help="TCP flags (scapy letters)")
    ap.add_argument("--ack", type=int, default=0)
    ap.add_argument("src")
    ap.add_argument("sport", type=int)
    ap.add_argument("dst")
    ap.add_argument("dport", type=int)
    ap.add_argument("seq", type=int)
    a = ap.parse_args()
    pkt = send_segment(a.netns, a.src, a.sport, a.dst, a.dport, a.seq,
                       a.ack, a.flags)
    print("sent %d bytes" % len(pkt))
    return 0


if __name__ == "__main__":
    sys.exit(main())
