"""OpenAI CLIP's BPE tokenizer files (vocab.json, merges.txt) from bpe_simple_vocab_16e6.txt.gz.

The vocabulary's layout (49408 entries): the 256 byte-level symbols, the same 256 with the
end-of-word marker '</w>', the concatenation of each of the first 48894 merges in rank order,
then <|startoftext|> and <|endoftext|>. transformers.CLIPTokenizer reads the two files this writes.
"""
from __future__ import annotations

import gzip
import json
from pathlib import Path

VOCAB_SIZE = 49408
MERGE_COUNT = 49152 - 256 - 2


def byte_symbols() -> list[str]:
    """The byte-level alphabet in vocabulary order. The 188 bytes that Latin-1 shows as a visible
    character stand for themselves, in byte order; the 68 others (controls, space, no-break space,
    soft hyphen) follow, in byte order, as U+0100, U+0101, ... so that no symbol is invisible."""
    visible = [*range(0x21, 0x7F), *range(0xA1, 0xAD), *range(0xAE, 0x100)]
    hidden_count = 256 - len(visible)
    return [chr(b) for b in visible] + [chr(0x100 + i) for i in range(hidden_count)]


def clip_vocabulary(bpe_gz: Path) -> tuple[list[str], list[tuple[str, str]]]:
    """(vocabulary in id order, merges in rank order) of the BPE file; its first line is a header."""
    lines = gzip.open(bpe_gz).read().decode("utf-8").split("\n")
    merges = [tuple(line.split()) for line in lines[1:MERGE_COUNT + 1]]
    symbols = byte_symbols()
    vocab = symbols + [s + "</w>" for s in symbols] + ["".join(m) for m in merges]
    vocab += ["<|startoftext|>", "<|endoftext|>"]
    if len(vocab) != VOCAB_SIZE or len(set(vocab)) != VOCAB_SIZE:
        raise ValueError(f"built {len(vocab)} tokens ({len(set(vocab))} distinct), expected {VOCAB_SIZE}: "
                         f"is {bpe_gz} CLIP's BPE file?")
    return vocab, merges


def write_tokenizer(bpe_gz: Path, out_dir: Path) -> None:
    vocab, merges = clip_vocabulary(bpe_gz)
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "vocab.json").write_text(json.dumps({tok: i for i, tok in enumerate(vocab)}, ensure_ascii=False))
    (out_dir / "merges.txt").write_text("#version: 0.2\n" + "\n".join(" ".join(m) for m in merges) + "\n")
    # Stable Diffusion v1's tokenizer settings: pad with <|endoftext|> to 77 tokens.
    (out_dir / "special_tokens_map.json").write_text(json.dumps({
        "bos_token": "<|startoftext|>", "eos_token": "<|endoftext|>",
        "pad_token": "<|endoftext|>", "unk_token": "<|endoftext|>"}, indent=2))
    (out_dir / "tokenizer_config.json").write_text(json.dumps({
        "tokenizer_class": "CLIPTokenizer", "model_max_length": 77, "do_lower_case": True,
        "bos_token": "<|startoftext|>", "eos_token": "<|endoftext|>",
        "pad_token": "<|endoftext|>", "unk_token": "<|endoftext|>"}, indent=2))


def load_tokenizer(directory: Path):
    from transformers import CLIPTokenizer
    return CLIPTokenizer.from_pretrained(str(directory))


def tokenize(tokenizer, prompts: list[str]):
    return tokenizer(prompts, padding="max_length", max_length=77, truncation=True, return_tensors="pt").input_ids


def fetch_bpe(folder: Path) -> Path:
    """CLIP's BPE merges as open_clip_torch ships them: downloads the wheel (no install) and unpacks the file."""
    import subprocess
    import sys
    import zipfile
    target = folder / "bpe_simple_vocab_16e6.txt.gz"
    if not target.exists():
        folder.mkdir(parents=True, exist_ok=True)
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--quiet", "-d", str(folder),
                        "open_clip_torch==3.3.0"], check=True)
        wheel = next(folder.glob("open_clip_torch-*.whl"))
        with zipfile.ZipFile(wheel) as archive:
            target.write_bytes(archive.read("open_clip/bpe_simple_vocab_16e6.txt.gz"))
    return target


if __name__ == "__main__":
    import argparse
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--bpe", type=Path, help="bpe_simple_vocab_16e6.txt.gz (default: fetch it from open_clip_torch's wheel)")
    parser.add_argument("--wheels", type=Path, default=Path(__file__).resolve().parents[1] / "runs" / "wheels")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    write_tokenizer(args.bpe or fetch_bpe(args.wheels), args.out)
