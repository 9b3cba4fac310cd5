"""Model folders as the installed transformers / diffusers save them, with expected outputs.

Run from the repository root with the training virtual environment:

    python training/goldens/make_model_folder_goldens.py

The committed files were made with torch 2.13.0+cpu, transformers 5.25.0 and diffusers 0.42.1.

Writes Tests/EngineTests/Fixtures/modelfolders/ (tiny random configs, about 300 KB):
  * ip2p/  a plain InstructPix2Pix pipeline folder written by diffusers'
    StableDiffusionInstructPix2PixPipeline.save_pretrained: model_index.json, scheduler/
    (EulerAncestralDiscreteScheduler, "linspace" spacing), tokenizer/ (transformers 5.x writes
    tokenizer.json only), text_encoder/ (transformers 5.x CLIPTextModel naming: no "text_model."
    prefix), no conditioning/ and no gendeg.json. Then, again by the libraries: unet/ re-saved in
    fp16, vae/ re-saved in bf16 and sharded (diffusion_pytorch_model.safetensors.index.json). Its UNet config uses the list forms
    (attention_head_dim per block, transformer_layers_per_block per block) and
    use_linear_projection.
  * text-encoders/  the same CLIP text tower in the other namings:
      transformers4/    "text_model."-prefixed names (transformers 4.x's CLIPTextModel naming, with the
                        int64 position_ids buffer 4.x before 4.31 saved), fp16.
                        transformers 5.x no longer writes this naming, so the state dict is saved by
                        hand with the prefix (safetensors' save_file); transformers 5.x loads it back.
      with-projection/  CLIPTextModelWithProjection.save_pretrained (text_model.* + text_projection), bf16.
      sharded/          CLIPTextModel.save_pretrained(max_shard_size=...): model.safetensors.index.json.
  * vae-legacy/  ip2p's VAE with diffusers < 0.14's attention names (query/key/value/proj_attn),
    renamed by hand (diffusers 0.42 only reads that naming); checked here by loading it with
    diffusers' AutoencoderKL.from_pretrained, which converts it back.
  * input.png  the 64x64 clean image.
  * goldens.safetensors:
      prompt_ids                 the 77 token ids of PROMPT from ip2p/tokenizer (as float32);
      text.<variant>             last_hidden_state of PROMPT for each text encoder folder,
                                 each loaded back by transformers in float32;
      euler_a.image, euler.image diffusers' StableDiffusionInstructPix2PixPipeline output
                                 [1, 3, 64, 64] in [0, 1] (stored as fp16), loaded from ip2p/ in float32.

Exactness of the pipeline comparison: gendeg samples with k-diffusion's samplers over
get_sigmas(n) (evenly spaced timesteps interpolated in log sigma); diffusers' Euler schedulers
with timestep_spacing "linspace" use the same timesteps linspace(999, 0, n), which for 4 steps
are whole numbers (999, 666, 333, 0), so both schedules hit the trained sigmas exactly.
Euler ancestral: the initial latent and each step's noise come from one CPU torch.Generator
seeded with SEED, in the order k-diffusion draws them (initial latent, then one randn per step;
diffusers also draws at the last step, where sigma_up is 0, after gendeg has finished), which
is gendeg's --rng torch-cpu stream. Euler (EulerDiscreteScheduler) is deterministic after the
initial latent and is gendeg's "ddim" sampler (k-diffusion's sample_euler).
"""

import json
import shutil
import sys
import tempfile
from pathlib import Path

import numpy as np
import torch
from PIL import Image
from safetensors.torch import load_file, save_file

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_sampling_goldens import openai_vocab_and_merges  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "Tests/EngineTests/Fixtures/modelfolders"
IP2P = OUT / "ip2p"
RESOLUTION = 64
PROMPT = "a photo, in hazy conditions"  # GenDegPrompt.text(caption: "a photo", type: .haze)
SEED = 1234
STEPS = 4
TEXT_CFG, IMAGE_CFG = 7.5, 1.5
MERGES = 40  # the first openai merges, so the tiny tokenizer still merges some pairs


def perturb(module, scale=0.05):
    """Random init leaves norms at 1/0 and some biases at 0; jitter every parameter."""
    with torch.no_grad():
        for p in module.parameters():
            p.add_(torch.randn_like(p) * scale)
    return module.eval()


def tiny_tokenizer(folder):
    """A CLIP tokenizer with openai's byte symbols, its first MERGES merges and the two
    special tokens (ids 552 and 553 instead of 49406 and 49407), saved by transformers."""
    from transformers import CLIPTokenizer

    _, merges = openai_vocab_and_merges()
    full, _ = openai_vocab_and_merges()
    symbols = sorted(full, key=full.get)[:512]
    merges = merges[:MERGES]
    vocab = symbols + ["".join(m) for m in merges] + ["<|startoftext|>", "<|endoftext|>"]
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        (tmp / "vocab.json").write_text(json.dumps({v: i for i, v in enumerate(vocab)}, ensure_ascii=False), encoding="utf-8")
        (tmp / "merges.txt").write_text("#version: 0.2\n" + "\n".join(" ".join(m) for m in merges) + "\n", encoding="utf-8")
        tok = CLIPTokenizer.from_pretrained(str(tmp), model_max_length=77)
    tok.save_pretrained(str(folder))
    return CLIPTokenizer.from_pretrained(str(folder)), len(vocab)


