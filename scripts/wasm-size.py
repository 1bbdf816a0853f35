#!/usr/bin/env python3
"""Where the bytes of a wasm file go: code per crate (from the name section), data, and the
largest functions. Needs a wasm that still has its name section (cargo's output before
wasm-bindgen and wasm-opt). Usage: scripts/wasm-size.py FILE.wasm [--top N]
Names are demangled by rustfilt (`cargo install rustfilt`), as for the figures in
docs/BENCHMARKS.md; without it, plain paths are read by hand and the rest (impl blocks, std's
v0 names) count as "(other)"."""
import re
import subprocess
import sys
import zlib
from collections import defaultdict


def leb(buf, i):
    result = shift = 0
    while True:
        b = buf[i]
        i += 1
        result |= (b & 0x7F) << shift
        shift += 7
        if b < 0x80:
            return result, i


def sections(buf):
    i = 8
    while i < len(buf):
        sid = buf[i]
        size, j = leb(buf, i + 1)
        yield sid, buf[j:j + size]
        i = j + size


def parse(buf):
    imported = 0
    bodies = []
    names = {}
    sizes = defaultdict(int)
    for sid, body in sections(buf):
        if sid == 2:  # imports: functions among them take the first indices
            n, i = leb(body, 0)
            for _ in range(n):
                for _ in range(2):
                    ln, i = leb(body, i)
                    i += ln
                kind = body[i]
                i += 1
                if kind == 0:
                    _, i = leb(body, i)
                    imported += 1
                elif kind == 1:
                    i += 1
                    flags, i = leb(body, i)
                    _, i = leb(body, i)
                    if flags & 1:
                        _, i = leb(body, i)
                elif kind == 2:
                    flags, i = leb(body, i)
                    _, i = leb(body, i)
                    if flags & 1:
                        _, i = leb(body, i)
                elif kind == 3:
                    i += 2
        elif sid == 10:
            n, i = leb(body, 0)
            for _ in range(n):
                size, j = leb(body, i)
                bodies.append(body[j:j + size])
                i = j + size
        elif sid == 0:
            ln, i = leb(body, 0)
            name = body[i:i + ln].decode()
            sizes["custom:" + name] += len(body)
            if name == "name":
                k = i + ln
                while k < len(body):
                    sub = body[k]
                    sl, k2 = leb(body, k + 1)
                    if sub == 1:
                        n, p = leb(body, k2)
                        for _ in range(n):
                            idx, p = leb(body, p)
                            l2, p = leb(body, p)
                            names[idx] = body[p:p + l2].decode("utf-8", "replace")
                            p += l2
                    k = k2 + sl
            continue
        sizes[{10: "code", 11: "data"}.get(sid, f"section {sid}")] += len(body)
    return imported, bodies, names, sizes


def demangle_legacy(name):
    """Without rustfilt: `_ZN4core3fmt5write17h…E` becomes `core::fmt::write`, its path read
    by the length before each part; other names stay as they are."""
    if not name.startswith("_ZN"):
        return name
    parts, i = [], 3
    while i < len(name) and name[i].isdigit():
        j = i
        while name[j].isdigit():
            j += 1
        n = int(name[i:j])
        parts.append(name[j:j + n])
        i = j + n
    if parts and re.fullmatch(r"h[0-9a-f]{16}", parts[-1]):
        parts.pop()
    return "::".join(parts) if parts else name


def crate_of(demangled):
    # `<a::B as c::D>::f` names the implementing crate first; generic instances name the
    # crate whose code they are.
    s = demangled.lstrip("<&*_ ").removeprefix("mut ").removeprefix("dyn ")
    m = re.match(r"([A-Za-z0-9_]+)::", s)
    return m.group(1) if m else "(other)"


def main():
    path = sys.argv[1]
    top = int(sys.argv[sys.argv.index("--top") + 1]) if "--top" in sys.argv else 25
    buf = open(path, "rb").read()
    imported, bodies, names, sizes = parse(buf)
    raw = [names.get(imported + k, f"func[{imported + k}]") for k in range(len(bodies))]
    try:
        out = subprocess.run(["rustfilt"], input="\n".join(raw), capture_output=True, text=True, check=True).stdout.splitlines()
    except (OSError, subprocess.CalledProcessError):
        out = [demangle_legacy(n) for n in raw]
    by_crate = defaultdict(lambda: [0, 0, bytearray()])
    for name, body in zip(out, bodies):
        c = by_crate[crate_of(name)]
        c[0] += len(body)
        c[1] += 1
        c[2] += body
    total = len(buf)
    print(f"{path}: {total / 1024:,.0f} KB raw, {len(zlib.compress(buf, 9)) / 1024:,.0f} KB deflate -9")
    for k, v in sorted(sizes.items(), key=lambda kv: -kv[1]):
        print(f"  {k:<28} {v / 1024:>9,.0f} KB")
    print(f"\ncode by crate (functions named by the name section; deflate of each crate's code alone):")
    print(f"  {'crate':<28} {'KB':>8} {'deflate KB':>11} {'functions':>10}")
    for crate, (size, n, code) in sorted(by_crate.items(), key=lambda kv: -kv[1][0])[:top]:
        print(f"  {crate:<28} {size / 1024:>8,.0f} {len(zlib.compress(bytes(code), 9)) / 1024:>11,.0f} {n:>10}")
    print(f"\nlargest functions:")
    for name, body in sorted(zip(out, bodies), key=lambda nb: -len(nb[1]))[:top]:
        print(f"  {len(body) / 1024:>7,.1f} KB  {name[:140]}")


if __name__ == "__main__":
    main()
