"""The paper's claim in miniature: restorers on held-out photos degraded by other code bases.

Held-out photos (never trained on) are degraded by imagecorruptions (fog, snow, motion_blur,
severity 3) and albumentations (RandomFog, RandomRain, RandomSnow): out of distribution for
both NAFNet-small variants and for GenDeg-small. Restored by:
  - nothing (the degraded image itself),
  - NAFNet-small (a) physical pairs only, (b) physical + GenDeg-small pairs,
  - gendeg's classical restorers through the CLI (`gendeg restore IN OUT --restorer NAME`),
    each on the corruptions whose type it targets.
Reports PSNR (dB) and SSIM (scikit-image, 8-bit RGB) per corruption, mean over the photos.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import torch
from PIL import Image
from safetensors.torch import load_file
from skimage.metrics import peak_signal_noise_ratio, structural_similarity

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "train"))  # the modules shared with training

from nafnet_arch import NAFNet  # noqa: E402
from ood_corruptions import CORRUPTIONS, corrupt  # noqa: E402
from pairs import load_rgb_u8, to_unit  # noqa: E402
from train_utils import configure_threads  # noqa: E402

# The gendeg type each corruption imitates, to pick the classical restorers that target it.
CORRUPTION_TYPE = {"ic-fog": "haze", "ic-snow": "snow", "ic-motion_blur": "motion-blur",
                   "alb-RandomFog": "haze", "alb-RandomRain": "rain", "alb-RandomSnow": "snow"}


def load_nafnet(folder: Path) -> NAFNet:
    config = json.loads((folder / "config.json").read_text())
    model = NAFNet(img_channel=config["img_channel"], width=config["width"], middle_blk_num=config["middle_blk_num"],
                   enc_blk_nums=config["enc_blk_nums"], dec_blk_nums=config["dec_blk_nums"])
    model.load_state_dict({k: v.float() for k, v in load_file(str(folder / "model.safetensors")).items()})
    return model.eval()


@torch.no_grad()
def run_nafnet(model: NAFNet, image: np.ndarray) -> np.ndarray:
    out = model(to_unit(image[None]))[0].clamp(0, 1)
    return (out.permute(1, 2, 0).numpy() * 255).round().astype(np.uint8)


def classical_restorers(gendeg: Path) -> dict[str, list[str]]:
    """name -> targeted types, parsed from `gendeg restorers`."""
    text = subprocess.run([str(gendeg), "restorers"], check=True, capture_output=True, text=True).stdout
    restorers = {}
    for line in text.splitlines()[1:]:
        parts = line.split()
        if len(parts) >= 3 and parts[1] == "classical":
            restorers[parts[0]] = parts[2].split(",")
    return restorers


def metrics(clean: np.ndarray, restored: np.ndarray) -> tuple[float, float]:
    return (float(peak_signal_noise_ratio(clean, restored, data_range=255)),
            float(structural_similarity(clean, restored, channel_axis=2, data_range=255)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--images", type=Path, required=True, help="held-out clean photos")
    parser.add_argument("--nafnet", type=Path, nargs="+", required=True, help="exported NAFNet folders")
    parser.add_argument("--gendeg", type=Path, help="gendeg binary, for the classical restorers")
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    configure_threads(args.threads)
    files = sorted(args.images.glob("*.png"))
    if not files:
        raise FileNotFoundError(f"no held-out PNGs in {args.images}")
    nafnets = {folder.name: load_nafnet(folder) for folder in args.nafnet}
    classical = classical_restorers(args.gendeg) if args.gendeg else {}
    scores: dict[str, dict[str, list[tuple[float, float]]]] = {c: {} for c in CORRUPTIONS}
    for ci, name in enumerate(CORRUPTIONS):
        folder = args.work / name
        folder.mkdir(parents=True, exist_ok=True)
        for fi, file in enumerate(files):
            clean = load_rgb_u8(file)
            degraded = corrupt(clean, name, seed=1000 * ci + fi)
            degraded_path = folder / f"{file.stem}.png"
            Image.fromarray(degraded).save(degraded_path)
            scores[name].setdefault("degraded (no restoration)", []).append(metrics(clean, degraded))
            for label, model in nafnets.items():
                scores[name].setdefault(label, []).append(metrics(clean, run_nafnet(model, degraded)))
            for restorer, targets in classical.items():
                if CORRUPTION_TYPE[name] not in targets:
                    continue
                out_path = folder / f"{file.stem}.{restorer}.png"
                subprocess.run([str(args.gendeg), "restore", str(degraded_path), str(out_path), "--restorer", restorer],
                               check=True, capture_output=True)
                scores[name].setdefault(f"classical: {restorer}", []).append(metrics(clean, load_rgb_u8(out_path)))
        print(json.dumps({name: {k: round(float(np.mean([p for p, _ in v])), 2) for k, v in scores[name].items()}}), flush=True)
    summary = {c: {k: {"psnr": round(float(np.mean([p for p, _ in v])), 2), "ssim": round(float(np.mean([s for _, s in v])), 4),
                       "n": len(v)} for k, v in by.items()} for c, by in scores.items()}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"photos": [f.stem for f in files], "results": summary}, indent=1) + "\n")
    methods = ["degraded (no restoration)"] + list(nafnets)
    print("| corruption | " + " | ".join(methods) + " | best classical |")
    print("|---|" + "---|" * (len(methods) + 1))
    for c, by in summary.items():
        cells = [f"{by[m]['psnr']:.2f} / {by[m]['ssim']:.3f}" for m in methods]
        best = max((k for k in by if k.startswith("classical")), key=lambda k: by[k]["psnr"], default=None)
        cells.append(f"{by[best]['psnr']:.2f} / {by[best]['ssim']:.3f} ({best[11:]})" if best else "none targets it")
        print(f"| {c} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