def build_models(vocab_size):
    from diffusers import AutoencoderKL, UNet2DConditionModel
    from transformers import CLIPTextConfig, CLIPTextModel

    torch.manual_seed(0)
    unet = perturb(UNet2DConditionModel(
        # No attention at the full latent resolution: 1024-token attention makes debug-build tests slow.
        sample_size=RESOLUTION // 2, in_channels=8, out_channels=4, block_out_channels=(4, 8, 8), layers_per_block=1,
        down_block_types=("DownBlock2D", "CrossAttnDownBlock2D", "CrossAttnDownBlock2D"),
        up_block_types=("CrossAttnUpBlock2D", "CrossAttnUpBlock2D", "UpBlock2D"),
        attention_head_dim=(1, 1, 2), transformer_layers_per_block=(1, 1, 2), use_linear_projection=True,
        cross_attention_dim=8, norm_num_groups=2))
    vae = perturb(AutoencoderKL(
        in_channels=3, out_channels=3, down_block_types=("DownEncoderBlock2D",) * 2,
        up_block_types=("UpDecoderBlock2D",) * 2, block_out_channels=(4, 8), layers_per_block=1,
        latent_channels=4, norm_num_groups=2, sample_size=RESOLUTION, scaling_factor=0.18215))
    config = CLIPTextConfig(
        vocab_size=vocab_size, hidden_size=8, intermediate_size=16, num_hidden_layers=2, num_attention_heads=2,
        max_position_embeddings=77, hidden_act="quick_gelu", layer_norm_eps=1e-5, projection_dim=8,
        bos_token_id=vocab_size - 2, eos_token_id=vocab_size - 1, pad_token_id=vocab_size - 1)
    clip = perturb(CLIPTextModel(config))
    return unet, vae, clip, config


def save_ip2p(unet, vae, clip, tokenizer_folder):
    from diffusers import EulerAncestralDiscreteScheduler, StableDiffusionInstructPix2PixPipeline
    from transformers import CLIPTokenizer

    scheduler = EulerAncestralDiscreteScheduler(
        num_train_timesteps=1000, beta_start=0.00085, beta_end=0.012, beta_schedule="scaled_linear",
        prediction_type="epsilon", timestep_spacing="linspace", steps_offset=1)
    pipe = StableDiffusionInstructPix2PixPipeline(
        vae=vae, text_encoder=clip, tokenizer=CLIPTokenizer.from_pretrained(str(tokenizer_folder)), unet=unet,
        scheduler=scheduler, safety_checker=None, feature_extractor=None, requires_safety_checker=False)
    pipe.save_pretrained(str(IP2P), safe_serialization=True)
    # Re-saved by the libraries in the precisions and layouts users' folders come in.
    shutil.rmtree(IP2P / "unet")
    unet.to(torch.float16).save_pretrained(str(IP2P / "unet"), safe_serialization=True)
    unet.to(torch.float32)
    shutil.rmtree(IP2P / "vae")
    vae.to(torch.bfloat16).save_pretrained(str(IP2P / "vae"), safe_serialization=True, max_shard_size="12KB")
    vae.to(torch.float32)
    assert (IP2P / "vae/diffusion_pytorch_model.safetensors.index.json").exists(), "the VAE was not sharded"
    assert not (IP2P / "conditioning").exists() and not (IP2P / "gendeg.json").exists()
    names = load_file(str(IP2P / "text_encoder/model.safetensors"))
    assert "embeddings.token_embedding.weight" in names, "expected transformers 5.x naming (no text_model. prefix)"


def save_text_variants(clip, config):
    from transformers import CLIPTextModelWithProjection

    folder = OUT / "text-encoders"
    (folder / "transformers4").mkdir(parents=True)
    config.to_json_file(str(folder / "transformers4/config.json"))
    tensors = {"text_model." + k: v.detach().half().contiguous() for k, v in clip.state_dict().items() if v.is_floating_point()}
    # transformers before 4.31 also saved the position_ids buffer (int64).
    tensors["text_model.embeddings.position_ids"] = torch.arange(77, dtype=torch.int64)[None]
    save_file(tensors, str(folder / "transformers4/model.safetensors"))

    torch.manual_seed(1)
    with_projection = CLIPTextModelWithProjection(config).eval()
    with_projection.text_model.load_state_dict(clip.state_dict())
    with_projection.to(torch.bfloat16).save_pretrained(str(folder / "with-projection"), safe_serialization=True)
    names = load_file(str(folder / "with-projection/model.safetensors"))
    assert "text_model.embeddings.token_embedding.weight" in names and "text_projection.weight" in names

    clip.save_pretrained(str(folder / "sharded"), safe_serialization=True, max_shard_size="20KB")
    assert (folder / "sharded/model.safetensors.index.json").exists(), "the text encoder was not sharded"


