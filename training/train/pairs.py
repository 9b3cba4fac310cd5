"""Paired (degraded, clean) images written by `gendeg synth`, loaded into memory as uint8 arrays.

`gendeg synth --out DIR` writes DIR/<type>/input/*.png, DIR/<type>/target/*.png and a JSONL
manifest whose records name both files (relative to DIR), the type and the measured mu/sigma.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
from PIL import Image

from gendeg_small import DEGRADATION_TYPES


@dataclass
class PairSet:
    degraded: np.ndarray   # [N, H, W, 3] uint8
    clean: np.ndarray      # [N, H, W, 3] uint8
    types: list[str]       # one of DEGRADATION_TYPES per pair
    source: list[str]      # file name of the clean photo crop

    def __len__(self) -> int:
        return len(self.types)


def manifest_records(folder: Path) -> list[dict]:
    merged = folder / "manifest.jsonl"
    files = [merged] if merged.exists() else sorted(folder.glob("*.jsonl"))
    if not files:
        raise FileNotFoundError(f"no manifest .jsonl in {folder}: run `gendeg synth --out {folder}` first")
    records: dict[str, dict] = {}
    for file in files:
        for line in file.read_text().splitlines():
            if line.strip():
                record = json.loads(line)
                records[record["id"]] = record
    return [records[k] for k in sorted(records)]


def load_rgb_u8(path: Path) -> np.ndarray:
    return np.asarray(Image.open(path).convert("RGB"), dtype=np.uint8)


def load_pairs(folders: list[Path], size: int | None = None) -> PairSet:
    degraded, clean, types, source = [], [], [], []
    for folder in folders:
        for record in manifest_records(folder):
            kind = record["type"]
            if kind not in DEGRADATION_TYPES:
                raise ValueError(f"{folder}: unknown degradation type {kind!r} in the manifest")
            d = load_rgb_u8(folder / record["input"])
            c = load_rgb_u8(folder / record["target"])
            if d.shape != c.shape:
                raise ValueError(f"{record['input']}: degraded {d.shape} and clean {c.shape} differ in size")
            if size is not None and d.shape[:2] != (size, size):
                raise ValueError(f"{record['input']}: expected {size}x{size}, got {d.shape[1]}x{d.shape[0]}")
            degraded.append(d)
            clean.append(c)
            types.append(kind)
            source.append(Path(record["target"]).name)
    if not types:
        raise ValueError(f"no pairs in {folders}")
    return PairSet(np.stack(degraded), np.stack(clean), types, source)


def to_tensor(images: np.ndarray) -> torch.Tensor:
    """[N, H, W, 3] uint8 -> [N, 3, H, W] float in [-1, 1]."""
    return torch.from_numpy(images).permute(0, 3, 1, 2).float().div(127.5).sub(1.0)


def to_unit(images: np.ndarray) -> torch.Tensor:
    """[N, H, W, 3] uint8 -> [N, 3, H, W] float in [0, 1]."""
    return torch.from_numpy(images).permute(0, 3, 1, 2).float().div(255.0)


def crop_stats(degraded_u8: np.ndarray, clean_u8: np.ndarray) -> tuple[float, float]:
    """GenDeg's mu and sigma of |clean - degraded| over all pixels and channels, in [0, 1] units."""
    diff = np.abs(degraded_u8.astype(np.float64) - clean_u8.astype(np.float64)) / 255.0
    return float(diff.mean()), float(diff.std())
