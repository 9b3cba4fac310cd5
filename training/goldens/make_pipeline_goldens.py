"""End-to-end goldens for the GenDeg pipeline on a tiny random GenDeg model.

Run from the repository root with the training virtual environment:

    python training/goldens/make_pipeline_goldens.py --reference-repo GENDEG [--ldm PATH]

GENDEG is a checkout of github.com/sudraj2002/GenDeg at dc22c1eb950ba19b5a91c291dd130e2ffc59f18e:
its run_single.py supplies the CFGDenoiser (gendeg_reference.py says how it is imported).

--ldm PATH also writes the same model as one LDM-named safetensors file (model.diffusion_model.*,
first_stage_model.*, cond_stage_model.transformer.*, stats_proj.*, cc_projection.*), its names
checked by converting back with diffusers' own LDM converters. It is not a committed fixture:
with the 49408-token embedding it would double the fixture's size.

Writes Tests/EngineTests/Fixtures/pipeline/:
  * tiny-gendeg/  a diffusers-style GenDeg folder (unet/, vae/, text_encoder/ in fp16,
    conditioning/conditioning.safetensors, gendeg.json) with random weights;
  * input.png     the 32x32 clean image (the model's resolution, so the engine resizes nothing);
  * goldens.safetensors  contexts, clean latent, initial noise, final latents and decoded images.

The reference is GenDeg's run_single.py, run here with the real libraries rather than
re-implemented: transformers' CLIPTokenizer / CLIPTextModel, diffusers' UNet2DConditionModel /
AutoencoderKL, k-diffusion 0.1.1.post1's CompVisDenoiser, get_sigmas, sample_euler_ancestral
and sample_euler, and the CFGDenoiser of the run_single.py in the checkout. The conditioning
(stats_proj, cc_projection, the null prompt and zero image latent of the unconditional branch)
is built as run_single.py's main() builds it; the LDM's apply_model is given below.
"""

import argparse
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
import gendeg_reference  # noqa: E402
from make_sampling_goldens import import_k_diffusion, openai_vocab_and_merges  # noqa: E402
from reference_checkout import checkout  # noqa: E402

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


def ldm_unet_name(name, layers_per_block, up_has_attention):
    """diffusers -> LDM UNet name, after diffusers' convert_diffusers_to_original_stable_diffusion.py."""
    fixed = {"time_embedding.linear_1": "time_embed.0", "time_embedding.linear_2": "time_embed.2",
             "conv_in": "input_blocks.0.0", "conv_norm_out": "out.0", "conv_out": "out.2"}
    head, _, leaf = name.rpartition(".")
    if head in fixed:
        return f"{fixed[head]}.{leaf}"
    parts = name.split(".")
    n = layers_per_block + 1
    if parts[0] == "down_blocks":
        i, kind = int(parts[1]), parts[2]
        if kind == "downsamplers":
            return ".".join([f"input_blocks.{n * (i + 1)}.0.op"] + parts[5:])
        block, rest = f"input_blocks.{n * i + int(parts[3]) + 1}", parts[4:]
    elif parts[0] == "up_blocks":
        i, kind = int(parts[1]), parts[2]
        if kind == "upsamplers":
            return ".".join([f"output_blocks.{n * i + layers_per_block}.{2 if up_has_attention[i] else 1}"] + parts[4:])
        block, rest = f"output_blocks.{n * i + int(parts[3])}", parts[4:]
    elif parts[0] == "mid_block":
        kind = parts[1]
        block = "middle_block"
        rest = parts[3:]
        index = 1 if kind == "attentions" else 2 * int(parts[2])
        return ".".join([block, str(index)] + (rest if kind == "attentions" else resnet_rest(rest)))
    else:
        raise ValueError(name)
    return ".".join([block, "1" if kind == "attentions" else "0"] + (rest if kind == "attentions" else resnet_rest(rest)))


def resnet_rest(rest):
    names = {"norm1": "in_layers.0", "conv1": "in_layers.2", "norm2": "out_layers.0", "conv2": "out_layers.3",
             "time_emb_proj": "emb_layers.1", "conv_shortcut": "skip_connection"}
    return names[rest[0]].split(".") + rest[1:]