def legacy_vae():
    """ip2p's VAE with the attention names diffusers used before 0.14."""
    from diffusers import AutoencoderKL

    folder = OUT / "vae-legacy"
    folder.mkdir()
    shutil.copy(IP2P / "vae/config.json", folder / "config.json")
    old = {"to_q": "query", "to_k": "key", "to_v": "value", "to_out.0": "proj_attn"}
    tensors = {}
    state = {}
    for shard in sorted((IP2P / "vae").glob("*.safetensors")):
        state.update(load_file(str(shard)))
    for name, value in state.items():
        for new, legacy in old.items():
            if ".mid_block.attentions." in name and f".{new}." in name:
                name = name.replace(f".{new}.", f".{legacy}.")
        tensors[name] = value
    assert any(".query." in k for k in tensors)
    save_file(tensors, str(folder / "diffusion_pytorch_model.safetensors"))
    reloaded = AutoencoderKL.from_pretrained(str(folder)).state_dict()
    current = AutoencoderKL.from_pretrained(str(IP2P / "vae")).state_dict()
    assert set(reloaded) == set(current) and all(torch.equal(reloaded[k], current[k]) for k in current)


def input_image():
    image = Image.open(ROOT / "Sources/Engine/Resources/samples/chelsea.png").convert("RGB")
    side = min(image.size)
    left, top = (image.width - side) // 2, (image.height - side) // 2
    image = image.crop((left, top, left + side, top + side)).resize((RESOLUTION, RESOLUTION), Image.LANCZOS)
    image.save(OUT / "input.png")
    return Image.open(OUT / "input.png").convert("RGB")


@torch.no_grad()
def text_goldens(tokenizer):
    from transformers import CLIPTextModel, CLIPTextModelWithProjection

    ids = tokenizer([PROMPT], truncation=True, max_length=77, padding="max_length", return_tensors="pt")["input_ids"]
    out = {"prompt_ids": ids.to(torch.float32)}
    variants = {"transformers5": (CLIPTextModel, IP2P / "text_encoder"),
                "transformers4": (CLIPTextModel, OUT / "text-encoders/transformers4"),
                "with_projection": (CLIPTextModelWithProjection, OUT / "text-encoders/with-projection"),
                "sharded": (CLIPTextModel, OUT / "text-encoders/sharded")}
    for name, (cls, folder) in variants.items():
        model = cls.from_pretrained(str(folder), torch_dtype=torch.float32).eval()
        out[f"text.{name}"] = model(input_ids=ids).last_hidden_state
    # transformers 5.x must have read the prefixed (4.x) names rather than left weights random.
    assert (out["text.transformers4"] - out["text.transformers5"]).abs().max() < 1e-2
    return out


@torch.no_grad()
def pipeline_goldens(image):
    from diffusers import EulerAncestralDiscreteScheduler, EulerDiscreteScheduler, StableDiffusionInstructPix2PixPipeline

    pipe = StableDiffusionInstructPix2PixPipeline.from_pretrained(str(IP2P), torch_dtype=torch.float32)
    pipe.set_progress_bar_config(disable=True)
    out = {}
    for name, cls in [("euler_a", EulerAncestralDiscreteScheduler), ("euler", EulerDiscreteScheduler)]:
        pipe.scheduler = cls.from_config(pipe.scheduler.config)
        result = pipe(PROMPT, image=image, num_inference_steps=STEPS, guidance_scale=TEXT_CFG,
                      image_guidance_scale=IMAGE_CFG, generator=torch.Generator().manual_seed(SEED), output_type="np")
        out[f"{name}.image"] = torch.from_numpy(result.images[0]).permute(2, 0, 1).unsqueeze(0).to(torch.float16)
    return out


def main():
    if OUT.exists():
        shutil.rmtree(OUT)
    OUT.mkdir(parents=True)
    tokenizer, vocab_size = tiny_tokenizer(IP2P / "tokenizer")
    unet, vae, clip, config = build_models(vocab_size)
    save_ip2p(unet, vae, clip, IP2P / "tokenizer")
    save_text_variants(clip, config)
    legacy_vae()
    goldens = {**text_goldens(tokenizer), **pipeline_goldens(input_image())}
    # The images are stored in fp16 (0.0005 steps near 1, far inside the 3/255 tolerance) to halve the file.
    save_file({k: v.detach().to(v.dtype if v.dtype == torch.float16 else torch.float32).contiguous() for k, v in goldens.items()},
              str(OUT / "goldens.safetensors"))
    for k, v in goldens.items():
        print(f"{k}: {tuple(v.shape)} max abs {v.abs().max().item():.4g}")
    total = sum(p.stat().st_size for p in OUT.rglob("*") if p.is_file())
    print(f"{OUT.relative_to(ROOT)}: {total // 1024} KB")


if __name__ == "__main__":
    main()
