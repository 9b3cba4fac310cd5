#!/bin/sh
# Builds the fuzz targets as release ships (-O, checks kept) plus AddressSanitizer and libFuzzer,
# and runs each for FUZZ_RUNS executions (default 1,000,000), starting from the seed corpora and
# the corpus of earlier runs. A crash leaves its input in crashes/ and stops with a non-zero
# status. `make fuzz` runs this.
set -eu
cd "$(dirname "$0")"
runs=${FUZZ_RUNS:-1000000}
swift build -c release -Xswiftc -sanitize=fuzzer,address
./seed-corpus.sh > /dev/null
mkdir -p corpus/safetensors corpus/pickle corpus/registry corpus/kernels corpus/images crashes
./.build/release/fuzz-safetensors -runs="$runs" -timeout=10 -print_final_stats=1 \
    -artifact_prefix=crashes/safetensors- corpus/safetensors corpus/safetensors-seed
./.build/release/fuzz-pickle -runs="$runs" -max_len=4096 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix=crashes/pickle- corpus/pickle corpus/pickle-seed
./.build/release/fuzz-registry-toml -runs="$runs" -max_len=65536 -timeout=10 -print_final_stats=1 \
    -artifact_prefix=crashes/registry- corpus/registry corpus/registry-seed
./.build/release/fuzz-kernel-json -runs="$runs" -max_len=65536 -timeout=10 -print_final_stats=1 \
    -artifact_prefix=crashes/kernels- corpus/kernels corpus/kernels-seed
./.build/release/fuzz-image-readers -runs="$runs" -max_len=65536 -timeout=10 -print_final_stats=1 \
    -artifact_prefix=crashes/images- corpus/images corpus/images-seed
