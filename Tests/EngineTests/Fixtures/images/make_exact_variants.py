#!/usr/bin/env python3
"""Writes PNG variants with exactly known sample values, using only the standard library.

Each file's pixels follow a formula the tests recompute, so they check decoded values
exactly rather than against another decoder: 1/2/4-bit gray, 16-bit RGB with samples
between 8-bit levels, 16-bit gray+alpha, a palette with transparency (tRNS), and a
header that claims a 100000x100000 image (refused before any pixel is decoded).
"""
import struct
import zlib

WIDTH, HEIGHT = 11, 5


def chunk(kind, payload):
    body = kind + payload
    return struct.pack(">I", len(payload)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)


def png(width, height, bit_depth, color_type, rows, extra=b""):
    header = struct.pack(">IIBBBBB", width, height, bit_depth, color_type, 0, 0, 0)
    raw = b"".join(b"\x00" + row for row in rows)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + extra
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def pack_bits(values, depth):
    """Packs sub-byte samples most significant first, padding the last byte of the row."""
    per_byte = 8 // depth
    out = bytearray()
    for start in range(0, len(values), per_byte):
        byte = 0
        group = values[start:start + per_byte]
        for i, v in enumerate(group):
            byte |= v << (8 - depth * (i + 1))
        out.append(byte)
    return bytes(out)


def gray_level(x, y, depth):
    return (x * 3 + y * 5) % (1 << depth)


def rgb16_sample(x, y, c):
    return (x * 5923 + y * 7717 + c * 20011 + 257) % 65536


def gray_alpha16(x, y):
    return (x * 4099 + y * 13001 + 3) % 65536, (x * 911 + y * 2999 + 1000) % 65536


PALETTE = [(255, 0, 0), (0, 128, 255), (12, 200, 34), (250, 250, 10)]
ALPHAS = [255, 0, 128]  # entry 3 has no tRNS entry: opaque


def palette_index(x, y):
    return (x + 2 * y) % len(PALETTE)


def main():
    for depth in (1, 2, 4):
        rows = [pack_bits([gray_level(x, y, depth) for x in range(WIDTH)], depth) for y in range(HEIGHT)]
        open(f"gray{depth}bit.png", "wb").write(png(WIDTH, HEIGHT, depth, 0, rows))
    rows = [b"".join(struct.pack(">HHH", *(rgb16_sample(x, y, c) for c in range(3))) for x in range(WIDTH))
            for y in range(HEIGHT)]
    open("rgb16-exact.png", "wb").write(png(WIDTH, HEIGHT, 16, 2, rows))
    rows = [b"".join(struct.pack(">HH", *gray_alpha16(x, y)) for x in range(WIDTH)) for y in range(HEIGHT)]
    open("grayalpha16.png", "wb").write(png(WIDTH, HEIGHT, 16, 4, rows))
    plte = chunk(b"PLTE", b"".join(bytes(c) for c in PALETTE)) + chunk(b"tRNS", bytes(ALPHAS))
    rows = [bytes(palette_index(x, y) for x in range(WIDTH)) for y in range(HEIGHT)]
    open("palette-trns.png", "wb").write(png(WIDTH, HEIGHT, 8, 3, rows, extra=plte))
    # A valid header for a 10-gigapixel image followed by a tiny IDAT: the reader must refuse it
    # from the header alone, without allocating.
    header = struct.pack(">IIBBBBB", 100000, 100000, 8, 2, 0, 0, 0)
    huge = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + chunk(b"IEND", b""))
    open("huge-header.png", "wb").write(huge)


if __name__ == "__main__":
    main()
