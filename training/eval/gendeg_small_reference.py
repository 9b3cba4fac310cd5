"""Reference tensors of an exported GenDeg model folder, for checking another loader against PyTorch.

Writes OUT/reference.safetensors (float32 unless noted), every input included so no random
number generator has to match:
  token_ids [7, 77] int32        the six prompts of gendeg.json (DEGRADATION_TYPES order) and ""
  text_hidden [7, 77, W]         text encoder last_hidden_state
  stats [1, 2, 129]              one-hot of mu 0.15, sigma 0.08;  null_stats [1, 2, 129]
  context [1, 77, W]             cc_projection([text_hidden[haze], stats_proj(stats)^T])
  null_context [1, 77, W]        the same for "" and null_stats
  image [1, 3, R, R]             a clean photo in [-1, 1]
  image_mode [1, 4, R/4, R/4]    autoencoder posterior mode (unscaled)
  decoded [1, 3, R, R]           decode(image_mode)
  unet_input [3, 8, R/4, R/4], timesteps [3], unet_context [3, 77, W], unet_eps [3, 4, R/4, R/4]
  sigmas_12 [13]                 the Euler-ancestral sigmas for 12 steps (last is 0)
Weights are the folder's fp16 values computed in float32.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import torch
from safetensors.torch import save_file

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "train"))  # the modules shared with training

from clip_tokenizer import tokenize  # noqa: E402
from gendeg_pipeline import GenDegPipeline  # noqa: E402
from gendeg_small import DEGRADATION_TYPES, null_stats, prompt_for, stats_one_hot  # noqa: E402
from pairs import load_rgb_u8, to_tensor  # noqa: E402


@torch.no_grad()
def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", type=Path, required=True)
    parser.add_argument("--image", type=Path, required=True, help="a clean PNG at the model's resolution")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    pipe = GenDegPipeline(args.model)
    caption = pipe.meta["prompt_caption"]
    ids = tokenize(pipe.tokenizer, [prompt_for(t, caption) for t in DEGRADATION_TYPES] + [""])
    hidden = pipe.text_encoder(ids).last_hidden_state
    stats = stats_one_hot(0.15, 0.08)[None]
    context = pipe.stats(hidden[:1], stats)
    null_context = pipe.stats(hidden[-1:], null_stats(1))
    image = to_tensor(load_rgb_u8(args.image)[None])
    if image.shape[-1] != pipe.resolution:
        raise ValueError(f"{args.image}: expected {pipe.resolution}x{pipe.resolution}")
    mode = pipe.vae.encode(image).latent_dist.mode()
    decoded = pipe.vae.decode(mode).sample
    generator = torch.Generator().manual_seed(0)
    noisy = torch.randn(mode.shape, generator=generator).expand(3, -1, -1, -1)
    unet_input = torch.cat([noisy, torch.cat([mode, mode, torch.zeros_like(mode)])], 1)
    timesteps = torch.tensor([999.0, 500.0, 20.0])
    unet_context = torch.cat([context, null_context, null_context])
    eps = pipe.unet(unet_input, timesteps, unet_context).sample
    tensors = {
        "token_ids": ids.int(), "text_hidden": hidden, "stats": stats, "null_stats": null_stats(1),
        "context": context, "null_context": null_context, "image": image, "image_mode": mode, "decoded": decoded,
        "unet_input": unet_input, "timesteps": timesteps, "unet_context": unet_context, "unet_eps": eps,
        "sigmas_12": pipe.sigmas(12),
    }
    args.out.mkdir(parents=True, exist_ok=True)
    save_file({k: v.detach().contiguous() for k, v in tensors.items()}, str(args.out / "reference.safetensors"))
    print({k: tuple(v.shape) for k, v in tensors.items()})
    print("decoded vs image PSNR", float(10 * np.log10(4.0 / float(((decoded.clamp(-1, 1) - image) ** 2).mean()))))


if __name__ == "__main__":
    main()
