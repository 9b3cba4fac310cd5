"""PyTorch CPU timings of the shapes NeuralBench measures (random SD 1.5-size weights,
float32, 2 threads). Prints one JSON object (seconds; the fastest of --runs after one
untimed warm-up pass, like NeuralBench).

Run: training/.venv/bin/python training/bench/bench_torch.py [--runs N] [--threads 2]
"""
import argparse
import json
import resource
import time

import torch
from diffusers import AutoencoderKL, UNet2DConditionModel


def fastest(fn, runs):
    fn()
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--latent", type=int, default=32)
    parser.add_argument("--batch", type=int, default=3)
    parser.add_argument("--image", type=int, default=256)
    parser.add_argument("--skip-unet", action="store_true")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    result = {"torch": torch.__version__, "threads": args.threads}
    with torch.inference_mode():
        if not args.skip_unet:
            unet = UNet2DConditionModel(  # Stable Diffusion 1.5 with 8 input channels (GenDeg / InstructPix2Pix)
                in_channels=8, out_channels=4, block_out_channels=(320, 640, 1280, 1280), layers_per_block=2,
                cross_attention_dim=768, attention_head_dim=8).eval()
            sample = torch.randn(args.batch, 8, args.latent, args.latent)
            context = torch.randn(args.batch, 77, 768)
            t = torch.tensor(500.0)
            result[f"unet_b{args.batch}_{args.latent}"] = fastest(
                lambda: unet(sample, t, encoder_hidden_states=context), args.runs)
            del unet
        vae = AutoencoderKL(block_out_channels=(128, 256, 512, 512), layers_per_block=2,
                            down_block_types=("DownEncoderBlock2D",) * 4,
                            up_block_types=("UpDecoderBlock2D",) * 4, latent_channels=4).eval()
        latent = torch.randn(1, 4, args.image // 8, args.image // 8)
        result[f"vae_decode_{args.image}"] = fastest(lambda: vae.decode(latent), args.runs)
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result))


if __name__ == "__main__":
    main()
