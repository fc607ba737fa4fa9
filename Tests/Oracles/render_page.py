"""Render an HTML page with headless Chromium and check that it rendered.

    python render_page.py PAGE.html OUT.png [--width 1280 --height 2400]

Runs `chromium --headless --screenshot` (Debian's chromium; also tries chromium-browser and
google-chrome), then decodes the PNG with the standard library only (zlib + the PNG filter
rules) and checks: the image has the requested size, and it is not blank — at least 2% of
its pixels differ from the background colour (the top-left pixel) and it uses more than 16
distinct colours. Prints one JSON line with the figures; exit 1 with a one-line reason when
a check fails, 2 when no Chromium is installed.
"""
import argparse
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib


def find_chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


def decode_png(data):
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    pos, width, height, depth, colour, idat = 8, 0, 0, 0, 0, b""
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
            if depth != 8 or colour not in (2, 6) or interlace:
                raise ValueError(f"unsupported PNG (depth {depth}, colour type {colour}, interlace {interlace})")
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    channels = 3 if colour == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * channels
    rows, previous = [], bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        for x in range(stride):
            a = line[x - channels] if x >= channels else 0
            b = previous[x]
            c = previous[x - channels] if x >= channels else 0
            if kind == 1:
                line[x] = (line[x] + a) & 255
            elif kind == 2:
                line[x] = (line[x] + b) & 255
            elif kind == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        previous = line
    return width, height, channels, rows


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("page")
    parser.add_argument("png")
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=2400)
    args = parser.parse_args()
    chromium = find_chromium()
    if chromium is None:
        print("render_page: error: no chromium installed", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as profile:
        command = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                   f"--user-data-dir={profile}", f"--window-size={args.width},{args.height}",
                   f"--screenshot={os.path.abspath(args.png)}", "file://" + os.path.abspath(args.page)]
        result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    if not os.path.exists(args.png):
        print(f"render_page: error: chromium wrote no screenshot: {result.stderr.strip()[-300:]}", file=sys.stderr)
        return 1
    width, height, channels, rows = decode_png(open(args.png, "rb").read())
    background = rows[0][:3]
    differing, colours = 0, set()
    for row in rows[::4]:
        for x in range(0, width * channels, channels * 4):
            pixel = row[x:x + 3]
            colours.add(pixel)
            if pixel != background:
                differing += 1
    sampled = len(rows[::4]) * len(range(0, width * channels, channels * 4))
    share = differing / sampled
    print(json.dumps({"width": width, "height": height, "non_background": round(share, 4), "colours": len(colours)}))
    if (width, height) != (args.width, args.height):
        print(f"render_page: error: screenshot is {width}x{height}, expected {args.width}x{args.height}", file=sys.stderr)
        return 1
    if share < 0.02 or len(colours) <= 16:
        print(f"render_page: error: the page looks blank ({share:.2%} non-background, {len(colours)} colours)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
