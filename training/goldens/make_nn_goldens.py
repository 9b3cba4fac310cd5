"""Golden tensors for the Swift neural engine (GenDegEngine NN/ and Models/).

Builds tiny random modules with diffusers / transformers / torch, and saves their
weights (diffusers / transformers naming), inputs and reference outputs as float32
safetensors under Tests/EngineTests/Fixtures/nn/:

  layers.safetensors  per-module goldens, keys "<case>.<param>", "<case>.input", "<case>.output"
  unet.safetensors    tiny UNet2DConditionModel weights + "io.sample", "io.timesteps", "io.context", "io.output"
  vae.safetensors     tiny AutoencoderKL weights + "io.image", "io.mean", "io.logvar", "io.latent", "io.decoded"
  clip.safetensors    tiny CLIPTextModel weights + "io.tokens" (as float), "io.output"

Run: training/.venv/bin/python training/goldens/make_nn_goldens.py
"""
import math
import os

import numpy as np
import torch
import torch.nn.functional as F
from safetensors.numpy import save_file
from diffusers import AutoencoderKL, UNet2DConditionModel
from diffusers.models.attention_processor import Attention
from diffusers.models.embeddings import get_timestep_embedding
from diffusers.models.resnet import ResnetBlock2D
from diffusers.models.transformers.transformer_2d import Transformer2DModel
from transformers import CLIPTextConfig, CLIPTextModel

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "Tests", "EngineTests", "Fixtures", "nn")
torch.manual_seed(1234)


def f32(t):
    return np.ascontiguousarray(t.detach().to(torch.float32).numpy())


def perturb(module, scale=0.05):
    """Random init leaves norms at 1/0 and some biases at 0; jitter every float parameter
    so affine terms and biases are actually exercised."""
    with torch.no_grad():
        for p in module.parameters():
            p.add_(torch.randn_like(p) * scale)
    return module.eval()


def weights(module, prefix=""):
    return {prefix + k: f32(v) for k, v in module.state_dict().items() if v.is_floating_point()}


layers = {}


def case(name, module, inputs, output):
    for k, v in weights(module).items():
        layers[f"{name}.{k}"] = v
    for k, v in inputs.items():
        layers[f"{name}.{k}"] = f32(v)
    layers[f"{name}.output"] = f32(output)


