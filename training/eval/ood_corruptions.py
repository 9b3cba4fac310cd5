"""Degradations from other code bases, out of distribution for every model trained here.

imagecorruptions (Michaelis et al., the ImageNet-C corruptions): fog, snow, motion_blur.
albumentations: RandomFog, RandomRain, RandomSnow.

imagecorruptions 1.1.2 predates NumPy 2 and setuptools without pkg_resources; the two
aliases below restore exactly the names it imports, without changing its code.
"""
from __future__ import annotations

import importlib.resources
import os
import sys
import types

import numpy as np

if not hasattr(np, "float_"):
    np.float_ = np.float64
if "pkg_resources" not in sys.modules:
    try:
        import pkg_resources  # noqa: F401
    except ImportError:
        shim = types.ModuleType("pkg_resources")
        shim.resource_filename = lambda package, name: os.path.join(str(importlib.resources.files(package)), name)
        sys.modules["pkg_resources"] = shim

import albumentations as A  # noqa: E402
import imagecorruptions  # noqa: E402

CORRUPTIONS = ["ic-fog", "ic-snow", "ic-motion_blur", "alb-RandomFog", "alb-RandomRain", "alb-RandomSnow"]


def corrupt(image: np.ndarray, name: str, seed: int, severity: int = 3) -> np.ndarray:
    """image: HxWx3 uint8; returns HxWx3 uint8. Deterministic for a given seed."""
    np.random.seed(seed)
    if name.startswith("ic-"):
        out = imagecorruptions.corrupt(image, corruption_name=name[3:], severity=severity)
    elif name.startswith("alb-"):
        transform = {
            "RandomFog": lambda: A.RandomFog(fog_coef_range=(0.3, 0.6), p=1.0),
            "RandomRain": lambda: A.RandomRain(p=1.0),
            "RandomSnow": lambda: A.RandomSnow(p=1.0),
        }[name[4:]]()
        transform.set_random_seed(seed)
        out = transform(image=image)["image"]
    else:
        raise ValueError(f"unknown corruption {name}; choose from {CORRUPTIONS}")
    return np.clip(np.asarray(out, dtype=np.float64), 0, 255).round().astype(np.uint8)
