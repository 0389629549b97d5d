#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Send one hand-built request to the rstguard generic netlink family and
print how the kernel answered: "ok" or "error ERRNO_NAME: EXTACK_MESSAGE".

A second, independent client for the selftests: it sends what the rstguard
CLI never would (unknown attributes, unknown commands, non-zero reserved
bytes) to prove that the kernel validates every request.

usage: genl_raw.py CMD [--reserved N] [--attr TYPE:HEX]... [--join GROUP]
"""
import argparse
import errno
import os
import socket
import struct
import sys

NETLINK_GENERIC = 16
NLM_F_REQUEST, NLM_F_ACK = 1, 4
NLMSG_ERROR = 2
NLM_F_ACK_TLVS = 0x200
NETLINK_EXT_ACK, NETLINK_CAP_ACK = 11, 10
NETLINK_ADD_MEMBERSHIP = 1
SOL_NETLINK = 270
GENL_ID_CTRL, CTRL_CMD_GETFAMILY = 16, 3
CTRL_ATTR_FAMILY_ID, CTRL_ATTR_FAMILY_NAME = 1, 2
CTRL_ATTR_MCAST_GROUPS = 7
NLMSGERR_ATTR_MSG = 1


def attr(atype, payload):
    length = 4 + len(payload)
    return struct.pack("HH", length, atype) + payload + b"\0" * (-length % 4)


def attrs(buf):
    while len(buf) >= 4:
        length, atype = struct.unpack_from("HH", buf)
        if length < 4:
            break
        yield atype & 0x3FFF, buf[4:length]
        buf = buf[(length + 3) & ~3:]


class Genl:
    def __init__(self):
        self.sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW,
                                  NETLINK_GENERIC)
        self.sock.setsockopt(SOL_NETLINK, NETLINK_EXT_ACK, 1)
        self.sock.setsockopt(SOL_NETLINK, NETLINK_CAP_ACK, 1)
        self.sock.bind((0, 0))
        self.seq = 1

    def request(self, family, cmd, payload=b"", reserved=0):
        self.seq += 1
        body = struct.pack("BBH", cmd, 1, reserved) + payload
        hdr = struct.pack("IHHII", 16 + len(body), family,
                          NLM_F_REQUEST | NLM_F_ACK, self.seq, 0)
        self.sock.send(hdr + body)
        replies = []
        while True:
            data = self.sock.recv(65536)
            while data:
                length, mtype, flags, seq, _ = struct.unpack_from("IHHII", data)
                msg = data[16:length]
                data = data[(length + 3) & ~3:]
                if mtype != NLMSG_ERROR:
                    replies.append(msg[4:])
                    continue
                err = -struct.unpack_from("i", msg)[0]
                text = ""
                if flags & NLM_F_ACK_TLVS:
                    for atype, val in attrs(msg[4 + 16:]):
                        if atype == NLMSGERR_ATTR_MSG:
                            text = val.rstrip(b"\0").decode()
                return err, text, replies

    def resolve(self, name):
        err, text, replies = self.request(
            GENL_ID_CTRL, CTRL_CMD_GETFAMILY,
            attr(CTRL_ATTR_FAMILY_NAME, name.encode() + b"\0"))
        if err:
            sys.exit(f"cannot resolve {name}: {os.strerror(err)}")
        family, groups = None, {}
        for atype, val in attrs(replies[0]):
            if atype == CTRL_ATTR_FAMILY_ID:
                family = struct.unpack("H", val[:2])[0]
            if atype == CTRL_ATTR_MCAST_GROUPS:
                for _, grp in attrs(val):
                    g = dict(attrs(grp))
                    groups[g[1].rstrip(b"\0").decode()] = struct.unpack(
                        "I", g[2])[0]
        return family, groups


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("cmd", type=int)
    ap.add_argument("--reserved", type=int, default=0)
    ap.add_argument("--attr", action="append", default=[],
                    help="TYPE:HEXPAYLOAD")
    ap.add_argument("--join", help="join this multicast group instead")
    args = ap.parse_args()

    nl = Genl()
    family, groups = nl.resolve("rstguard")
    if args.join:
        try:
            nl.sock.setsockopt(SOL_NETLINK, NETLINK_ADD_MEMBERSHIP,
                               groups[args.join])
        except OSError as e:
            print(f"error {errno.errorcode[e.errno]}:")
            return
        print("ok")
        return
    payload = b"".join(attr(int(t), bytes.fromhex(h))
                       for t, h in (a.split(":") for a in args.attr))
    err, text, _ = nl.request(family, args.cmd, payload, args.reserved)
    print("ok" if not err else f"error {errno.errorcode[err]}: {text}")


if __name__ == "__main__":
    main()
