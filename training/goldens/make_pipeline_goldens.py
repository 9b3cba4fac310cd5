"""End-to-end goldens for the GenDeg pipeline on a tiny random GenDeg model.

Run from the repository root with the training virtual environment:

    python training/goldens/make_pipeline_goldens.py

Writes Tests/EngineTests/Fixtures/pipeline/:
  * tiny-gendeg/  a diffusers-style GenDeg folder (unet/, vae/, text_encoder/ in fp16,
    conditioning/conditioning.safetensors, gendeg.json) with random weights;
  * input.png     the 32x32 clean image (the model's resolution, so the engine resizes nothing);
  * goldens.safetensors  contexts, clean latent, initial noise, final latents and decoded images.

The reference is GenDeg's run_single.py, run here with the real libraries rather than
re-implemented: transformers' CLIPTokenizer / CLIPTextModel, diffusers' UNet2DConditionModel /
AutoencoderKL, k-diffusion 0.1.1.post1's CompVisDenoiser, get_sigmas, sample_euler_ancestral
and sample_euler, and run_single.py's CFGDenoiser and conditioning code copied verbatim.
"""

import json
import shutil
import sys
import tempfile
from pathlib import Path

import numpy as np
import torch
from PIL import Image
from safetensors.torch import save_file

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_sampling_goldens import import_k_diffusion, openai_vocab_and_merges  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "Tests/EngineTests/Fixtures/pipeline"
MODEL = OUT / "tiny-gendeg"
RESOLUTION = 32
PROMPT = "a photo, in hazy conditions"  # GenDegPrompt.text(caption: "a photo", type: .haze)
MU, SIGMA = 0.12, 0.07
SEED = 1234
STEPS = 4
TEXT_CFG, IMAGE_CFG = 7.5, 1.5


def f32(t):
    return t.detach().to(torch.float32).contiguous()


def perturb(module, scale=0.05):
    """Random init leaves norms at 1/0 and some biases at 0; jitter every parameter so affine
    terms and biases are exercised."""
    with torch.no_grad():
        for p in module.parameters():
            p.add_(torch.randn_like(p) * scale)
    return module.eval()


def build_model():
    from diffusers import AutoencoderKL, UNet2DConditionModel
    from transformers import CLIPTextConfig, CLIPTextModel

    torch.manual_seed(0)
    unet = perturb(UNet2DConditionModel(
        sample_size=RESOLUTION // 2, in_channels=8, out_channels=4, block_out_channels=(16, 32), layers_per_block=1,
        down_block_types=("CrossAttnDownBlock2D", "DownBlock2D"), up_block_types=("UpBlock2D", "CrossAttnUpBlock2D"),
        attention_head_dim=2, cross_attention_dim=16, norm_num_groups=8))
    vae = perturb(AutoencoderKL(
        in_channels=3, out_channels=3, down_block_types=("DownEncoderBlock2D",) * 2,
        up_block_types=("UpDecoderBlock2D",) * 2, block_out_channels=(8, 16), layers_per_block=1,
        latent_channels=4, norm_num_groups=4, sample_size=RESOLUTION, scaling_factor=0.18215))
    clip = perturb(CLIPTextModel(CLIPTextConfig(
        vocab_size=49408, hidden_size=16, intermediate_size=32, num_hidden_layers=2, num_attention_heads=2,
        max_position_embeddings=77, hidden_act="quick_gelu", layer_norm_eps=1e-5,
        bos_token_id=49406, eos_token_id=49407, pad_token_id=49407)))
    # The fixture stores the text encoder in fp16; the reference uses the same rounded weights.
    clip = clip.half().float().eval()
    stats_proj = torch.nn.Linear(129, 77)
    cc_projection = torch.nn.Linear(18, 16)
    return unet, vae, clip, stats_proj.eval(), cc_projection.eval()


def save_model(unet, vae, clip, stats_proj, cc_projection):
    if MODEL.exists():
        shutil.rmtree(MODEL)
    unet.save_pretrained(MODEL / "unet", safe_serialization=True)
    vae.save_pretrained(MODEL / "vae", safe_serialization=True)
    # Written by hand so the names keep the "text_model." prefix real checkpoints have
    # (newer transformers drop it from CLIPTextModel's state dict).
    (MODEL / "text_encoder").mkdir(parents=True)
    clip.config.to_json_file(MODEL / "text_encoder/config.json")
    text_weights = {(k if k.startswith("text_model.") else "text_model." + k): v.detach().half().contiguous()
                    for k, v in clip.state_dict().items() if v.is_floating_point()}
    save_file(text_weights, MODEL / "text_encoder/model.safetensors")
    (MODEL / "conditioning").mkdir(parents=True)
    save_file({**{"stats_proj." + k: f32(v) for k, v in stats_proj.state_dict().items()},
               **{"cc_projection." + k: f32(v) for k, v in cc_projection.state_dict().items()}},
              MODEL / "conditioning/conditioning.safetensors")
    (MODEL / "gendeg.json").write_text(json.dumps(
        {"name": "tiny-gendeg", "resolution": RESOLUTION, "prompt_caption": "a photo"}, indent=2) + "\n")


