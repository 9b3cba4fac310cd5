"""Stage 3: an all-in-one NAFNet-small restorer (all six degradation types, one network).

(a) --pairs only: physical pairs from `gendeg synth`.
(b) --pairs plus --extra-pairs: the same physical pairs, and pairs synthesized by GenDeg-small;
    --extra-fraction of every batch comes from the extra set.
Both runs use the same steps, batch, crop, schedule and seed, so they differ only in data.
Loss: NAFNet's PSNR loss. Cosine learning rate over --max-steps. Exports fp16 safetensors.
"""
from __future__ import annotations

import argparse
import json
import math
from pathlib import Path

import numpy as np
import torch
from safetensors.torch import save_file

from nafnet_arch import SMALL_CONFIG, NAFNet
from pairs import PairSet, load_pairs, to_unit
from train_utils import Budget, Log, configure_threads, load_checkpoint, save_checkpoint


def psnr_loss(pred: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
    # NAFNet's PSNRLoss: -PSNR in dB for [0, 1] images, averaged over the batch (as a loss: +10 log10 MSE).
    return 10 * torch.log10(((pred - target) ** 2).mean(dim=(1, 2, 3)) + 1e-8).mean()


def sample(pairs: PairSet, count: int, crop: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    n, h, w, _ = pairs.degraded.shape
    d = np.empty((count, crop, crop, 3), np.uint8)
    c = np.empty_like(d)
    for i, k in enumerate(rng.integers(0, n, count)):
        y, x = rng.integers(0, h - crop + 1), rng.integers(0, w - crop + 1)
        dd, cc = pairs.degraded[k, y:y + crop, x:x + crop], pairs.clean[k, y:y + crop, x:x + crop]
        if rng.random() < 0.5:
            dd, cc = dd[:, ::-1], cc[:, ::-1]
        d[i], c[i] = dd, cc
    return d, c


def export(model: NAFNet, out: Path, meta: dict) -> None:
    out.mkdir(parents=True, exist_ok=True)
    save_file({k: v.detach().half().contiguous() for k, v in model.state_dict().items()}, str(out / "model.safetensors"))
    config = {k: SMALL_CONFIG[k] for k in ("width", "enc_blk_nums", "middle_blk_num", "dec_blk_nums", "img_channel")}
    (out / "config.json").write_text(json.dumps({**config, **meta}, indent=2) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pairs", type=Path, nargs="+", required=True)
    parser.add_argument("--extra-pairs", type=Path, nargs="*", default=[])
    parser.add_argument("--extra-fraction", type=float, default=0.3)
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument("--name", required=True)
    parser.add_argument("--crop", type=int, default=64)
    parser.add_argument("--batch", type=int, default=8)
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--max-steps", type=int, default=1500)
    parser.add_argument("--minutes", type=float, default=6)
    parser.add_argument("--checkpoint-every", type=int, default=200)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--export", type=Path)
    args = parser.parse_args()
    configure_threads(args.threads)
    torch.manual_seed(args.seed)
    physical = load_pairs(args.pairs)
    extra = load_pairs(args.extra_pairs) if args.extra_pairs else None
    n_extra = int(round(args.batch * args.extra_fraction)) if extra else 0
    model = NAFNet(**SMALL_CONFIG)
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr, betas=(0.9, 0.9), weight_decay=0.0)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: max(1e-3, 0.5 * (1 + math.cos(math.pi * min(s, args.max_steps) / args.max_steps))))
    ckpt_path = args.work / f"{args.name}.pt"
    state = load_checkpoint(ckpt_path)
    start = 0
    if state:
        model.load_state_dict(state["model"]); optimizer.load_state_dict(state["optimizer"])
        schedule.load_state_dict(state["schedule"]); start = state["step"]
    rng = np.random.default_rng(args.seed + start)
    log = Log(args.work / f"{args.name}.log.jsonl")
    budget = Budget(args.minutes, args.max_steps, start)

    def checkpoint():
        save_checkpoint(ckpt_path, dict(model=model.state_dict(), optimizer=optimizer.state_dict(),
                                        schedule=schedule.state_dict(), step=budget.step))

    running = []
    model.train()
    while budget.running():
        d, c = sample(physical, args.batch - n_extra, args.crop, rng)
        if n_extra:
            de, ce = sample(extra, n_extra, args.crop, rng)
            d, c = np.concatenate([d, de]), np.concatenate([c, ce])
        degraded, clean = to_unit(d), to_unit(c)
        loss = psnr_loss(model(degraded), clean)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 0.5)
        optimizer.step()
        schedule.step()
        budget.step += 1
        running.append(-loss.item())
        if budget.step % 50 == 0:
            log(stage=args.name, step=budget.step, train_psnr=round(float(np.mean(running)), 3),
                lr=schedule.get_last_lr()[0], seconds=round(budget.elapsed(), 1))
            running = []
        if budget.step % args.checkpoint_every == 0:
            checkpoint()
    checkpoint()
    if args.export:
        export(model.eval(), args.export, {
            "name": args.export.name, "training_steps": budget.step, "batch": args.batch, "crop": args.crop,
            "training_data": "physical pairs (gendeg synth)" + (
                f" + {len(extra)} GenDeg-small synthetic pairs ({args.extra_fraction:.0%} of each batch)" if extra else ""),
        })
        log(stage=f"{args.name}-export", step=budget.step, path=str(args.export))


if __name__ == "__main__":
    main()
