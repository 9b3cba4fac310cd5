"""Check: does GenDeg-small's measured output intensity track the requested mu, per type?

For each type, requests mu at the 10/35/65/90th percentiles of that type's GenDS
distribution (sigma: the typical real sigma for that mu) on every held-out photo, then
measures mu as GenDeg does (both images Lanczos-resized to 256x256 as 8-bit, mean of
|clean - degraded|). Reports, per type, the Pearson correlation between requested and
measured mu, the mean error (measured - requested) and the mean absolute error.
Also writes one example strip per type: the clean photo, then outputs at rising mu.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "train"))  # the modules shared with training

from gendeg_pipeline import GenDegPipeline, to_u8  # noqa: E402
from gendeg_small import DEGRADATION_TYPES  # noqa: E402
from gends_intensity import GenDSSampler  # noqa: E402
from pairs import load_rgb_u8, to_tensor  # noqa: E402
from train_utils import configure_threads  # noqa: E402

QUANTILES = [0.10, 0.35, 0.65, 0.90]


def measure_mu(clean: np.ndarray, degraded: np.ndarray) -> tuple[float, float]:
    a = np.asarray(Image.fromarray(clean).resize((256, 256), Image.Resampling.LANCZOS), float) / 255
    b = np.asarray(Image.fromarray(degraded).resize((256, 256), Image.Resampling.LANCZOS), float) / 255
    diff = np.abs(a - b)
    return float(diff.mean()), float(diff.std())


def requested_mus(sampler: GenDSSampler, rng: np.random.Generator) -> list[float]:
    draws = [sampler.draw(rng)[0] for _ in range(4000)]
    return [round(float(np.quantile(draws, q)), 3) for q in QUANTILES]


def example_strip(clean: np.ndarray, outputs: list[np.ndarray], mus: list[float], kind: str, path: Path) -> None:
    size = clean.shape[0]
    strip = Image.new("RGB", ((len(outputs) + 1) * size, size + 26), "white")
    draw = ImageDraw.Draw(strip)
    strip.paste(Image.fromarray(clean), (0, 0))
    draw.text((2, size + 1), "clean photo (real)", fill="black")
    for i, (image, mu) in enumerate(zip(outputs, mus)):
        x = (i + 1) * size
        strip.paste(Image.fromarray(image), (x, 0))
        draw.text((x + 2, size + 1), f"{kind}, mu {mu:.2f}", fill="black")
        draw.text((x + 2, size + 13), "GenDeg-small output", fill="black")
    strip.save(path, optimize=True)
    if path.stat().st_size > 95_000:  # keep the docs' images small: fall back to a 256-colour palette
        strip.quantize(256, dither=Image.Dither.FLOYDSTEINBERG).save(path, optimize=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", type=Path, required=True)
    parser.add_argument("--images", type=Path, required=True, help="held-out clean photos at the model's resolution")
    parser.add_argument("--stats", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True, help="results JSON")
    parser.add_argument("--examples", type=Path, help="folder for one example strip per type")
    parser.add_argument("--example-photo", default="china")
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--text-cfg", type=float, default=3.0)
    parser.add_argument("--image-cfg", type=float, default=1.5)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--limit", type=int, default=10)
    args = parser.parse_args()
    configure_threads(args.threads)
    pipe = GenDegPipeline(args.model)
    files = sorted(args.images.glob("*.png"))[: args.limit]
    if not files:
        raise FileNotFoundError(f"no held-out PNGs in {args.images}")
    clean = np.stack([load_rgb_u8(f) for f in files])
    example_index = next((i for i, f in enumerate(files) if f.stem == args.example_photo), 0)
    rng = np.random.default_rng(0)
    results = {"settings": {"steps": args.steps, "text_cfg": args.text_cfg, "image_cfg": args.image_cfg,
                            "photos": [f.stem for f in files], "resolution": pipe.resolution}, "types": {}}
    for kind in DEGRADATION_TYPES:
        sampler = GenDSSampler(args.stats, kind)
        rows, examples = [], []
        mus = requested_mus(sampler, rng)
        for j, mu in enumerate(mus):
            sigma = sampler.typical_sigma(mu)
            out = to_u8(pipe.generate(to_tensor(clean), kind, mu, sigma, steps=args.steps, text_cfg=args.text_cfg,
                                      image_cfg=args.image_cfg, seed=1000 * j + DEGRADATION_TYPES.index(kind)))
            for i in range(len(files)):
                m, s = measure_mu(clean[i], out[i])
                rows.append({"photo": files[i].stem, "requested_mu": mu, "requested_sigma": round(sigma, 4),
                             "measured_mu": round(m, 4), "measured_sigma": round(s, 4)})
            examples.append(out[example_index])
            print(json.dumps({"type": kind, "mu": mu, "measured_mean": round(float(np.mean([r["measured_mu"] for r in rows[-len(files):]])), 4)}), flush=True)
        req = np.array([r["requested_mu"] for r in rows])
        got = np.array([r["measured_mu"] for r in rows])
        results["types"][kind] = {
            "requested_mus": mus,
            "correlation": round(float(np.corrcoef(req, got)[0, 1]), 3),
            "mean_error": round(float((got - req).mean()), 4),
            "mean_abs_error": round(float(np.abs(got - req).mean()), 4),
            "measured_mean_per_requested": [round(float(got[req == mu].mean()), 4) for mu in mus],
            "samples": rows,
        }
        if args.examples:
            args.examples.mkdir(parents=True, exist_ok=True)
            example_strip(clean[example_index], examples, mus, kind, args.examples / f"gendeg-small-{kind}.png")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=1) + "\n")
    print("| type | requested mu | measured mu (mean) | correlation | mean error | mean abs error |")
    print("|---|---|---|---|---|---|")
    for kind, r in results["types"].items():
        print(f"| {kind} | {', '.join(f'{m:.3f}' for m in r['requested_mus'])} | "
              f"{', '.join(f'{m:.3f}' for m in r['measured_mean_per_requested'])} | {r['correlation']:.3f} | "
              f"{r['mean_error']:+.4f} | {r['mean_abs_error']:.4f} |")


if __name__ == "__main__":
    main()
