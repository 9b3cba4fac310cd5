"""The clean photos the bundled models learn from, where they come from, and the held-out split.

Sources (all real photographs, picked by hand from what the packages ship; drawings,
gradients, logos and the two photos that are already hazy, fog.jpg and Valendas.png, are left out):
- Debian lomiri-wallpapers-16.04: /usr/share/backgrounds/*.jpg
- Debian mate-backgrounds: /usr/share/backgrounds/mate/nature/*.jpg
- Debian lxqt-themes: /usr/share/lxqt/wallpapers/
- PyPI wheels' sample images: scikit-image (in the venv), scikit-learn and matplotlib
  (unpacked by `fetch-wheels` from `pip download` into training/runs/wheels).

`prepare` writes square crops, Lanczos-resized to the working size, as 8-bit PNGs:
  OUT/train/     several random crops per training photo (the models' training inputs)
  OUT/heldout/   one center crop per held-out photo at the working size (generator checks)
  OUT/heldout-eval/  two crops per held-out photo at the evaluation size (restorer benchmark)
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image

TRAINING_DIR = Path(__file__).resolve().parents[1]
WHEELS_DIR = TRAINING_DIR / "runs" / "wheels"
SKIMAGE_DATA = Path(__import__("skimage").__file__).parent / "data"


@dataclass(frozen=True)
class Photo:
    path: Path
    author: str
    license: str
    package: str

    @property
    def name(self) -> str:
        return self.path.stem


def _lomiri(file: str, author: str, license: str) -> Photo:
    return Photo(Path("/usr/share/backgrounds") / file, author, license, "lomiri-wallpapers-16.04 (Debian)")


def _mate(file: str, author: str) -> Photo:
    return Photo(Path("/usr/share/backgrounds/mate/nature") / file, author, "GPL-2+", "mate-backgrounds (Debian)")


def _lxqt(file: str, author: str) -> Photo:
    return Photo(Path("/usr/share/lxqt/wallpapers") / file, author, "CC-BY-SA-3.0", "lxqt-themes (Debian)")


PHOTOS: list[Photo] = [
    _lomiri("Bridge_by_Sander_Klootwijk.jpg", "Sander Klootwijk", "CC-BY-SA-4.0"),
    _lomiri("Dragonfly_by_Bolly.jpg", "Bolly", "CC-BY-SA-4.0"),
    _lomiri("Picture_0B_by_freespace.jpg", "freespace", "CC-BY-4.0"),
    _lomiri("Picture_1A_by_freespace.jpg", "freespace", "CC-BY-4.0"),
    _lomiri("Wine_by_Jakkub_Mede.jpg", "Jakkub Mede", "CC-BY-4.0"),
    _lomiri("aitzgorri_by_Aitzol_Berasategi.jpg", "Aitzol Berasategi", "CC-BY-4.0"),
    _lomiri("free_by_Peter_Nerlich.jpg", "Peter Nerlich", "CC-BY-SA-4.0"),
    _lomiri("friends_by_Aitzol_Berasategi.jpg", "Aitzol Berasategi", "CC-BY-4.0"),
    _lomiri("greentock_by_Peter_Nerlich.jpg", "Peter Nerlich", "CC-BY-SA-4.0"),
    _lomiri("life_by_Aitzol_Berasategi.jpg", "Aitzol Berasategi", "CC-BY-4.0"),
    _lomiri("picosdeeuropa_by_Aitzol_Berasategi.jpg", "Aitzol Berasategi", "CC-BY-4.0"),
    _lomiri("seeding_by_Clements_Engelhardt.jpg", "Clements Engelhardt", "CC0-1.0"),
    _lomiri("sunset_by_Aitzol_Berasategi.jpg", "Aitzol Berasategi", "CC-BY-4.0"),
    _mate("Aqua.jpg", "Charles Barbin"),
    _mate("Blinds.jpg", "Lennart Poettering, Andrea Cimitan"),
    _mate("Dune.jpg", "Marco Cogoni, Hylke Bons"),
    _mate("FreshFlower.jpg", "Jens Ansorg"),
    _mate("Garden.jpg", "Charles Barbin"),
    _mate("GreenMeadow.jpg", "Timothy Schellhase, Lapo Calamandrei"),
    _mate("LadyBird.jpg", "Charles Barbin"),
    _mate("RainDrops.jpg", "blackcombwhistler07"),
    _mate("TwoWings.jpg", "Charles Barbin"),
    _mate("Wood.jpg", "Jean-François Fortin Tam"),
    _mate("YellowFlower.jpg", "Charles Barbin"),
    _lxqt("Butterfly-Kenneth-Wimer.jpg", "Kenneth Wimer (LXQt Project Team)"),
    _lxqt("after-the-rain.jpg", "stefonarch (LXQt Project Team)"),
    _lxqt("this-is-not-windows.jpg", "stefonarch (LXQt Project Team)"),
    _lxqt("appleflower.png", "stefonarch (LXQt Project Team)"),
    _lxqt("beam.png", "stefonarch (LXQt Project Team)"),
    _lxqt("butterfly.png", "stefonarch (LXQt Project Team)"),
    _lxqt("cloud.png", "LXQt Project Team"),
    _lxqt("drop.png", "stefonarch (LXQt Project Team)"),
    _lxqt("flowers.png", "stefonarch (LXQt Project Team)"),
    Photo(SKIMAGE_DATA / "astronaut.png", "NASA (Eileen Collins)", "public domain", "scikit-image wheel"),
    Photo(SKIMAGE_DATA / "chelsea.png", "Stefan van der Walt", "CC0", "scikit-image wheel"),
    Photo(SKIMAGE_DATA / "coffee.png", "Rachel Michetti", "CC0", "scikit-image wheel"),
    Photo(SKIMAGE_DATA / "rocket.jpg", "SpaceX", "public domain", "scikit-image wheel"),
    Photo(WHEELS_DIR / "china.jpg", "danielbuechele (Flickr)", "CC-BY-2.0", "scikit-learn wheel"),
    Photo(WHEELS_DIR / "flower.jpg", "vultilion (Flickr)", "CC-BY-2.0", "scikit-learn wheel"),
    Photo(WHEELS_DIR / "grace_hopper.jpg", "U.S. Navy (James S. Davis)", "public domain", "matplotlib wheel"),
]

# Never seen in training: used only to check GenDeg-small and to benchmark the restorers.
HELD_OUT = {
    "Bridge_by_Sander_Klootwijk", "picosdeeuropa_by_Aitzol_Berasategi", "Wine_by_Jakkub_Mede",
    "seeding_by_Clements_Engelhardt", "Dune", "LadyBird", "after-the-rain", "flowers", "china", "coffee",
}

# Pinned, so the photos are the same bytes every time.
WHEEL_IMAGES = {
    "scikit-learn==1.9.1": ["sklearn/datasets/images/china.jpg", "sklearn/datasets/images/flower.jpg"],
    "matplotlib==3.11.2": ["matplotlib/mpl-data/sample_data/grace_hopper.jpg"],
}


def fetch_wheels() -> None:
    """Downloads the scikit-learn and matplotlib wheels (no install) and unpacks their sample photos."""
    WHEELS_DIR.mkdir(parents=True, exist_ok=True)
    for package, members in WHEEL_IMAGES.items():
        if all((WHEELS_DIR / Path(m).name).exists() for m in members):
            continue
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--quiet", "-d", str(WHEELS_DIR), package],
                       check=True)
        name, version = package.split("==")
        wheel = next(WHEELS_DIR.glob(f"{name.replace('-', '_')}-{version}-*.whl"))
        with zipfile.ZipFile(wheel) as archive:
            for member in members:
                (WHEELS_DIR / Path(member).name).write_bytes(archive.read(member))


def available(photos: list[Photo]) -> list[Photo]:
    missing = [str(p.path) for p in photos if not p.path.exists()]
    if missing:
        raise FileNotFoundError("training photos missing (install lomiri-wallpapers, mate-backgrounds, "
                                "lxqt-themes; run `photos.py fetch-wheels`): " + ", ".join(missing))
    return photos


def training_photos() -> list[Photo]:
    return available([p for p in PHOTOS if p.name not in HELD_OUT])


def held_out_photos() -> list[Photo]:
    return available([p for p in PHOTOS if p.name in HELD_OUT])


def load_rgb(path: Path) -> Image.Image:
    return Image.open(path).convert("RGB")


def square_crop(image: Image.Image, side: int, left: int, top: int, size: int) -> Image.Image:
    return image.crop((left, top, left + side, top + side)).resize((size, size), Image.Resampling.LANCZOS)


def random_crops(image: Image.Image, count: int, size: int, rng: np.random.Generator) -> list[Image.Image]:
    # Crops from half the short side to all of it, so the working-size images show
    # both whole scenes and closer views.
    w, h = image.size
    short = min(w, h)
    crops = []
    for _ in range(count):
        side = int(short * rng.uniform(0.5, 1.0))
        left = int(rng.integers(0, w - side + 1))
        top = int(rng.integers(0, h - side + 1))
        crops.append(square_crop(image, side, left, top, size))
    return crops


def center_crop(image: Image.Image, size: int, fraction: float = 1.0) -> Image.Image:
    w, h = image.size
    side = int(min(w, h) * fraction)
    return square_crop(image, side, (w - side) // 2, (h - side) // 2, size)


def prepare(out: Path, size: int, eval_size: int, crops_per_photo: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    for sub in ("train", "heldout", "heldout-eval"):
        (out / sub).mkdir(parents=True, exist_ok=True)
    for photo in training_photos():
        image = load_rgb(photo.path)
        for k, crop in enumerate(random_crops(image, crops_per_photo, size, rng)):
            crop.save(out / "train" / f"{photo.name}_{k}.png")
    for photo in held_out_photos():
        image = load_rgb(photo.path)
        center_crop(image, size).save(out / "heldout" / f"{photo.name}.png")
        center_crop(image, eval_size).save(out / "heldout-eval" / f"{photo.name}_full.png")
        center_crop(image, eval_size, 0.5).save(out / "heldout-eval" / f"{photo.name}_half.png")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("fetch-wheels")
    p = sub.add_parser("prepare")
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--size", type=int, default=128)
    p.add_argument("--eval-size", type=int, default=256)
    p.add_argument("--crops-per-photo", type=int, default=8)
    p.add_argument("--seed", type=int, default=0)
    sub.add_parser("list")
    args = parser.parse_args()
    if args.command == "fetch-wheels":
        fetch_wheels()
    elif args.command == "prepare":
        prepare(args.out, args.size, args.eval_size, args.crops_per_photo, args.seed)
    else:
        for p in PHOTOS:
            print(f"{'held-out' if p.name in HELD_OUT else 'train   '}  {p.license:14s} {p.author:40s} {p.package}: {p.path}")


if __name__ == "__main__":
    main()