with torch.no_grad():
    # Convolutions: (name, in, out, kernel, stride, padding, dilation, groups, bias)
    conv_cases = [
        ("conv3x3", 6, 8, 3, 1, 1, 1, 1, True),
        ("conv_stride2", 6, 8, 3, 2, 1, 1, 1, True),
        ("conv_pad0_stride2", 6, 8, 3, 2, 0, 1, 1, True),
        ("conv_dilation2", 6, 8, 3, 1, 2, 2, 1, True),
        ("conv_groups3", 6, 9, 3, 1, 1, 1, 3, True),
        ("conv_depthwise", 6, 6, 5, 1, 2, 1, 6, False),
        ("conv1x1", 6, 8, 1, 1, 0, 1, 1, True),
        ("conv_rect", 4, 5, (3, 5), (2, 1), (1, 2), 1, 1, True),
    ]
    for name, cin, cout, k, s, p, d, g, b in conv_cases:
        m = perturb(torch.nn.Conv2d(cin, cout, k, stride=s, padding=p, dilation=d, groups=g, bias=b))
        x = torch.randn(2, cin, 9, 11)
        case(name, m, {"input": x}, m(x))

    m = perturb(torch.nn.Linear(24, 40))
    x = torch.randn(2, 5, 24)
    case("linear", m, {"input": x}, m(x))

    m = perturb(torch.nn.GroupNorm(32, 64, eps=1e-5))
    x = torch.randn(2, 64, 5, 7) * 3 + 1
    case("group_norm", m, {"input": x}, m(x))
    m = perturb(torch.nn.GroupNorm(8, 24, eps=1e-6))
    x = torch.randn(1, 24, 4, 4) * 2 - 1
    case("group_norm_eps6", m, {"input": x}, m(x))
    case("group_norm_silu", m, {"input": x}, F.silu(m(x)))

    m = perturb(torch.nn.LayerNorm(48, eps=1e-5))
    x = torch.randn(2, 7, 48) * 2 + 0.5
    case("layer_norm", m, {"input": x}, m(x))

    x = torch.randn(3, 50) * 3
    layers["activations.input"] = f32(x)
    layers["activations.silu"] = f32(F.silu(x))
    layers["activations.gelu"] = f32(F.gelu(x))
    layers["activations.gelu_tanh"] = f32(F.gelu(x, approximate="tanh"))
    layers["activations.quick_gelu"] = f32(x * torch.sigmoid(1.702 * x))

    x = torch.randn(4, 33) * 5
    layers["softmax.input"] = f32(x)
    layers["softmax.output"] = f32(torch.softmax(x, dim=-1))

    t = torch.tensor([0.0, 1.0, 17.0, 999.0])
    layers["timestep.input"] = f32(t)
    layers["timestep.output"] = f32(get_timestep_embedding(t, 32, flip_sin_to_cos=True, downscale_freq_shift=0))

    m = perturb(Attention(query_dim=32, heads=2, dim_head=16, bias=False, out_bias=True))
    x = torch.randn(2, 10, 32)
    case("self_attention", m, {"input": x}, m(x))
    m = perturb(Attention(query_dim=32, cross_attention_dim=24, heads=4, dim_head=8, bias=False, out_bias=True))
    x, ctx = torch.randn(2, 10, 32), torch.randn(2, 7, 24)
    case("cross_attention", m, {"input": x, "context": ctx}, m(x, encoder_hidden_states=ctx))

    m = perturb(ResnetBlock2D(in_channels=16, out_channels=32, temb_channels=20, groups=8, eps=1e-5))
    x, temb = torch.randn(2, 16, 6, 6), torch.randn(2, 20)
    case("resnet", m, {"input": x, "temb": temb}, m(x, temb))
    m = perturb(ResnetBlock2D(in_channels=16, out_channels=16, temb_channels=None, groups=8, eps=1e-6))
    x = torch.randn(1, 16, 6, 6)
    case("resnet_no_temb", m, {"input": x}, m(x, None))

    m = perturb(Transformer2DModel(num_attention_heads=2, attention_head_dim=16, in_channels=32,
                                   cross_attention_dim=24, norm_num_groups=32))
    x, ctx = torch.randn(2, 32, 4, 5), torch.randn(2, 7, 24)
    case("transformer", m, {"input": x, "context": ctx}, m(x, encoder_hidden_states=ctx).sample)

    # Whole tiny UNet, structured like SD 1.5 (cross-attention down blocks, a plain last level).
    unet = perturb(UNet2DConditionModel(
        sample_size=8, in_channels=8, out_channels=4, block_out_channels=(16, 32, 32), layers_per_block=1,
        down_block_types=("CrossAttnDownBlock2D", "CrossAttnDownBlock2D", "DownBlock2D"),
        up_block_types=("UpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D"),
        cross_attention_dim=32, attention_head_dim=2, norm_num_groups=8))
    sample, ts, ctx = torch.randn(2, 8, 8, 8), torch.tensor([999.0, 17.0]), torch.randn(2, 77, 32)
    unet_out = unet(sample, ts, encoder_hidden_states=ctx).sample
    save_file({**weights(unet), "io.sample": f32(sample), "io.timesteps": f32(ts), "io.context": f32(ctx),
               "io.output": f32(unet_out)}, os.path.join(OUT, "unet.safetensors"))

    vae = perturb(AutoencoderKL(
        in_channels=3, out_channels=3, down_block_types=("DownEncoderBlock2D",) * 2,
        up_block_types=("UpDecoderBlock2D",) * 2, block_out_channels=(16, 32), layers_per_block=1,
        latent_channels=4, norm_num_groups=8, sample_size=16))
    image = torch.rand(1, 3, 16, 16) * 2 - 1
    dist = vae.encode(image).latent_dist
    latent = torch.randn(1, 4, 8, 8)
    decoded = vae.decode(latent).sample
    save_file({**weights(vae), "io.image": f32(image), "io.mean": f32(dist.mean), "io.logvar": f32(dist.logvar),
               "io.latent": f32(latent), "io.decoded": f32(decoded)}, os.path.join(OUT, "vae.safetensors"))

    clip = CLIPTextModel(CLIPTextConfig(
        vocab_size=1000, hidden_size=32, intermediate_size=37, num_hidden_layers=2, num_attention_heads=4,
        max_position_embeddings=77, hidden_act="quick_gelu", layer_norm_eps=1e-5,
        bos_token_id=998, eos_token_id=999, pad_token_id=1))
    clip = perturb(clip)
    tokens = torch.randint(0, 1000, (1, 77))
    clip_out = clip(input_ids=tokens).last_hidden_state
    # Checkpoints (and the engine) name these "text_model.*"; newer transformers drop the prefix.
    clip_weights = {(k if k.startswith("text_model.") else "text_model." + k): v for k, v in weights(clip).items()}
    save_file({**clip_weights, "io.tokens": f32(tokens.float()), "io.output": f32(clip_out)},
              os.path.join(OUT, "clip.safetensors"))

save_file(layers, os.path.join(OUT, "layers.safetensors"))
total = sum(os.path.getsize(os.path.join(OUT, f)) for f in os.listdir(OUT))
print(f"wrote goldens to {os.path.normpath(OUT)} ({total / 1e6:.2f} MB)")
