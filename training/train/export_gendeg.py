"""Writes GenDeg-small as a diffusers-style folder (fp16 safetensors) from the stage checkpoints.

Sources/Engine/Resources/models/gendeg-small/
  unet/          UNet2DConditionModel.save_pretrained (in 8, out 4, cross_attention_dim = W)
  vae/           AutoencoderKL.save_pretrained (config.json holds scaling_factor)
  text_encoder/  CLIPTextModel.save_pretrained
  tokenizer/     CLIP BPE vocab.json + merges.txt
  conditioning/conditioning.safetensors   stats_proj.{weight,bias}, cc_projection.{weight,bias}
  gendeg.json
Exports the EMA weights of whatever step the UNet checkpoint reached.
"""
from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path

import torch
from safetensors.torch import save_file

from gendeg_small import (BETA_END, BETA_START, DEGRADATION_TYPES, PROMPT_CAPTION, TRAIN_TIMESTEPS, build_unet,
                          prompt_for)
from train_unet import Conditioner
from train_utils import load_checkpoint


def prefix_text_encoder_keys(path: Path) -> None:
    """transformers 5 writes CLIPTextModel keys as 'embeddings...'; Stable Diffusion's released
    text encoders (and so GenDeg's) name them 'text_model.embeddings...'. Both load in
    transformers; the released spelling is what other loaders expect."""
    from safetensors.torch import load_file
    tensors = load_file(str(path))
    save_file({(k if k.startswith("text_model.") else "text_model." + k): v for k, v in tensors.items()}, str(path),
              metadata={"format": "pt"})


def export(unet_ckpt: Path, vae_dir: Path, tokenizer_dir: Path, out: Path, trained_on: str, license: str) -> dict:
    from diffusers import AutoencoderKL
    state = load_checkpoint(unet_ckpt)
    if state is None:
        raise FileNotFoundError(f"no UNet checkpoint at {unet_ckpt}: run train_unet.py first")
    width, resolution = state["text_width"], state["resolution"]
    unet = build_unet(resolution, width)
    unet.load_state_dict(state["ema_unet"])
    conditioner = Conditioner(width)
    conditioner.load_state_dict(state["ema_conditioner"])
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    unet.half().save_pretrained(out / "unet", safe_serialization=True)
    conditioner.text_encoder.half().save_pretrained(out / "text_encoder", safe_serialization=True)
    prefix_text_encoder_keys(out / "text_encoder" / "model.safetensors")
    AutoencoderKL.from_pretrained(vae_dir).half().save_pretrained(out / "vae", safe_serialization=True)
    shutil.copytree(tokenizer_dir, out / "tokenizer")
    (out / "conditioning").mkdir()
    stats = conditioner.stats
    save_file({
        "stats_proj.weight": stats.stats_proj.weight.detach().half().contiguous(),
        "stats_proj.bias": stats.stats_proj.bias.detach().half().contiguous(),
        "cc_projection.weight": stats.cc_projection.weight.detach().half().contiguous(),
        "cc_projection.bias": stats.cc_projection.bias.detach().half().contiguous(),
    }, str(out / "conditioning" / "conditioning.safetensors"))
    meta = {
        "name": "GenDeg-small",
        "resolution": resolution,
        "prompt_caption": PROMPT_CAPTION,
        "scheduler": f"scaled_linear {BETA_START}..{BETA_END}, {TRAIN_TIMESTEPS} steps, epsilon",
        "trained_on": trained_on,
        "license": license,
        "prompts": {t: prompt_for(t) for t in DEGRADATION_TYPES},
        # GenDeg's defaults are text 7.5 / image 1.5; this small model breaks up at 7.5
        # (blotches, colour casts; docs/models.md), 3.0 keeps the degradations and the photo.
        "recommended_guidance": {"text": 3.0, "image": 1.5},
        # Fine-tuned (train_unet.py --init-from): the steps of the model it started from, plus its own.
        "training_steps": state.get("base_steps", 0) + state["step"],
        "text_width": width,
    }
    (out / "gendeg.json").write_text(json.dumps(meta, indent=2) + "\n")
    return meta


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--unet-checkpoint", type=Path, required=True)
    parser.add_argument("--vae", type=Path, required=True)
    parser.add_argument("--tokenizer", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--trained-on", default=(
        "physical degradation pairs made by `gendeg synth --generator physical` (GenDS-style intensities) from "
        "30 clean photos of Debian's lomiri-wallpapers, mate-backgrounds and lxqt-themes packages and the "
        "scikit-image, scikit-learn and matplotlib wheels' sample images; see docs/models.md"))
    parser.add_argument("--license", default=(
        "weights: CC-BY-SA-4.0 (the most restrictive share-alike terms among the training photos; the "
        "mate-backgrounds photos are GPL-2+); training code: the project's license"))
    args = parser.parse_args()
    meta = export(args.unet_checkpoint, args.vae, args.tokenizer, args.out, args.trained_on, args.license)
    print(json.dumps(meta, indent=2))


if __name__ == "__main__":
    main()