def ldm_vae_name(name, blocks):
    """diffusers -> LDM VAE name (and whether the weight becomes a 1x1 convolution)."""
    parts = name.split(".")
    if parts[1] in ("down_blocks", "up_blocks"):
        i = int(parts[2])
        side = "down" if parts[1] == "down_blocks" else "up"
        index = i if side == "down" else blocks - 1 - i
        if parts[3] == "resnets":
            rest = [p if p != "conv_shortcut" else "nin_shortcut" for p in parts[5:]]
            return ".".join([parts[0], side, str(index), "block", parts[4]] + rest), False
        return ".".join([parts[0], side, str(index), "downsample" if side == "down" else "upsample"] + parts[5:]), False
    if parts[1] == "mid_block":
        if parts[2] == "resnets":
            rest = [p if p != "conv_shortcut" else "nin_shortcut" for p in parts[4:]]
            return ".".join([parts[0], "mid", f"block_{int(parts[3]) + 1}"] + rest), False
        layer = {"group_norm": "norm", "to_q": "q", "to_k": "k", "to_v": "v", "to_out": "proj_out"}[parts[4]]
        return ".".join([parts[0], "mid", "attn_1", layer, parts[-1]]), parts[-1] == "weight" and layer != "norm"
    if parts[1] == "conv_norm_out":
        return ".".join([parts[0], "norm_out", parts[2]]), False
    return name, False


def ldm_tensors(unet, vae, clip, stats_proj, cc_projection):
    from diffusers.loaders.single_file_utils import (convert_ldm_clip_checkpoint, convert_ldm_unet_checkpoint,
                                                     convert_ldm_vae_checkpoint)

    up_attention = [t.startswith("CrossAttn") for t in unet.config.up_block_types]
    tensors = {}
    for k, v in unet.state_dict().items():
        tensors["model.diffusion_model." + ldm_unet_name(k, unet.config.layers_per_block, up_attention)] = f32(v)
    for k, v in vae.state_dict().items():
        ldm, conv = ldm_vae_name(k, len(vae.config.block_out_channels))
        tensors["first_stage_model." + ldm] = f32(v)[..., None, None] if conv else f32(v)
    for k, v in clip.state_dict().items():
        if v.is_floating_point():
            k = k if k.startswith("text_model.") else "text_model." + k
            tensors["cond_stage_model.transformer." + k] = f32(v)
    tensors.update({"stats_proj." + k: f32(v) for k, v in stats_proj.state_dict().items()})
    tensors.update({"cc_projection." + k: f32(v) for k, v in cc_projection.state_dict().items()})

    # diffusers' own LDM converters must give back exactly the diffusers weights.
    def same(converted, module, label):
        expected = {k: v for k, v in module.state_dict().items() if v.is_floating_point()}
        converted = {k: v.reshape(expected[k].shape) if k in expected else v for k, v in converted.items()}
        assert set(converted) == set(expected), (label, sorted(set(converted) ^ set(expected))[:10])
        assert all(torch.equal(converted[k], f32(expected[k])) for k in expected), label

    same(convert_ldm_unet_checkpoint(tensors, dict(unet.config)), unet, "unet")
    same(convert_ldm_vae_checkpoint(tensors, dict(vae.config)), vae, "vae")
    clip_names = {k: v for k, v in convert_ldm_clip_checkpoint(tensors).items() if k.startswith("text_model.")}
    same({k.removeprefix("text_model."): v for k, v in clip_names.items()}
         if not any(k.startswith("text_model.") for k in clip.state_dict()) else clip_names, clip, "clip")
    return tensors


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
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    gendeg_reference.add_argument(parser)
    parser.add_argument("--ldm", type=Path, help="also write the model as one LDM-named safetensors file")
    args = parser.parse_args()
    gendeg = checkout(args, gendeg_reference.FLAG)
    OUT.mkdir(parents=True, exist_ok=True)
    unet, vae, clip, stats_proj, cc_projection = build_model()
    save_model(unet, vae, clip, stats_proj, cc_projection)
    if args.ldm:
        save_file(ldm_tensors(unet, vae, clip, stats_proj, cc_projection), args.ldm)
    # After diffusers is imported: the k-diffusion stubs (torchsde...) would confuse its probes.
    sampling, external = import_k_diffusion()
    CFGDenoiser = gendeg_reference.run_single(gendeg).CFGDenoiser
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
