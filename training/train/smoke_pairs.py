"""SMOKE TEST ONLY: fake degraded pairs from a few numpy operations, in `gendeg synth`'s layout.

They exercise the training scripts end to end before the gendeg binary exists. They are not
physical degradations and are never used for the bundled models (train_all.sh uses
`gendeg synth` only).
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
from PIL import Image

from gendeg_small import DEGRADATION_TYPES


def fake_degrade(image: np.ndarray, kind: str, strength: float, rng: np.random.Generator) -> np.ndarray:
    x = image.astype(np.float32) / 255.0
    if kind == "haze":
        x = x * (1 - strength) + 0.8 * strength
    elif kind == "low-light":
        x = x * (1 - strength)
    elif kind == "motion-blur":
        k = max(1, int(strength * 10))
        x = sum(np.roll(x, s, axis=1) for s in range(k)) / k
    else:  # rain, snow, raindrop: bright specks
        mask = rng.random(x.shape[:2]) < strength * 0.3
        x[mask] = 1.0
    return (np.clip(x, 0, 1) * 255).round().astype(np.uint8)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--images", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--limit", type=int, default=8)
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    lines = []
    for path in sorted(args.images.glob("*.png"))[: args.limit]:
        clean = np.asarray(Image.open(path).convert("RGB"))
        for kind in DEGRADATION_TYPES:
            for folder in ("input", "target"):
                (args.out / kind / folder).mkdir(parents=True, exist_ok=True)
            degraded = fake_degrade(clean, kind, float(rng.uniform(0.1, 0.6)), rng)
            name = f"{path.stem}.png"
            Image.fromarray(degraded).save(args.out / kind / "input" / name)
            Image.fromarray(clean).save(args.out / kind / "target" / name)
            diff = np.abs(degraded.astype(float) - clean) / 255
            lines.append(json.dumps({"id": f"{kind}-{path.stem}", "input": f"{kind}/input/{name}",
                                     "target": f"{kind}/target/{name}", "type": kind,
                                     "measuredMu": diff.mean(), "measuredSigma": diff.std(), "generator": "SMOKE-ONLY"}))
    (args.out / "manifest.jsonl").write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
