"""Stage 2: GenDeg-small's UNet, text encoder and stats conditioning, on physical pairs.

As GenDeg's ddpm_edit.py: the degraded image's latent (posterior sample x scaling factor)
is noised with the scaled-linear schedule and the UNet predicts the noise (epsilon) from
[noisy latent, unscaled posterior mode of the clean image] and the cross-attention context
cc_projection([text embedding, stats_proj(one-hot mu/sigma)^T]). For classifier-free
guidance 5% of samples drop text+stats, 5% the clean image, 5% both.

The frozen autoencoder encodes every pair once at full size; training takes aligned random
crops of those latents (crop/4 latent pixels) and measures mu/sigma on the matching pixels.
The text encoder trains along (a tiny randomly initialized CLIP text transformer).
"""
from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

from clip_tokenizer import load_tokenizer, tokenize
from gendeg_small import (DEGRADATION_TYPES, StatsConditioning, betas, build_text_encoder, build_unet, null_stats,
                          prompt_for, stats_one_hot)
from pairs import crop_stats, load_pairs, to_tensor
from train_utils import EMA, Budget, Log, configure_threads, load_checkpoint, save_checkpoint

UNCOND = 0.05
LATENT_FACTOR = 4


@torch.no_grad()
def encode_all(vae, images: np.ndarray, sample: bool) -> torch.Tensor:
    out = []
    for i in range(0, len(images), 16):
        dist = vae.encode(to_tensor(images[i:i + 16])).latent_dist
        out.append(torch.cat([dist.mean, dist.logvar], 1) if sample else dist.mode())
    return torch.cat(out)


class Conditioner(torch.nn.Module):
    """Text encoder + stats conditioning: what the UNet's cross-attention sees."""

    def __init__(self, text_width: int):
        super().__init__()
        self.text_encoder = build_text_encoder(text_width)
        self.stats = StatsConditioning(text_width)

    def forward(self, token_ids: torch.Tensor, stats: torch.Tensor) -> torch.Tensor:
        return self.stats(self.text_encoder(token_ids).last_hidden_state, stats)


def load_exported(folder: Path, unet, conditioner: Conditioner) -> None:
    """Starts from an exported (fp16) GenDeg-small folder, as written by export_gendeg.py."""
    from diffusers import UNet2DConditionModel
    from safetensors.torch import load_file
    from transformers import CLIPTextModel
    unet.load_state_dict(UNet2DConditionModel.from_pretrained(folder / "unet").float().state_dict())
    conditioner.text_encoder.load_state_dict(CLIPTextModel.from_pretrained(folder / "text_encoder").float().state_dict())
    weights = load_file(str(folder / "conditioning" / "conditioning.safetensors"))
    conditioner.stats.load_state_dict({k: v.float() for k, v in weights.items()})


def init_steps(folder: Path | None) -> int:
    if folder is None:
        return 0
    import json
    return int(json.loads((folder / "gendeg.json").read_text()).get("training_steps", 0))


