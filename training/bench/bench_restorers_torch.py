"""PyTorch CPU timings for the learned-restorer benchmark (compare with `gendeg bench` / LearnedBench).

NAFNet-width32 in the official GoPro configuration (spandrel's NAFNet) and the official
Restormer (spandrel-extra-arches) on a random size x size image, 2 threads, inference mode:
median seconds of 3 runs after a warm-up run.

Run: training/.venv/bin/python training/bench/bench_restorers_torch.py [size]
"""
import pathlib
import statistics
import sys
import time

import torch

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "goldens"))
from make_restorer_goldens import stub_torchvision  # noqa: E402

stub_torchvision()
from spandrel.architectures.NAFNet import NAFNet  # noqa: E402
from spandrel_extra_arches.architectures.Restormer import Restormer  # noqa: E402


def median_seconds(model, size, runs=3):
    x = torch.rand(1, 3, size, size, generator=torch.Generator().manual_seed(11))
    with torch.inference_mode():
        model(x)
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            model(x)
            times.append(time.perf_counter() - start)
    return statistics.median(times)


def main():
    torch.set_num_threads(2)
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 256
    nafnet = NAFNet(img_channel=3, width=32, middle_blk_num=1, enc_blk_nums=[1, 1, 1, 28], dec_blk_nums=[1, 1, 1, 1]).eval()
    restormer = Restormer().eval()
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads, {size}x{size}")
    print(f"nafnet_gopro_w32_s {median_seconds(nafnet, size):.4f}")
    print(f"restormer_s {median_seconds(restormer, size):.4f}")


if __name__ == "__main__":
    main()