def tokenizer():
    from transformers import CLIPTokenizer

    vocab, merges = openai_vocab_and_merges()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        (tmp / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
        (tmp / "merges.txt").write_text("#version: 0.2\n" + "\n".join(" ".join(m) for m in merges) + "\n", encoding="utf-8")
        return CLIPTokenizer.from_pretrained(str(tmp))


def one_hots(mu, sigma):
    """edit_dataset.py's bin_and_one_hot_encode: 128 np.digitize bins plus a null bin (index 128)."""
    rows = torch.zeros(1, 2, 129)
    for row, (value, upper) in enumerate([(mu, 0.7), (sigma, 0.4)]):
        index = 128 if value is None else min(int(np.digitize(value, np.linspace(0.0, upper, 129))) - 1, 127)
        rows[0, row, index] = 1
    return rows


def input_image():
    image = Image.open(ROOT / "Sources/Engine/Resources/samples/chelsea.png").convert("RGB")
    side = min(image.size)
    left, top = (image.width - side) // 2, (image.height - side) // 2
    image = image.crop((left, top, left + side, top + side)).resize((RESOLUTION, RESOLUTION), Image.LANCZOS)
    image.save(OUT / "input.png")
    pixels = torch.from_numpy(np.asarray(Image.open(OUT / "input.png").convert("RGB"), dtype=np.float32) / 255)
    return pixels.permute(2, 0, 1).unsqueeze(0)


class CFGDenoiser(torch.nn.Module):
    """run_single.py's CFGDenoiser, verbatim but for einops.repeat written as torch.cat."""

    def __init__(self, model):
        super().__init__()
        self.inner_model = model

    def forward(self, z, sigma, cond, uncond, text_cfg_scale, image_cfg_scale):
        cfg_z = torch.cat([z, z, z])
        cfg_sigma = torch.cat([sigma, sigma, sigma])
        cfg_cond = {
            "c_crossattn": [torch.cat([cond["c_crossattn"][0], uncond["c_crossattn"][0], uncond["c_crossattn"][0]])],
            "c_concat": [torch.cat([cond["c_concat"][0], cond["c_concat"][0], uncond["c_concat"][0]])],
        }
        out_cond, out_img_cond, out_uncond = self.inner_model(cfg_z, cfg_sigma, cond=cfg_cond).chunk(3)
        return out_uncond + text_cfg_scale * (out_cond - out_img_cond) + image_cfg_scale * (out_img_cond - out_uncond)


class LatentDiffusion(torch.nn.Module):
    """The LDM's apply_model for the hybrid conditioning: concat c_concat, cross-attend c_crossattn."""

    def __init__(self, unet):
        super().__init__()
        self.unet = unet
        betas = torch.linspace(0.00085 ** 0.5, 0.012 ** 0.5, 1000, dtype=torch.float64) ** 2
        self.register_buffer("alphas_cumprod", torch.tensor(np.cumprod(1.0 - betas.numpy(), axis=0), dtype=torch.float32))

    def apply_model(self, x, t, cond):
        sample = torch.cat([x] + cond["c_concat"], dim=1)
        return self.unet(sample, t, encoder_hidden_states=torch.cat(cond["c_crossattn"], 1)).sample


@torch.no_grad()
def main():
    OUT.mkdir(parents=True, exist_ok=True)
    unet, vae, clip, stats_proj, cc_projection = build_model()
    save_model(unet, vae, clip, stats_proj, cc_projection)
    sampling, external = import_k_diffusion()
    tok = tokenizer()

    def clip_embed(texts):  # FrozenCLIPEmbedder: pad to 77, last_hidden_state
        ids = tok(texts, truncation=True, max_length=77, padding="max_length", return_tensors="pt")["input_ids"]
        return clip(input_ids=ids).last_hidden_state

    clip_text_emb = clip_embed([PROMPT])
    null_token = clip_embed([""])
    stats_reshaped = stats_proj(one_hots(MU, SIGMA)).contiguous().transpose(1, 2)
    null_stats = stats_proj(one_hots(None, None)).contiguous().transpose(1, 2)
    clean = input_image()
    clean_latent = vae.encode(clean * 2 - 1).latent_dist.mode()
    cond = {"c_crossattn": [cc_projection(torch.cat([clip_text_emb, stats_reshaped], dim=-1))], "c_concat": [clean_latent]}
    uncond = {"c_crossattn": [cc_projection(torch.cat([null_token, null_stats], dim=-1))],
              "c_concat": [torch.zeros_like(clean_latent)]}

    model_wrap = external.CompVisDenoiser(LatentDiffusion(unet))
    model_wrap_cfg = CFGDenoiser(model_wrap)
    extra_args = {"cond": cond, "uncond": uncond, "text_cfg_scale": TEXT_CFG, "image_cfg_scale": IMAGE_CFG}
    goldens = {"cond_context": cond["c_crossattn"][0], "uncond_context": uncond["c_crossattn"][0],
               "clean_latent": clean_latent}
    for name, sample in [("euler_a", sampling.sample_euler_ancestral), ("ddim", sampling.sample_euler)]:
        sigmas = model_wrap.get_sigmas(STEPS)
        torch.manual_seed(SEED)  # one CPU generator: the initial latent, then randn_like per step
        z = torch.randn_like(clean_latent) * sigmas[0]
        goldens[f"{name}.initial"] = z.clone()
        z = sample(model_wrap_cfg, z, sigmas, extra_args=extra_args, disable=True)
        x = vae.decode(z / vae.config.scaling_factor).sample.clamp_(-1, 1)
        goldens[f"{name}.final_latent"] = z
        goldens[f"{name}.image"] = (x + 1) / 2
    save_file({k: f32(v) for k, v in goldens.items()}, OUT / "goldens.safetensors")
    for k, v in goldens.items():
        print(f"{k}: {tuple(v.shape)} max abs {v.abs().max().item():.4g}")


if __name__ == "__main__":
    main()
