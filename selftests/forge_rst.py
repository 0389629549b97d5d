#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Forge one TCP segment (an RST by default) with scapy and send it.

The segment is built by scapy (checksums included) and sent through a raw
IPPROTO_RAW socket opened in the given network namespace, so that it leaves
that namespace exactly as a packet of its real endpoint would: routed by the
kernel, out of the namespace's own interface, through the router under test.
scapy's own sending functions are not used: they cache the routes and
interfaces of the namespace scapy was imported in.

As a module (tcp_peer.py imports it): send_segment(...), which can also
send the segment as IP fragments (fragment_packet(): IPv4 fragments, or
IPv6 ones with a Fragment header, optionally with one more fragment that
overlaps the others). As a command:

    forge_rst.py [--netns NAME] [--flags RA] [--ack N] [--frag N]
                 SRC SPORT DST DPORT SEQ

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
        from scapy.layers.inet6 import IPv6, IPv6ExtHdrFragment
        _scapy = (IP, IPv6, TCP, IPv6ExtHdrFragment)
    return _scapy


def build_segment(src, sport, dst, dport, seq, ack=0, flags="RA", window=0,
                  payload=b"", bad_csum=False, ttl=64):
    """The bytes of an IPv4 or IPv6 packet holding one TCP segment; with
    BAD_CSUM, its TCP checksum is off by one. TTL: the TTL or hop limit."""
    IP, IPv6, TCP, _ = _layers()
    l3 = (IPv6(src=src, dst=dst, hlim=ttl) if ":" in dst
          else IP(src=src, dst=dst, ttl=ttl))
    seg = TCP(sport=sport, dport=dport, seq=seq % 2**32, ack=ack % 2**32,
              flags=flags, window=window)
    pkt = l3 / seg / payload if payload else l3 / seg
    if bad_csum:
        good = type(l3)(bytes(pkt))[TCP].chksum
        pkt[TCP].chksum = (good + 1) & 0xffff
    return bytes(pkt)


def fragment_packet(pkt, size, first=0, overlap=None, overlap_before=None,
                    ident=None):
    """The IPv4 or IPv6 packet PKT (bytes, no extension headers) as
    fragments, in the order to send them (a list of bytes).

    The fragmentable part (for a TCP segment: its header, then its data) is
    cut into pieces of SIZE bytes, the first piece FIRST bytes (default
    SIZE); both multiples of 8. IPv4 fragments keep PKT's header fields;
    IPv6 ones get a Fragment header (next header: PKT's). IDENT: the
    datagram's identification (default: random, so that a datagram never
    joins what is left of an earlier one in a reassembly queue).

    OVERLAP (OFFSET, BYTES): one more fragment, BYTES at byte OFFSET (a
    multiple of 8) of the fragmentable part, with "more fragments" set
    unless it ends the datagram exactly; it goes out just before real
    fragment OVERLAP_BEFORE (0: before all of them; default: before the
    last, while the datagram is still incomplete).
    """
    import random

    IP, IPv6, _, FragHdr = _layers()
    first = first or size
    if size <= 0 or size % 8 or first % 8:
        raise ValueError("fragment sizes must be multiples of 8")
    six = (pkt[0] >> 4) == 6
    l3 = IPv6(pkt) if six else IP(pkt)
    body = bytes(l3.payload)
    if ident is None:
        ident = random.randint(1, 2**32 - 1 if six else 2**16 - 1)

    def frag(off, data, more):
        if six:
            hdr = IPv6(src=l3.src, dst=l3.dst, hlim=l3.hlim, tc=l3.tc,
                       fl=l3.fl)
            return bytes(hdr / FragHdr(nh=l3.nh, offset=off // 8, m=int(more),
                                       id=ident) / data)
        hdr = IP(src=l3.src, dst=l3.dst, ttl=l3.ttl, tos=l3.tos,
                 proto=l3.proto, id=ident, frag=off // 8,
                 flags="MF" if more else 0)
        return bytes(hdr / data)

    out, off = [], 0
    while off < len(body):
        n = first if off == 0 else size
        out.append(frag(off, body[off:off + n], off + n < len(body)))
        off += n
    if overlap is not None:
        o_off, o_data = overlap
        if o_off % 8 or not o_data:
            raise ValueError("an overlap must start at a multiple of 8")
        extra = frag(o_off, o_data, o_off + len(o_data) != len(body))
        at = len(out) - 1 if overlap_before is None else int(overlap_before)
        out.insert(max(0, min(at, len(out))), extra)
    return out


_raw = {}


def send_packets(ns, dst, pkts, nss=None):
    """Send the IP packets PKTS (bytes) to DST from network namespace NS
    (None: this one), through its IPPROTO_RAW socket."""
    fam = socket.AF_INET6 if ":" in dst else socket.AF_INET
    key = (ns, fam)
    if key not in _raw:
        nss = nss or NetnsSockets()
        # IPPROTO_RAW implies IP_HDRINCL (IPv4) / IPV6_HDRINCL (IPv6).
        _raw[key] = nss.socket(ns, fam, socket.SOCK_RAW, socket.IPPROTO_RAW)
    addr = (dst, 0, 0, 0) if fam == socket.AF_INET6 else (dst, 0)
    for p in pkts:
        _raw[key].sendto(p, addr)


def send_segment(ns, src, sport, dst, dport, seq, ack=0, flags="RA",
                 nss=None, window=0, payload=b"", bad_csum=False, ttl=64,
                 frag=0, frag1=0, overlap=None, overlap_before=None):
    """Send the segment from network namespace NS (None: this one); with
    FRAG, as IP fragments (fragment_packet(): FRAG, FRAG1, OVERLAP,
    OVERLAP_BEFORE). Returns the packets sent."""
    pkt = build_segment(src, sport, dst, dport, seq, ack, flags, window,
                        payload, bad_csum, ttl)
    pkts = [pkt]
    if frag:
        pkts = fragment_packet(pkt, frag, frag1, overlap, overlap_before)
    send_packets(ns, dst, pkts, nss)
    return pkts


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--netns", help="send from this network namespace")
    ap.add_argument("--flags", default="RA", help="TCP flags (scapy letters)")
    ap.add_argument("--ack", type=int, default=0)
    ap.add_argument("--frag", type=int, default=0,
                    help="as IP fragments of N bytes (a multiple of 8)")
    ap.add_argument("src")
    ap.add_argument("sport", type=int)
    ap.add_argument("dst")
    ap.add_argument("dport", type=int)
    ap.add_argument("seq", type=int)
    a = ap.parse_args()
    pkts = send_segment(a.netns, a.src, a.sport, a.dst, a.dport, a.seq,
                        a.ack, a.flags, frag=a.frag)
    print("sent %d bytes" % sum(len(p) for p in pkts) +
          (" in %d fragments" % len(pkts) if a.frag else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
