#!/usr/bin/env python3
"""Writes the hostile inputs of issue 11 (and a few valid ones) as seeds for the registry TOML,
kernel JSON and pickle fuzzers, into Tests/EngineTests/Fixtures/fuzz-{registry,kernels,pickle-graph}.
ParserFuzzRegressionTests replays them on every `make test`; seed-corpus.sh copies them into
the fuzzers' seed corpora. Files named hostile-* must be refused (pickles with a 4 KB memory
floor instead of the default 32 MB, so that a 4 KB seed can exceed its share); valid-* must be
accepted; the others may go either way, but never trap.

    python3 Fuzz/make-hostile-seeds.py
"""
import pathlib
import struct

ROOT = pathlib.Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "Tests/EngineTests/Fixtures"


def write(folder, name, data):
    path = FIXTURES / folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data if isinstance(data, bytes) else data.encode())


def registry():
    entry = '[[restorer]]\nname = "{name}"\npath = "x.pth"\n'
    write("fuzz-registry", "valid-bundled.toml", (ROOT / "Sources/Engine/Resources/models/restorers.toml").read_bytes())
    write("fuzz-registry", "valid-every-key.toml", entry.format(name="mine") + 'architecture = "nafnet"\n'
          'targets = ["haze", "motion-blur"]\nsummary = "a \\"quoted\\" \\u00e9 summary"\ntlc_train_size = 256\n'
          'scale_factor = 12\ntile_size = 512\ntile_overlap = 32\nmemory_limit_mb = 2048\n')
    write("fuzz-registry", "valid-escapes-in-summary.toml", entry.format(name="esc") + 'summary = "a\\u001B]0;x\\u0007b"\n')
    write("fuzz-registry", "hostile-nested-30000.toml", entry.format(name="deep") + "targets = " + "[" * 30000 + "]" * 30000 + "\n")
    write("fuzz-registry", "hostile-nested-17.toml", entry.format(name="deep") + "targets = " + "[" * 17 + "]" * 17 + "\n")
    write("fuzz-registry", "hostile-unclosed-30000.toml", entry.format(name="deep") + "targets = " + "[" * 30000 + "\n")
    write("fuzz-registry", "hostile-huge-integer.toml", entry.format(name="big") + "tile_size = 99999999999999999999999\n")
    write("fuzz-registry", "hostile-unterminated.toml", entry.format(name="cut") + 'summary = "no end\n')
    write("fuzz-registry", "hostile-bad-escape.toml", entry.format(name="esc") + 'summary = "\\uD800"\n')
    write("fuzz-registry", "hostile-twice.toml", entry.format(name="a") + entry.format(name="a"))
    write("fuzz-registry", "hostile-raw-control.toml", entry.format(name="raw") + 'summary = 3\x1b]0;x\x07\n')


def kernels():
    def kernel(size, weights):
        return '{"size":%d,"weights":[%s]}' % (size, ",".join(weights))
    write("fuzz-kernels", "valid-box.json", kernel(3, ["1"] * 9))
    write("fuzz-kernels", "valid-huge-weights.json", kernel(3, ["1e38"] * 9))
    write("fuzz-kernels", "valid-line.json", kernel(5, ["0"] * 10 + ["0.2"] * 5 + ["0"] * 10))
    write("fuzz-kernels", "hostile-negative-size.json", kernel(-3, ["1"] * 9))
    write("fuzz-kernels", "hostile-zero-size.json", kernel(0, []))
    write("fuzz-kernels", "hostile-even-size.json", kernel(2, ["1"] * 4))
    write("fuzz-kernels", "hostile-too-large.json", kernel(4097, ["1"]))
    write("fuzz-kernels", "hostile-count.json", kernel(3, ["1"] * 8))
    write("fuzz-kernels", "hostile-negative-weight.json", kernel(3, ["1"] * 4 + ["-1"] + ["1"] * 4))
    write("fuzz-kernels", "hostile-infinite-weight.json", kernel(3, ["1"] * 4 + ["1e999"] + ["1"] * 4))
    write("fuzz-kernels", "hostile-overflowing-sum.json", kernel(3, ["1e308"] * 9))
    write("fuzz-kernels", "hostile-zero-sum.json", kernel(3, ["0"] * 9))
    write("fuzz-kernels", "hostile-size-overflow.json", kernel(4294967297, ["1"]))
    write("fuzz-kernels", "hostile-nested.json", "[" * 30000 + "]" * 30000)
    write("fuzz-kernels", "hostile-string-weight.json", kernel(1, ['"1"']))
    write("fuzz-kernels", "hostile-float-size.json", '{"size":3.0,"weights":[1,1,1,1,1,1,1,1,1]}')


def pickles():
    proto = b"\x80\x02"
    write("fuzz-pickle-graph", "valid-dict.pkl", proto + b"}q\x00(X\x01\x00\x00\x00aK\x01X\x01\x00\x00\x00bK\x02u.")
    write("fuzz-pickle-graph", "hostile-tuple1-chain.pkl", proto + b"N" + b"\x85" * 4000 + b".")
    write("fuzz-pickle-graph", "hostile-dup-flood.pkl", proto + b"N" + b"2" * 4000)
    write("fuzz-pickle-graph", "hostile-mark-flood.pkl", proto + b"(" * 4000)
    write("fuzz-pickle-graph", "hostile-memoize-flood.pkl", b"\x80\x04N" + b"\x94" * 4000)
    write("fuzz-pickle-graph", "memo-sparse-binput.pkl", proto + b"N" + b"".join(b"r" + struct.pack("<I", i * 7919) for i in range(800)) + b".")
    write("fuzz-pickle-graph", "cycle-self-append.pkl", proto + b"]q\x00" + b"h\x00a" * 1300 + b".")
    write("fuzz-pickle-graph", "hostile-lying-length.pkl", proto + b"\x8d" + b"\xff" * 7 + b"\x7f.")


if __name__ == "__main__":
    registry()
    kernels()
    pickles()
