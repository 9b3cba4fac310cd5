"""Runs an exported GenDeg model folder in PyTorch: the reference's sampling, for checks and data.

As GenDeg's run_single.py: k-diffusion's Euler ancestral sampler over the model's sigmas
(CompVis denoiser, epsilon prediction), dual classifier-free guidance
  out = uncond + text_cfg * (cond - img_cond) + image_cfg * (img_cond - uncond)
where cond has prompt+stats and the clean image, img_cond the null prompt + null stats and
the clean image, uncond the null prompt + null stats and a zero image latent.
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import torch
from safetensors.torch import load_file

from clip_tokenizer import load_tokenizer, tokenize
from gendeg_small import StatsConditioning, betas, null_stats, prompt_for, stats_one_hot


class GenDegPipeline:
    def __init__(self, folder: Path):
        from diffusers import AutoencoderKL, UNet2DConditionModel
        from transformers import CLIPTextModel
        self.meta = json.loads((folder / "gendeg.json").read_text())
        self.unet = UNet2DConditionModel.from_pretrained(folder / "unet").float().eval()
        self.vae = AutoencoderKL.from_pretrained(folder / "vae").float().eval()
        self.text_encoder = CLIPTextModel.from_pretrained(folder / "text_encoder").float().eval()
        self.tokenizer = load_tokenizer(folder / "tokenizer")
        weights = load_file(str(folder / "conditioning" / "conditioning.safetensors"))
        self.stats = StatsConditioning(self.text_encoder.config.hidden_size)
        self.stats.load_state_dict({k: v.float() for k, v in weights.items()})
        self.scale = float(self.vae.config.scaling_factor)
        self.resolution = int(self.meta["resolution"])
        alphas_cumprod = torch.cumprod(1 - betas(), 0)
        self.log_sigmas = (((1 - alphas_cumprod) / alphas_cumprod) ** 0.5).log().float()

    def sigmas(self, steps: int) -> torch.Tensor:
        # k-diffusion's DiscreteSchedule.get_sigmas: t from T-1 to 0, log-sigma interpolated, then a final 0.
        t = torch.linspace(len(self.log_sigmas) - 1, 0, steps)
        low, high = t.floor().long(), t.ceil().long()
        w = t - low
        log_sigma = (1 - w) * self.log_sigmas[low] + w * self.log_sigmas[high]
        return torch.cat([log_sigma.exp(), torch.zeros(1)])

    def sigma_to_t(self, sigma: torch.Tensor) -> torch.Tensor:
        # The inverse of `sigmas`: log sigma grows with t, so t is found between the two timesteps
        # whose log sigmas bracket it, linearly; values outside the table clamp to its ends.
        log_sigma = sigma.log()
        low = (torch.searchsorted(self.log_sigmas, log_sigma, right=True) - 1).clamp(0, len(self.log_sigmas) - 2)
        lo, hi = self.log_sigmas[low], self.log_sigmas[low + 1]
        w = ((log_sigma - lo) / (hi - lo)).clamp(0, 1)
        return (1 - w) * low + w * (low + 1)

    @torch.no_grad()
    def context(self, degradation: str, mu: float, sigma: float, batch: int) -> tuple[torch.Tensor, torch.Tensor]:
        ids = tokenize(self.tokenizer, [prompt_for(degradation, self.meta["prompt_caption"]), ""])
        text = self.text_encoder(ids).last_hidden_state
        cond = self.stats(text[:1].expand(batch, -1, -1), stats_one_hot(mu, sigma)[None].expand(batch, -1, -1))
        null = self.stats(text[1:].expand(batch, -1, -1), null_stats(batch))
        return cond, null

    @torch.no_grad()
    def generate(self, clean: torch.Tensor, degradation: str, mu: float, sigma: float, steps: int = 20,
                 text_cfg: float = 7.5, image_cfg: float = 1.5, seed: int = 0) -> torch.Tensor:
        """clean: [B, 3, H, W] in [-1, 1] (H, W multiples of 8). Returns the degraded images, same range."""
        batch = clean.shape[0]
        generator = torch.Generator().manual_seed(seed)
        image_latent = self.vae.encode(clean).latent_dist.mode()
        cond, null = self.context(degradation, mu, sigma, batch)
        context = torch.cat([cond, null, null])
        concat = torch.cat([image_latent, image_latent, torch.zeros_like(image_latent)])
        sigmas = self.sigmas(steps)
        x = torch.randn(image_latent.shape, generator=generator) * sigmas[0]
        for i in range(steps):
            s, s_next = sigmas[i], sigmas[i + 1]
            x_in = torch.cat([x] * 3) / (s ** 2 + 1) ** 0.5
            t = self.sigma_to_t(s[None]).expand(3 * batch)
            eps = self.unet(torch.cat([x_in, concat], 1), t, context).sample
            e_cond, e_img, e_uncond = eps.chunk(3)
            eps = e_uncond + text_cfg * (e_cond - e_img) + image_cfg * (e_img - e_uncond)
            denoised = x - s * eps
            sigma_up = min(float(s_next), float((s_next ** 2 * (s ** 2 - s_next ** 2) / s ** 2) ** 0.5))
            sigma_down = (s_next ** 2 - sigma_up ** 2) ** 0.5
            x = x + (x - denoised) / s * (sigma_down - s)
            if s_next > 0:
                x = x + torch.randn(x.shape, generator=generator) * sigma_up
        return self.vae.decode(x / self.scale).sample.clamp(-1, 1)


def to_u8(images: torch.Tensor) -> np.ndarray:
    """[B, 3, H, W] in [-1, 1] -> [B, H, W, 3] uint8."""
    return ((images.permute(0, 2, 3, 1).numpy() + 1) * 127.5).round().clip(0, 255).astype(np.uint8)
