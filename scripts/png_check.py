#!/usr/bin/env python3
"""Says whether a PNG screenshot shows a rendered page rather than a blank one.

Usage: png_check.py FILE.png [--min-colours N] [--min-ink SHARE]

Reads the PNG with zlib alone (no Pillow on this machine): 8-bit greyscale, RGB, grey+alpha or
RGBA, not interlaced, as Chromium writes its screenshots. Prints the size, the number of distinct
colours and the share of pixels that are not white, and exits 1 when the image has fewer colours
or less ink than asked: a blank or failed render is one flat colour, while text, tables and a
shaded heat map give hundreds of colours (anti-aliasing alone gives dozens).
"""
import argparse
import struct
import sys
import zlib

CHANNELS = {0: 1, 2: 3, 4: 2, 6: 4}


def read_png(path):
    with open(path, "rb") as handle:
        data = handle.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG file")
    position, header, compressed = 8, None, []
    while position < len(data):
        length, kind = struct.unpack(">I4s", data[position:position + 8])
        body = data[position + 8:position + 8 + length]
        position += 12 + length
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            compressed.append(body)
        elif kind == b"IEND":
            break
    if header is None:
        raise ValueError("no IHDR chunk")
    width, height, depth, colour_type, _, _, interlace = header
    if depth != 8 or colour_type not in CHANNELS or interlace:
        raise ValueError(f"unsupported PNG: depth {depth}, colour type {colour_type}, interlace {interlace}")
    channels = CHANNELS[colour_type]
    raw = zlib.decompress(b"".join(compressed))
    stride = width * channels
    rows, previous = [], bytearray(stride)
    for row in range(height):
        start = row * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        if kind == 1:
            for i in range(channels, stride):
                line[i] = (line[i] + line[i - channels]) & 0xFF
        elif kind == 2:
            line = bytearray((a + b) & 0xFF for a, b in zip(line, previous))
        elif kind == 3:
            for i in range(stride):
                left = line[i - channels] if i >= channels else 0
                line[i] = (line[i] + ((left + previous[i]) >> 1)) & 0xFF
        elif kind == 4:
            for i in range(stride):
                a = line[i - channels] if i >= channels else 0
                b = previous[i]
                c = previous[i - channels] if i >= channels else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                predictor = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[i] = (line[i] + predictor) & 0xFF
        elif kind != 0:
            raise ValueError(f"bad filter {kind} on row {row}")
        rows.append(bytes(line))
        previous = line
    return width, height, channels, rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("png")
    parser.add_argument("--min-colours", type=int, default=64)
    parser.add_argument("--min-ink", type=float, default=0.02, help="least share of pixels that are not white")
    args = parser.parse_args()
    width, height, channels, rows = read_png(args.png)
    colour = 3 if channels >= 3 else 1  # alpha is not a colour of its own
    white = b"\xff" * colour
    colours, ink = set(), 0
    for line in rows:
        for x in range(0, len(line), channels):
            pixel = line[x:x + colour]
            colours.add(pixel)
            if pixel != white:
                ink += 1
    share = ink / (width * height)
    print(f"{args.png}: {width}x{height}, {len(colours)} distinct colours, {share:.1%} of pixels not white")
    if len(colours) < args.min_colours or share < args.min_ink:
        print(f"{args.png}: looks blank (want at least {args.min_colours} colours and {args.min_ink:.0%} ink)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
