#!/bin/sh
# Builds the seed corpora from the committed checkpoint fixtures:
#   corpus/safetensors-seed: the small safetensors and PyTorch zip fixtures, whole;
#   corpus/pickle-seed: the data.pkl of the small PyTorch zip fixtures, and the pickle-graph
#     seeds of Tests/EngineTests/Fixtures/fuzz-pickle-graph (Fuzz/make-hostile-seeds.py);
#   corpus/registry-seed, corpus/kernels-seed: Tests/EngineTests/Fixtures/fuzz-registry and
#     fuzz-kernels, issue 11's hostile registry TOML and kernel JSON files and valid ones;
#   corpus/images-seed: every PNG and JPEG fixture of the image reader tests.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
fixtures="$here/../Tests/EngineTests/Fixtures/checkpoint"
mkdir -p "$here/corpus/safetensors-seed" "$here/corpus/pickle-seed"
for file in tensors.safetensors plain.pth wrapped.pth params_ema.pth model_state_dict.pth lightning.ckpt legacy.pth malicious.pth; do
    cp "$fixtures/$file" "$here/corpus/safetensors-seed/$file"
done
for file in "$fixtures"/plain.pth "$fixtures"/wrapped.pth "$fixtures"/params_ema.pth "$fixtures"/model_state_dict.pth "$fixtures"/malicious.pth "$fixtures"/lightning.ckpt; do
    name=$(basename "$file")
    entry=$(unzip -Z1 "$file" | grep '^[^/]*/data\.pkl$')
    unzip -p "$file" "$entry" > "$here/corpus/pickle-seed/$name.pkl"
done
cp "$here"/../Tests/EngineTests/Fixtures/fuzz-pickle-graph/*.pkl "$here/corpus/pickle-seed/"
mkdir -p "$here/corpus/registry-seed" "$here/corpus/kernels-seed"
cp "$here"/../Tests/EngineTests/Fixtures/fuzz-registry/*.toml "$here/corpus/registry-seed/"
cp "$here"/../Tests/EngineTests/Fixtures/fuzz-kernels/*.json "$here/corpus/kernels-seed/"
mkdir -p "$here/corpus/images-seed"
cp "$here"/../Tests/EngineTests/Fixtures/images/*.png "$here"/../Tests/EngineTests/Fixtures/images/*.jpg "$here/corpus/images-seed/"
ls -l "$here/corpus/safetensors-seed" "$here/corpus/pickle-seed" "$here/corpus/registry-seed" "$here/corpus/kernels-seed" \
    "$here/corpus/images-seed"
