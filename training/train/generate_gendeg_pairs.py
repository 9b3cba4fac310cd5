"""Synthetic training pairs from GenDeg-small, for restorer (b): the paper's GenDS idea in miniature.

For random crops of the training photos (never the held-out ones), picks a degradation type
and a GenDS intensity, and writes GenDeg-small's output in `gendeg synth`'s layout:
OUT/<type>/input/*.png (generated), OUT/<type>/target/*.png (clean crop), OUT/manifest.jsonl.
Every record says generator "GenDeg-small" and synthetic true: these are generator outputs,
not real degraded photos. Stops at --count pairs or after --minutes, whichever comes first.
"""
from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np
import torch
from PIL import Image

from gendeg_pipeline import GenDegPipeline, to_u8
from gendeg_small import DEGRADATION_TYPES
from gends_intensity import GenDSSampler
from pairs import crop_stats, load_rgb_u8, to_tensor
from train_utils import configure_threads


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", type=Path, required=True)
    parser.add_argument("--images", type=Path, required=True, help="folder of clean training crops")
    parser.add_argument("--stats", type=Path, required=True, help="intensity-stats.json")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--crop", type=int, default=64)
    parser.add_argument("--batch", type=int, default=8)
    parser.add_argument("--count", type=int, default=600)
    parser.add_argument("--minutes", type=float, default=3)
    parser.add_argument("--steps", type=int, default=10)
    parser.add_argument("--text-cfg", type=float, default=3.0)
    parser.add_argument("--image-cfg", type=float, default=1.5)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    configure_threads(args.threads)
    pipe = GenDegPipeline(args.model)
    files = sorted(args.images.glob("*.png"))
    if not files:
        raise FileNotFoundError(f"no PNG crops in {args.images}")
    images = np.stack([load_rgb_u8(f) for f in files])
    samplers = {t: GenDSSampler(args.stats, t) for t in DEGRADATION_TYPES}
    rng = np.random.default_rng(args.seed)
    deadline = time.monotonic() + args.minutes * 60
    records, made, batch_no = [], 0, 0
    manifest = args.out / "manifest.jsonl"
    args.out.mkdir(parents=True, exist_ok=True)
    manifest.write_text("")
    while made < args.count and time.monotonic() < deadline:
        kind = DEGRADATION_TYPES[batch_no % len(DEGRADATION_TYPES)]
        mu, sigma = samplers[kind].draw(rng)
        picks = rng.integers(0, len(images), args.batch)
        h, w = images.shape[1:3]
        crops = []
        for k in picks:
            y, x = rng.integers(0, h - args.crop + 1), rng.integers(0, w - args.crop + 1)
            crops.append(images[k, y:y + args.crop, x:x + args.crop])
        crops = np.stack(crops)
        out = to_u8(pipe.generate(to_tensor(crops), kind, mu, sigma, steps=args.steps, text_cfg=args.text_cfg,
                                  image_cfg=args.image_cfg, seed=args.seed * 100003 + batch_no))
        for folder in ("input", "target"):
            (args.out / kind / folder).mkdir(parents=True, exist_ok=True)
        with manifest.open("a") as f:
            for i, k in enumerate(picks):
                name = f"{batch_no:05d}_{i}_{files[k].stem}.png"
                Image.fromarray(out[i]).save(args.out / kind / "input" / name)
                Image.fromarray(crops[i]).save(args.out / kind / "target" / name)
                measured = crop_stats(out[i], crops[i])
                f.write(json.dumps({"id": f"{kind}-{name}", "input": f"{kind}/input/{name}", "target": f"{kind}/target/{name}",
                                    "type": kind, "targetMu": mu, "targetSigma": sigma, "measuredMu": measured[0],
                                    "measuredSigma": measured[1], "generator": "GenDeg-small", "synthetic": True,
                                    "sourcePath": str(files[k])}) + "\n")
        made += len(picks)
        batch_no += 1
        print(json.dumps({"stage": "gendeg-pairs", "made": made, "type": kind, "mu": round(mu, 3)}), flush=True)


if __name__ == "__main__":
    main()
