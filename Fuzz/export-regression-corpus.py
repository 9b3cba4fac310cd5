#!/usr/bin/env python3
"""Copies a minimized image corpus into Tests/EngineTests/Fixtures/fuzz-images as the decoder
saw it: inputs of even length get their PNG chunk CRCs rewritten, as fuzz-image-readers does
(PNGChunkRepair.swift), so the replay test feeds ImageIO.decode the very same bytes.

    ./.build/debug/fuzz-image-readers -merge=1 /tmp/minimized corpus/images
    python3 export-regression-corpus.py /tmp/minimized
"""
import pathlib
import struct
import sys
import zlib

OUT = pathlib.Path(__file__).resolve().parent.parent / "Tests/EngineTests/Fixtures/fuzz-images"


def repaired(data):
    if len(data) < 8 or data[0] != 0x89 or data[1] != 0x50:
        return data
    data = bytearray(data)
    offset = 8
    while offset + 12 <= len(data):
        length = struct.unpack(">I", data[offset:offset + 4])[0]
        end = offset + 8 + length
        if end + 4 > len(data):
            break
        data[end:end + 4] = struct.pack(">I", zlib.crc32(bytes(data[offset + 4:end])) & 0xFFFFFFFF)
        offset = end + 4
    return bytes(data)


def main(source):
    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.glob("*.bin"):
        old.unlink()
    for index, path in enumerate(sorted(pathlib.Path(source).iterdir())):
        data = path.read_bytes()
        if len(data) % 2 == 0:
            data = repaired(data)
        (OUT / f"{index:02d}-{path.name[:12]}.bin").write_bytes(data)


if __name__ == "__main__":
    main(sys.argv[1])
