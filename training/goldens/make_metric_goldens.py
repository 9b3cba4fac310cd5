"""Golden values for gendeg's metrics, from scikit-image and Pillow.

Takes crops of the bundled real photos, degrades them in a few deterministic ways,
stores each (clean, degraded) pair as 8-bit PNG (exact in both languages) and records
scikit-image's PSNR (RGB, and on BT.601 studio luma Y as BasicSR's test_y_channel does)
and SSIM and GenDeg's (mu, sigma) as the reference computes them (Pillow Lanczos resize to
256x256, then mean/std of |clean - degraded|). Also Pillow's float ('F' mode) Lanczos resize
of two clean crops, as raw little-endian float32 planes, for the resize itself.

Run: training/.venv/bin/python training/goldens/make_metric_goldens.py
"""
import json
import pathlib

import numpy as np
from PIL import Image, ImageFilter
from skimage.color import rgb2ycbcr
from skimage.metrics import peak_signal_noise_ratio, structural_similarity

ROOT = pathlib.Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "Sources/Engine/Resources/samples"
OUT = ROOT / "Tests/EngineTests/Fixtures/metrics"


def crop(name, box):
    return Image.open(SAMPLES / name).convert("RGB").crop(box)


def degrade(image, how, rng):
    a = np.asarray(image).astype(np.float64) / 255
    if how == "noise":
        a = a + rng.normal(0, 0.06, a.shape)
    elif how == "blur":
        return image.filter(ImageFilter.GaussianBlur(2.5))
    elif how == "dark":
        a = 0.35 * a ** 1.6
    elif how == "haze":
        t = np.linspace(0.9, 0.35, a.shape[0])[:, None, None]
        a = a * t + 0.85 * (1 - t)
    elif how == "streaks":
        a = a.copy()
        for _ in range(60):
            x, y = rng.integers(0, a.shape[1]), rng.integers(0, a.shape[0] - 20)
            a[y:y + 20, x] = np.clip(a[y:y + 20, x] + 0.5, 0, 1)
    return Image.fromarray((np.clip(a, 0, 1) * 255 + 0.5).astype(np.uint8))


def genDegStats(clean, degraded):
    a = np.array(clean.resize((256, 256), Image.Resampling.LANCZOS)) / 255
    b = np.array(degraded.resize((256, 256), Image.Resampling.LANCZOS)) / 255
    d = np.abs(a - b).flatten()
    return float(d.mean()), float(d.std())


LANCZOS_CASES = [
    ("pair5-blur-clean.png", (57, 43)),   # 300x290 down by ~5x
    ("pair0-noise-clean.png", (97, 181)),  # 128x128: narrower, taller
]


def write_lanczos_goldens():
    """Each channel resized in Pillow's float mode, so the golden carries no 8-bit rounding."""
    for name, (width, height) in LANCZOS_CASES:
        source = np.asarray(Image.open(OUT / name).convert("RGB")).astype(np.float32) / 255
        planes = [np.asarray(Image.fromarray(source[..., c], mode="F").resize((width, height), Image.Resampling.LANCZOS))
                  for c in range(3)]
        stem = name.removesuffix(".png")
        np.stack(planes).astype("<f4").tofile(OUT / f"lanczos-{stem}-{width}x{height}.f32")


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(2025)
    cases = [
        ("astronaut.png", (150, 40, 278, 168), "noise"),
        ("chelsea.png", (100, 60, 228, 188), "blur"),
        ("coffee.png", (200, 100, 328, 228), "dark"),
        ("rocket.jpg", (250, 50, 378, 178), "haze"),
        ("coffee.png", (0, 0, 203, 151), "streaks"),   # odd size
        ("astronaut.png", (100, 0, 400, 290), "blur"),  # larger than 256: downscaled for mu/sigma
    ]
    records = []
    for index, (name, box, how) in enumerate(cases):
        clean = crop(name, box)
        degraded = degrade(clean, how, rng)
        stem = f"pair{index}-{how}"
        clean.save(OUT / f"{stem}-clean.png")
        degraded.save(OUT / f"{stem}-degraded.png")
        a = np.asarray(clean).astype(np.float64) / 255
        b = np.asarray(degraded).astype(np.float64) / 255
        mu, sigma = genDegStats(clean, degraded)
        records.append({
            "clean": f"{stem}-clean.png",
            "degraded": f"{stem}-degraded.png",
            "psnr": peak_signal_noise_ratio(a, b, data_range=1.0),
            "ssim": structural_similarity(a, b, gaussian_weights=True, sigma=1.5,
                                          use_sample_covariance=False, data_range=1.0, channel_axis=-1),
            "mu": mu,
            "sigma": sigma,
            "psnr_y": peak_signal_noise_ratio(rgb2ycbcr(a)[..., 0] / 255, rgb2ycbcr(b)[..., 0] / 255, data_range=1.0),
        })
    (OUT / "metrics.json").write_text(json.dumps(records, indent=1))
    write_lanczos_goldens()
    print(json.dumps(records, indent=1))


if __name__ == "__main__":
    main()
