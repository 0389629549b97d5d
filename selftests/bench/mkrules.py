#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The signature sets of the throughput benchmark (throughput.sh): N
distinct patterns, written once as a Snort 2 rules file for `rstguard sig
import` and once as an iptables-restore file per textsearch algorithm.

  mkrules.py [-n N] [--from RULES] [--snort FILE] [--iptables ALGO=FILE]...

Patterns come from the content:"..." options of RULES (the Snort 3
community set, when it exists) in the order they appear, else from a
seeded generator. A pattern is kept only if it

  - holds a byte outside bulk.ALPHABET, so it cannot occur in the data
    that bulk.py gen writes: nothing matches, every rule is searched to
    the end of every packet, and no DROP rule stops the transfer;
  - is 6 to 64 bytes long and has at least 4 printable non-space bytes,
    so that iptables, which searches the IP and TCP headers too, does not
    find it there by chance (|00 00 00 00| would);
  - differs from every pattern kept before it.

Snort 2 rule i (1-based): alert tcp any any -> any any (msg:"bench i";
content:"P"; sid:i;) with P in content syntax (|hex| for bytes outside
0x20-0x7e and for " \\ ; : |). iptables rule: -A FORWARD -p tcp -m string
--algo ALGO --hex-string |HEX| -j DROP. Prints where the patterns came
from and their lengths on stderr.
"""
import argparse
import os
import random
import re
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bulk import ALPHABET  # noqa: E402

CONTENT = re.compile(r'content:\s*"((?:[^"\\]|\\.)*)"')
MIN_LEN, MAX_LEN, MIN_PRINTABLE = 6, 64, 4
SPECIAL = b'"\\;:|'


def decode(s):
    """Snort content text -> bytes (|hex| parts, \\ escapes)."""
    out = bytearray()
    i = 0
    while i < len(s):
        c = s[i]
        if c == "|":
            j = s.index("|", i + 1)
            out += bytes.fromhex(s[i + 1:j].replace(" ", ""))
            i = j + 1
        elif c == "\\" and i + 1 < len(s):
            out += s[i + 1].encode("latin-1")
            i += 2
        else:
            out += c.encode("latin-1")
            i += 1
    return bytes(out)


def encode(b):
    """bytes -> Snort content text."""
    out, hexrun = [], []
    for x in b:
        if 0x20 <= x < 0x7f and x not in SPECIAL:
            if hexrun:
                out.append("|" + " ".join(hexrun) + "|")
                hexrun = []
            out.append(chr(x))
        else:
            hexrun.append("%02X" % x)
    if hexrun:
        out.append("|" + " ".join(hexrun) + "|")
    return "".join(out)


def usable(b):
    if not MIN_LEN <= len(b) <= MAX_LEN:
        return False
    if not set(b) - set(ALPHABET):
        return False
    return sum(0x21 <= x < 0x7f for x in b) >= MIN_PRINTABLE


def from_rules(path):
    with open(path, encoding="latin-1") as f:
        for line in f:
            if line.lstrip().startswith("#"):
                continue
            for m in CONTENT.finditer(line):
                try:
                    yield decode(m.group(1))
                except ValueError:
                    continue


def synthetic():
    """Printable patterns shaped like rule contents: mixed case, digits,
    punctuation, 6 to 24 bytes."""
    rnd = random.Random(1000)
    pool = bytes(range(0x21, 0x7f))
    while True:
        yield bytes(rnd.choice(pool) for _ in range(rnd.randint(6, 24)))


def pick(n, rules):
    src = "synthetic"
    gens = []
    if rules and os.path.exists(rules):
        gens.append(from_rules(rules))
        src = rules
    gens.append(synthetic())
    seen, out = set(), []
    for g in gens:
        for b in g:
            if len(out) == n:
                break
            if b in seen or not usable(b):
                continue
            seen.add(b)
            out.append(b)
        if len(out) == n:
            break
        if g is not gens[-1]:
            print("mkrules: %d usable patterns in %s, the rest synthetic"
                  % (len(out), rules), file=sys.stderr)
            src += " + synthetic"
    return out, src


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-n", type=int, default=1000)
    ap.add_argument("--from", dest="rules")
    ap.add_argument("--snort")
    ap.add_argument("--iptables", action="append", default=[],
                    metavar="ALGO=FILE")
    a = ap.parse_args()
    pats, src = pick(a.n, a.rules)
    if a.snort:
        with open(a.snort, "w") as f:
            for i, b in enumerate(pats, 1):
                f.write('alert tcp any any -> any any (msg:"bench %d"; '
                        'content:"%s"; sid:%d;)\n' % (i, encode(b), i))
    for spec in a.iptables:
        algo, path = spec.split("=", 1)
        with open(path, "w") as f:
            f.write("*filter\n:FORWARD ACCEPT [0:0]\n")
            for b in pats:
                f.write("-A FORWARD -p tcp -m string --algo %s "
                        "--hex-string |%s| -j DROP\n" % (algo, b.hex()))
            f.write("COMMIT\n")
    lens = sorted(len(b) for b in pats)
    print("mkrules: %d patterns from %s, %d-%d bytes (median %d)"
          % (len(pats), src, lens[0], lens[-1], lens[len(lens) // 2]),
          file=sys.stderr)


if __name__ == "__main__":
    main()
