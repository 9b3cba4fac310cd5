"""GenDeg's GenDS intensity sampling from shared/data/intensity-stats.json (the engine's
GenDSIntensitySampler in Python): pick a dataset of the degradation (GenDeg's weights); once
in twenty draws a uniform (mu, sigma) within its populated range, otherwise mu from its mu
histogram and sigma from the joint histogram's row for that mu bin, uniform within the bins.
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from gendeg_small import MU_RANGE, SIGMA_RANGE

STATS_KEY = {"motion-blur": "motion blur"}
WEIGHT_FACTORS = {"ORD": 0.2, "DenseHaze": 0.05, "NH-HAZE": 0.1, "I-HAZE": 0.25, "SID": 0.2}
RANDOM_EVERY = 20


class GenDSSampler:
    def __init__(self, stats_path: Path, degradation: str):
        stats = json.loads(stats_path.read_text())
        entry = stats["degradations"][STATS_KEY.get(degradation, degradation)]
        self.bins = int(stats["bins"])
        self.datasets = sorted(entry["datasets"])
        self.mu_hist = {d: np.asarray(entry["datasets"][d]["mu"], float) for d in self.datasets}
        self.sigma_hist = {d: np.asarray(entry["datasets"][d]["sigma"], float) for d in self.datasets}
        weights = np.array([WEIGHT_FACTORS.get(d, 1.0) for d in self.datasets])
        self.weights = weights / weights.sum()
        self.joint = np.zeros((self.bins, self.bins))
        for mu_bin, sigma_bin, count in entry["joint_mu_sigma_all_datasets"]:
            self.joint[mu_bin, sigma_bin] += count
        self.mu_width = (MU_RANGE[1] - MU_RANGE[0]) / self.bins
        self.sigma_width = (SIGMA_RANGE[1] - SIGMA_RANGE[0]) / self.bins
        self.count = 0

    @staticmethod
    def _populated(hist: np.ndarray) -> tuple[int, int]:
        nz = np.nonzero(hist)[0]
        return int(nz[0]), int(nz[-1])

    def draw(self, rng: np.random.Generator) -> tuple[float, float]:
        dataset = self.datasets[rng.choice(len(self.datasets), p=self.weights)]
        uniform = self.count % RANDOM_EVERY == 0
        self.count += 1
        if uniform:
            lo, hi = self._populated(self.mu_hist[dataset])
            slo, shi = self._populated(self.sigma_hist[dataset])
            return (float(rng.uniform(lo, hi + 1) * self.mu_width),
                    float(rng.uniform(slo, shi + 1) * self.sigma_width))
        mu_bin = int(rng.choice(self.bins, p=self.mu_hist[dataset] / self.mu_hist[dataset].sum()))
        row = self.joint[mu_bin]
        if row.sum() == 0:
            row = self.sigma_hist[dataset]
        sigma_bin = int(rng.choice(self.bins, p=row / row.sum()))
        return float((mu_bin + rng.random()) * self.mu_width), float((sigma_bin + rng.random()) * self.sigma_width)

    def typical_sigma(self, mu: float) -> float:
        """The mean sigma of real pairs whose mu falls in the same bin (for a requested mu alone)."""
        row = self.joint[min(int(mu / self.mu_width), self.bins - 1)]
        if row.sum() == 0:
            nz = np.nonzero(self.joint.sum(1))[0]
            row = self.joint[nz[np.abs(nz - mu / self.mu_width).argmin()]]
        centers = (np.arange(self.bins) + 0.5) * self.sigma_width
        return float((row * centers).sum() / row.sum())
