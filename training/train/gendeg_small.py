"""GenDeg-small: the GenDeg architecture family at a size that trains on two CPU cores.

Same structure as GenDeg (an InstructPix2Pix-style latent diffusion model):
- a KL autoencoder (diffusers AutoencoderKL, 4 latent channels);
- a UNet (diffusers UNet2DConditionModel) with 8 input channels: the noisy latent of the
  degraded image concatenated with the unscaled posterior mode of the clean image;
- cross-attention on a CLIP text embedding of "<caption>, in hazy conditions" etc.,
  with GenDeg's stats projection appended: one-hot (mu, sigma) bins [B, 2, 129]
  -> Linear(129, 77) -> transpose -> concat to the text embedding -> Linear(W + 2, W).

Everything here is shared by the training, export, sampling and evaluation scripts.
"""
from __future__ import annotations

import numpy as np
import torch
from torch import nn

DEGRADATION_TYPES = ["haze", "rain", "snow", "motion-blur", "low-light", "raindrop"]

# GenDeg's edit_dataset.py replaces the part of the caption after its last comma with these.
PROMPT_SUFFIX = {
    "haze": " in hazy conditions",
    "rain": " in rainy conditions",
    "snow": " in snowy conditions",
    "motion-blur": " in blurry conditions",
    "low-light": " in low-light conditions",
    "raindrop": " with raindrops in it",
}
PROMPT_CAPTION = "a photo"

# The reference's bins: 128 equal bins over [0, 0.7] for mu and [0, 0.4] for sigma,
# plus a 129th "null" bin used for the unconditional branch.
NUM_BINS = 128
MU_RANGE = (0.0, 0.7)
SIGMA_RANGE = (0.0, 0.4)
MAX_TOKENS = 77

# The noise schedule GenDeg inherits from Stable Diffusion v1.
BETA_START, BETA_END, TRAIN_TIMESTEPS = 0.00085, 0.012, 1000


def prompt_for(degradation: str, caption: str = PROMPT_CAPTION) -> str:
    return f"{caption},{PROMPT_SUFFIX[degradation]}"


def bin_index(value: float, lo: float, hi: float) -> int:
    edges = np.linspace(lo, hi, NUM_BINS + 1)
    index = int(np.digitize(value, edges, right=False)) - 1
    if index < 0:
        raise ValueError(f"value {value} is below the bin range [{lo}, {hi}]")
    return min(index, NUM_BINS - 1)


def stats_one_hot(mu: float, sigma: float) -> torch.Tensor:
    """[2, 129]: one-hot mu bin in row 0, one-hot sigma bin in row 1."""
    out = torch.zeros(2, NUM_BINS + 1)
    out[0, bin_index(mu, *MU_RANGE)] = 1.0
    out[1, bin_index(sigma, *SIGMA_RANGE)] = 1.0
    return out


def null_stats(batch: int) -> torch.Tensor:
    out = torch.zeros(batch, 2, NUM_BINS + 1)
    out[:, :, -1] = 1.0
    return out


def betas() -> torch.Tensor:
    return torch.linspace(BETA_START ** 0.5, BETA_END ** 0.5, TRAIN_TIMESTEPS, dtype=torch.float64) ** 2


class StatsConditioning(nn.Module):
    """GenDeg's stats_proj and cc_projection, with the text width W in place of 768."""

    def __init__(self, width: int):
        super().__init__()
        self.width = width
        self.stats_proj = nn.Linear(NUM_BINS + 1, MAX_TOKENS)
        self.cc_projection = nn.Linear(width + 2, width)
        # As in ddpm_edit.py: cc_projection starts as the identity on the text channels.
        with torch.no_grad():
            self.cc_projection.weight.zero_()
            self.cc_projection.weight[:, :width].copy_(torch.eye(width))
            self.cc_projection.bias.zero_()

    def forward(self, text_embedding: torch.Tensor, stats: torch.Tensor) -> torch.Tensor:
        projected = self.stats_proj(stats).transpose(1, 2)  # [B, 77, 2]
        return self.cc_projection(torch.cat([text_embedding, projected], dim=-1))


def vae_config(resolution: int) -> dict:
    return dict(
        in_channels=3,
        out_channels=3,
        down_block_types=["DownEncoderBlock2D"] * 3,
        up_block_types=["UpDecoderBlock2D"] * 3,
        block_out_channels=[16, 32, 64],
        layers_per_block=1,
        act_fn="silu",
        latent_channels=4,
        norm_num_groups=8,
        sample_size=resolution,
        scaling_factor=1.0,
    )


def unet_config(resolution: int, text_width: int) -> dict:
    # Stable Diffusion v1's blocks, narrower, one layer per block, three levels; attention
    # only at the two lower levels, where it is cheap on a CPU.
    return dict(
        sample_size=resolution // 4,
        in_channels=8,
        out_channels=4,
        down_block_types=["DownBlock2D", "CrossAttnDownBlock2D", "CrossAttnDownBlock2D"],
        up_block_types=["CrossAttnUpBlock2D", "CrossAttnUpBlock2D", "UpBlock2D"],
        block_out_channels=[32, 64, 96],
        layers_per_block=1,
        attention_head_dim=4,
        cross_attention_dim=text_width,
        norm_num_groups=8,
    )


def text_encoder_config(text_width: int) -> dict:
    return dict(
        vocab_size=49408,
        hidden_size=text_width,
        intermediate_size=text_width * 4,
        num_hidden_layers=2,
        num_attention_heads=4,
        max_position_embeddings=MAX_TOKENS,
        hidden_act="quick_gelu",
        bos_token_id=49406,
        eos_token_id=49407,
        pad_token_id=49407,
        projection_dim=text_width,
    )


def build_vae(resolution: int):
    from diffusers import AutoencoderKL
    return AutoencoderKL(**vae_config(resolution))


def build_unet(resolution: int, text_width: int):
    from diffusers import UNet2DConditionModel
    return UNet2DConditionModel(**unet_config(resolution, text_width))


def build_text_encoder(text_width: int):
    from transformers import CLIPTextConfig, CLIPTextModel
    return CLIPTextModel(CLIPTextConfig(**text_encoder_config(text_width)))
