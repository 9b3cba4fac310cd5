"""Stage 1: GenDeg-small's KL autoencoder, on clean crops (--images) and, once `gendeg synth` has
made them, also on their physically degraded versions (--pairs); a second call resumes the first.

Loss: L1 + L1 of image gradients (keeps edges, rain streaks and snow flakes sharp without a
perceptual network) + a small KL term, as Stable Diffusion's autoencoder weights it (1e-6).
Checkpoints every `--checkpoint-every` steps and resumes from its checkpoint; `--export`
writes the EMA weights with the latent scaling factor measured on training images.
"""
from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

from gendeg_small import build_vae
from pairs import load_pairs, load_rgb_u8, to_tensor
from train_utils import EMA, Budget, Log, configure_threads, load_checkpoint, save_checkpoint


def gradient_l1(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    dx = lambda t: t[..., :, 1:] - t[..., :, :-1]
    dy = lambda t: t[..., 1:, :] - t[..., :-1, :]
    return (dx(a) - dx(b)).abs().mean() + (dy(a) - dy(b)).abs().mean()


def random_crops(images: np.ndarray, batch: int, crop: int, rng: np.random.Generator) -> torch.Tensor:
    n, h, w, _ = images.shape
    picks = rng.integers(0, n, batch)
    out = np.empty((batch, crop, crop, 3), dtype=np.uint8)
    for i, k in enumerate(picks):
        y, x = rng.integers(0, h - crop + 1), rng.integers(0, w - crop + 1)
        tile = images[k, y:y + crop, x:x + crop]
        out[i] = tile[:, ::-1] if rng.random() < 0.5 else tile
    return to_tensor(out)


@torch.no_grad()
def measure_scaling_factor(vae, images: np.ndarray, count: int = 64) -> float:
    # Stable Diffusion's factor makes the latents unit-variance; measured the same way here.
    latents = [vae.encode(to_tensor(images[i:i + 8])).latent_dist.sample() for i in range(0, min(count, len(images)), 8)]
    return float(1.0 / torch.cat(latents).flatten().std())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--images", type=Path, nargs="*", default=[], help="folders of clean PNG crops")
    parser.add_argument("--pairs", type=Path, nargs="*", default=[], help="gendeg synth output folders")
    parser.add_argument("--work", type=Path, required=True, help="checkpoint and log folder")
    parser.add_argument("--resolution", type=int, default=128)
    parser.add_argument("--crop", type=int, default=48)
    parser.add_argument("--batch", type=int, default=8)
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--minutes", type=float, default=8)
    parser.add_argument("--max-steps", type=int, default=100000)
    parser.add_argument("--checkpoint-every", type=int, default=200)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--export", type=Path, help="write the trained autoencoder here (diffusers folder)")
    args = parser.parse_args()
    configure_threads(args.threads)
    torch.manual_seed(args.seed)

    sets = [np.stack([load_rgb_u8(f) for f in sorted(folder.glob("*.png"))]) for folder in args.images]
    if args.pairs:
        pairs = load_pairs(args.pairs, args.resolution)
        sets += [pairs.clean, pairs.degraded]
    if not sets:
        parser.error("give --images and/or --pairs")
    images = np.concatenate(sets)
    vae = build_vae(args.resolution)
    optimizer = torch.optim.AdamW(vae.parameters(), lr=args.lr, weight_decay=0.0)
    ema = EMA(vae, 0.995)
    ckpt_path = args.work / "vae.pt"
    state = load_checkpoint(ckpt_path)
    start = 0
    if state:
        vae.load_state_dict(state["model"]); ema.shadow.load_state_dict(state["ema"])
        optimizer.load_state_dict(state["optimizer"]); start = state["step"]
        for group in optimizer.param_groups:  # a resumed stage may run at its own rate
            group["lr"] = args.lr
    rng = np.random.default_rng(args.seed + start)
    log = Log(args.work / "vae.log.jsonl")
    budget = Budget(args.minutes, args.max_steps, start)
    vae.train()
    while budget.running():
        x = random_crops(images, args.batch, args.crop, rng)
        posterior = vae.encode(x).latent_dist
        rec = vae.decode(posterior.sample()).sample
        l1 = (rec - x).abs().mean()
        loss = l1 + gradient_l1(rec, x) + 1e-6 * posterior.kl().mean()
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
        ema.update(vae, budget.step)
        budget.step += 1
        if budget.step % 50 == 0:
            psnr = float(10 * torch.log10(4.0 / F.mse_loss(rec.detach().clamp(-1, 1), x)))
            log(stage="vae", step=budget.step, loss=round(loss.item(), 5), l1=round(l1.item(), 5),
                psnr=round(psnr, 2), seconds=round(budget.elapsed(), 1))
        if budget.step % args.checkpoint_every == 0:
            save_checkpoint(ckpt_path, dict(model=vae.state_dict(), ema=ema.shadow.state_dict(),
                                            optimizer=optimizer.state_dict(), step=budget.step))
    save_checkpoint(ckpt_path, dict(model=vae.state_dict(), ema=ema.shadow.state_dict(),
                                    optimizer=optimizer.state_dict(), step=budget.step))
    if args.export:
        model = ema.shadow.eval()
        # A fixed sample, so exporting the same checkpoint again gives the same factor.
        factor = measure_scaling_factor(model, images[np.random.default_rng(args.seed).permutation(len(images))[:64]])
        model.register_to_config(scaling_factor=factor)
        model.save_pretrained(args.export, safe_serialization=True)
        log(stage="vae-export", step=budget.step, scaling_factor=factor, path=str(args.export))


if __name__ == "__main__":
    main()
