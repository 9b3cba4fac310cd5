#!/bin/sh
# Builds the fuzz targets (checked build) and runs each for FUZZ_RUNS executions (default
# 1,000,000), starting from the seed corpora and the corpus of earlier runs. A crash leaves its
# input in crashes/ and stops with a non-zero status. `make fuzz` runs this.
set -eu
cd "$(dirname "$0")"
runs=${FUZZ_RUNS:-1000000}
swift build -c debug -Xswiftc -sanitize=fuzzer,address -Xswiftc -O
./seed-corpus.sh > /dev/null
mkdir -p corpus/safetensors corpus/pickle corpus/images crashes
./.build/debug/fuzz-safetensors -runs="$runs" -timeout=10 -print_final_stats=1 \
    -artifact_prefix=crashes/safetensors- corpus/safetensors corpus/safetensors-seed
./.build/debug/fuzz-pickle -runs="$runs" -max_len=4096 -timeout=10 -print_final_stats=1 \
    -artifact_prefix=crashes/pickle- corpus/pickle corpus/pickle-seed
./.build/debug/fuzz-image-readers -runs="$runs" -max_len=65536 -timeout=10 -print_final_stats=1 \
    -artifact_prefix=crashes/images- corpus/images corpus/images-seed