@torch.no_grad()
def smooth_stats_init(stats: StatsConditioning, keep_cc: bool) -> None:
    """stats_proj column b (one per bin) = smooth features of the bin centre c in [0, 1]: a ramp on
    token 0, then cosines/sines of rising frequency, so neighbouring bins get nearly the same
    context and the mapping interpolates between bins that training rarely sees. The null bin
    (last column) maps to zero. cc_projection's two stats inputs start at a small non-zero value
    so the UNet hears the stats from the first step (GenDeg starts them at zero)."""
    bins = stats.stats_proj.weight.shape[1] - 1
    c = (torch.arange(bins, dtype=torch.float32) + 0.5) / bins
    tokens = stats.stats_proj.weight.shape[0]
    freqs = torch.logspace(np.log10(0.5), np.log10(12.0), (tokens - 1 + 1) // 2)
    rows = [2 * c - 1]
    for f in freqs:
        rows += [torch.cos(np.pi * f * c), torch.sin(np.pi * f * c)]
    weight = torch.zeros(tokens, bins + 1)
    weight[:, :bins] = torch.stack(rows[:tokens])
    stats.stats_proj.weight.copy_(weight)
    stats.stats_proj.bias.zero_()
    if not keep_cc:
        generator = torch.Generator().manual_seed(0)
        width = stats.width
        stats.cc_projection.weight[:, width:] = torch.randn(width, 2, generator=generator) * 0.3


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pairs", type=Path, nargs="+", required=True)
    parser.add_argument("--vae", type=Path, required=True, help="exported autoencoder folder")
    parser.add_argument("--tokenizer", type=Path, required=True)
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument("--resolution", type=int, default=128)
    parser.add_argument("--crop", type=int, default=64)
    parser.add_argument("--text-width", type=int, default=64)
    parser.add_argument("--batch", type=int, default=8)
    parser.add_argument("--lr", type=float, default=4e-4)
    parser.add_argument("--minutes", type=float, default=25)
    parser.add_argument("--max-steps", type=int, default=100000)
    parser.add_argument("--checkpoint-every", type=int, default=200)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--init-from", type=Path, help="exported GenDeg-small folder to fine-tune from "
                        "(UNet, text encoder, conditioning; only when the work folder has no checkpoint yet)")
    parser.add_argument("--stats-init", choices=["zero", "smooth"], default="zero",
                        help="zero: GenDeg's init (stats_proj random, cc_projection zero on the 2 stats inputs); "
                        "smooth: stats_proj columns are smooth features of the bin centre (neighbouring bins "
                        "share), cc_projection's stats inputs start non-zero")
    parser.add_argument("--freeze-stats-proj", action="store_true",
                        help="keep stats_proj at its init (with --stats-init smooth: mu/sigma stay smooth)")
    args = parser.parse_args()
    configure_threads(args.threads)
    torch.manual_seed(args.seed)
    from diffusers import AutoencoderKL

    vae = AutoencoderKL.from_pretrained(args.vae).float().eval()
    scale = float(vae.config.scaling_factor)
    pairs = load_pairs(args.pairs, args.resolution)
    degraded_dist = encode_all(vae, pairs.degraded, sample=True)   # [N, 8, h, w]: mean, logvar
    clean_mode = encode_all(vae, pairs.clean, sample=False)        # [N, 4, h, w], unscaled as InstructPix2Pix
    type_index = torch.tensor([DEGRADATION_TYPES.index(t) for t in pairs.types])
    tokenizer = load_tokenizer(args.tokenizer)
    prompt_ids = tokenize(tokenizer, [prompt_for(t) for t in DEGRADATION_TYPES] + [""])  # last row: null prompt

    unet = build_unet(args.resolution, args.text_width)
    conditioner = Conditioner(args.text_width)
    fresh = not (args.work / "unet.pt").exists()
    if fresh and args.init_from:
        load_exported(args.init_from, unet, conditioner)
    if fresh and args.stats_init == "smooth":
        # Replaces stats_proj only: with --init-from, cc_projection keeps its learned stats columns.
        smooth_stats_init(conditioner.stats, keep_cc=bool(args.init_from))
    if args.freeze_stats_proj:
        conditioner.stats.stats_proj.requires_grad_(False)
    params = [{"params": unet.parameters(), "lr": args.lr},
              {"params": conditioner.text_encoder.parameters(), "lr": args.lr},
              # GenDeg trains its two projections at 10x the base rate.
              {"params": [p for p in conditioner.stats.parameters() if p.requires_grad], "lr": args.lr * 10}]
    optimizer = torch.optim.AdamW(params, weight_decay=0.01)
    ema_unet, ema_cond = EMA(unet, 0.995), EMA(conditioner, 0.995)
    ckpt_path = args.work / "unet.pt"
    state = load_checkpoint(ckpt_path)
    start = 0
    if state:
        unet.load_state_dict(state["unet"]); conditioner.load_state_dict(state["conditioner"])
        ema_unet.shadow.load_state_dict(state["ema_unet"]); ema_cond.shadow.load_state_dict(state["ema_conditioner"])
        optimizer.load_state_dict(state["optimizer"]); start = state["step"]
    # Steps the --init-from model had already trained, so the export can report the total.
    base_steps = (state or {}).get("base_steps", init_steps(args.init_from))
    alphas_cumprod = torch.cumprod(1 - betas(), 0).float()
    rng = np.random.default_rng(args.seed + start)
    log = Log(args.work / "unet.log.jsonl")
    budget = Budget(args.minutes, args.max_steps, start)
    lc = args.crop // LATENT_FACTOR
    n, _, lh, lw = clean_mode.shape
    running = []

    def checkpoint():
        save_checkpoint(ckpt_path, dict(unet=unet.state_dict(), conditioner=conditioner.state_dict(),
                                        ema_unet=ema_unet.shadow.state_dict(), ema_conditioner=ema_cond.shadow.state_dict(),
                                        optimizer=optimizer.state_dict(), step=budget.step,
                                        text_width=args.text_width, resolution=args.resolution,
                                        base_steps=base_steps))

    unet.train(); conditioner.train()
    while budget.running():
        picks = rng.integers(0, n, args.batch)
        z0, cond, stats = [], [], []
        for k in picks:
            y, x = int(rng.integers(0, lh - lc + 1)), int(rng.integers(0, lw - lc + 1))
            flip = rng.random() < 0.5
            dist = degraded_dist[k, :, y:y + lc, x:x + lc]
            mode = clean_mode[k, :, y:y + lc, x:x + lc]
            py, px = y * LATENT_FACTOR, x * LATENT_FACTOR
            mu, sigma = crop_stats(pairs.degraded[k, py:py + args.crop, px:px + args.crop],
                                   pairs.clean[k, py:py + args.crop, px:px + args.crop])
            if flip:
                dist, mode = dist.flip(-1), mode.flip(-1)
            mean, logvar = dist[:4], dist[4:].clamp(-30, 20)
            z0.append((mean + torch.exp(0.5 * logvar) * torch.randn_like(mean)) * scale)
            cond.append(mode)
            stats.append(stats_one_hot(mu, sigma))
        z0, cond, stats = torch.stack(z0), torch.stack(cond), torch.stack(stats)
        ids = prompt_ids[type_index[picks]]

        r = torch.rand(args.batch)
        prompt_null = r < 2 * UNCOND
        image_null = (r >= UNCOND) & (r < 3 * UNCOND)
        ids = torch.where(prompt_null[:, None], prompt_ids[-1].expand_as(ids), ids)
        stats = torch.where(prompt_null[:, None, None], null_stats(args.batch), stats)
        cond = cond * (~image_null).float()[:, None, None, None]

        t = torch.randint(0, len(alphas_cumprod), (args.batch,))
        a = alphas_cumprod[t][:, None, None, None]
        noise = torch.randn_like(z0)
        zt = a.sqrt() * z0 + (1 - a).sqrt() * noise
        context = conditioner(ids, stats)
        pred = unet(torch.cat([zt, cond], 1), t, context).sample
        loss = F.mse_loss(pred, noise)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(list(unet.parameters()) + list(conditioner.parameters()), 1.0)
        optimizer.step()
        ema_unet.update(unet, budget.step); ema_cond.update(conditioner, budget.step)
        budget.step += 1
        running.append(loss.item())
        if budget.step % 50 == 0:
            log(stage="unet", step=budget.step, loss=round(float(np.mean(running)), 5), seconds=round(budget.elapsed(), 1))
            running = []
        if budget.step % args.checkpoint_every == 0:
            checkpoint()
    checkpoint()
    log(stage="unet-done", step=budget.step, seconds=round(budget.elapsed(), 1))


if __name__ == "__main__":
    main()
