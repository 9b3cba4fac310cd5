"""Golden tensors for gendeg's PromptIR restorer (Potlapalli et al., NeurIPS 2023).

PromptIR is not in spandrel, so the official model definition is loaded from a checkout of
github.com/va1shn9v/PromptIR at commit 106159ab809101f2e25b6714195cd6fa9a938d36 given with
--reference-repo: its net/model.py (which imports only torch and einops) and demo.py's pad_input.
demo.py is imported as a module; stand-ins replace, when they are not installed, the imports
pad_input never uses: lightning.pytorch and the checkout's utils.dataset_utils and utils.image_io
(which pull in torchvision and matplotlib). Nothing of PromptIR is kept in this repository (its
Academic Public License allows non-commercial use only).

The official class hard-codes the channel counts of its dim-48 release (prompt dims 64/128/320,
prompt length 5, prompt sizes 64/32/16, noise-level blocks of dim*4 + 512 etc.). The tiny test
model is built by the official constructor with a small dim and then has exactly those hard-coded
modules replaced by the official classes (PromptGenBlock, TransformerBlock, nn.Conv2d) at the
same formulas scaled down: prompt_i of prompt_dim P_i after level i+1, noise_level_i on its
concatenation, reduce_noise_level_i back to the level's width (4d, 4d, 2d), reduce_chan_level3
from 2d + 4d. The forward pass run is the official one, unchanged. Prompt sizes are chosen so
the bilinear interpolation upsamples one axis and downsamples the other.

Every parameter is random: convolutions keep PyTorch's random init, layer-norm weights/biases
and attention temperatures are drawn away from their identity values, the prompt linear layers
are scaled so the softmax over prompts is far from uniform, and the prompt components are drawn
from N(0, 4) rather than U(0, 1) so that they differ enough for the weighting to show in the output.

The checkpoint is saved as the official Lightning checkpoint wraps it: {"state_dict": {"net.*"}}
plus Lightning's scalar bookkeeping. The input is an odd-sized crop of a bundled photo,
reflect-padded to a multiple of 8 by demo.py's pad_input and cropped back, as the
official tiled demo does (test.py instead centre-crops images to a multiple of 16, which would
change the image size).

Also written: the tensor names and shapes of the official released configuration
(PromptIR(decoder=True), 35.6M parameters), for the detection test, without the weights.

Run: training/.venv/bin/python training/goldens/make_promptir_goldens.py --reference-repo PROMPTIR
(torch, einops, safetensors)
"""
import argparse
import json
import pathlib
import sys

import numpy as np
import torch
import torch.nn as nn
from PIL import Image
from safetensors.torch import save_file

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parents[1]
SAMPLES = ROOT / "Sources/Engine/Resources/samples"
OUT = ROOT / "Tests/EngineTests/Fixtures/learned"

sys.path.insert(0, str(HERE))
from reference_checkout import add_checkout_argument, checkout, load_file  # noqa: E402

COMMIT = "106159ab809101f2e25b6714195cd6fa9a938d36"


def load_reference(folder):
    """The checkout's net/model.py and demo.py, as modules."""
    model = load_file(folder / "net/model.py", "net.model")
    demo = load_file(folder / "demo.py", "promptir_demo",
                     stubs=["lightning.pytorch", "utils.dataset_utils", "utils.image_io"])
    return model, demo


def tiny_promptir(official, dim, num_blocks, num_refinement_blocks, heads, prompt_dims, prompt_len, prompt_sizes, bias):
    """The official PromptIR with its dim-48 constants scaled down (see the module docstring)."""
    ffn, norm = 2.66, "WithBias"
    PromptGenBlock, TransformerBlock = official.PromptGenBlock, official.TransformerBlock
    net = official.PromptIR(dim=dim, num_blocks=num_blocks, num_refinement_blocks=num_refinement_blocks, heads=heads,
                            ffn_expansion_factor=ffn, bias=bias, LayerNorm_type=norm, decoder=True)
    p1, p2, p3 = prompt_dims
    s1, s2, s3 = prompt_sizes
    d = dim
    net.prompt1 = PromptGenBlock(prompt_dim=p1, prompt_len=prompt_len, prompt_size=s1, lin_dim=2 * d)
    net.prompt2 = PromptGenBlock(prompt_dim=p2, prompt_len=prompt_len, prompt_size=s2, lin_dim=4 * d)
    net.prompt3 = PromptGenBlock(prompt_dim=p3, prompt_len=prompt_len, prompt_size=s3, lin_dim=8 * d)
    # Present in every official checkpoint but unused by forward (official: 64->64, 128->128, 320->256).
    net.chnl_reduce1 = nn.Conv2d(p1, p1, kernel_size=1, bias=bias)
    net.chnl_reduce2 = nn.Conv2d(p2, p2, kernel_size=1, bias=bias)
    net.chnl_reduce3 = nn.Conv2d(p3, 2 * p3, kernel_size=1, bias=bias)
    net.reduce_noise_channel_1 = nn.Conv2d(d + p1, d, kernel_size=1, bias=bias)
    net.reduce_noise_channel_2 = nn.Conv2d(2 * d + p2, 2 * d, kernel_size=1, bias=bias)
    net.reduce_noise_channel_3 = nn.Conv2d(4 * d + 2 * p3, 4 * d, kernel_size=1, bias=bias)
    # Official: Conv2d(int(dim*2**1)+192, int(dim*2**2)) with 192 = 4 * 48.
    net.reduce_chan_level3 = nn.Conv2d(2 * d + 4 * d, 4 * d, kernel_size=1, bias=bias)
    # Official: TransformerBlock(dim*4 + 512) = 8 * 48 + 320, and so on; all use heads[2].
    net.noise_level3 = TransformerBlock(dim=8 * d + p3, num_heads=heads[2], ffn_expansion_factor=ffn, bias=bias, LayerNorm_type=norm)
    net.reduce_noise_level3 = nn.Conv2d(8 * d + p3, 4 * d, kernel_size=1, bias=bias)
    net.noise_level2 = TransformerBlock(dim=4 * d + p2, num_heads=heads[2], ffn_expansion_factor=ffn, bias=bias, LayerNorm_type=norm)
    net.reduce_noise_level2 = nn.Conv2d(4 * d + p2, 4 * d, kernel_size=1, bias=bias)
    net.noise_level1 = TransformerBlock(dim=2 * d + p1, num_heads=heads[2], ffn_expansion_factor=ffn, bias=bias, LayerNorm_type=norm)
    net.reduce_noise_level1 = nn.Conv2d(2 * d + p1, 2 * d, kernel_size=1, bias=bias)
    return net


def randomize(model, generator):
    with torch.no_grad():
        for name, p in model.named_parameters():
            last = name.split(".")[-1]
            if last == "temperature":
                p.copy_(torch.rand(p.shape, generator=generator) * 1.5 + 0.5)
            elif ".norm" in name and last == "weight":
                p.copy_(1 + 0.3 * torch.randn(p.shape, generator=generator))
            elif ".norm" in name and last == "bias":
                p.copy_(0.2 * torch.randn(p.shape, generator=generator))
            elif "linear_layer" in name:
                p.copy_(3 * torch.randn(p.shape, generator=generator))
            elif "prompt_param" in name:
                p.copy_(2 * torch.randn(p.shape, generator=generator))


def photo(name, box):
    a = np.asarray(Image.open(SAMPLES / name).convert("RGB").crop(box)).astype(np.float32) / 255
    return torch.from_numpy(a).permute(2, 0, 1).unsqueeze(0).contiguous()


def lightning_checkpoint(net):
    return {"epoch": 0, "global_step": 0, "pytorch-lightning_version": "2.0.0",
            "state_dict": {"net." + k: v.contiguous() for k, v in net.state_dict().items()}}


@torch.no_grad()
def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_checkout_argument(parser, "--reference-repo", "va1shn9v/PromptIR", COMMIT, "net/model.py")
    official, demo = load_reference(checkout(parser.parse_args(), "--reference-repo"))
    OUT.mkdir(parents=True, exist_ok=True)
    g = torch.Generator().manual_seed(11)
    torch.manual_seed(11)

    config = dict(dim=4, num_blocks=[1, 1, 1, 1], num_refinement_blocks=1, heads=[1, 2, 2, 4],
                  prompt_dims=(4, 8, 12), prompt_len=3, prompt_sizes=(16, 8, 4), bias=False)
    net = tiny_promptir(official, **config).eval()
    randomize(net, g)
    path = OUT / "promptir_d4.pth"
    torch.save(lightning_checkpoint(net), path)

    # Reload into a fresh model (strict) so the golden comes from the saved file.
    loaded = tiny_promptir(official, **config).eval()
    state = torch.load(path, map_location="cpu", weights_only=True)["state_dict"]
    loaded.load_state_dict({k[len("net."):]: v for k, v in state.items()}, strict=True)

    # 37 x 23: padded to 40 x 24, so levels 2-4 are 20x12, 10x6, 5x3 against prompts 16, 8, 4.
    x = photo("astronaut.png", (120, 300, 157, 323))
    padded, h, w = demo.pad_input(x)
    y = loaded(padded)[:, :, :h, :w]
    save_file({"input": x.contiguous(), "output": y.contiguous()}, str(OUT / "promptir_d4.safetensors"))
    print(f"promptir_d4: input {tuple(x.shape)}, output range [{y.min():.3f}, {y.max():.3f}], "
          f"|output - input| mean {(y - x).abs().mean():.3f}")

    released = official.PromptIR(decoder=True)
    shapes = {"net." + k: list(v.shape) for k, v in released.state_dict().items()}
    lines = ",\n".join(f"  {json.dumps(k)}: {json.dumps(s)}" for k, s in shapes.items())
    (OUT / "promptir_official_shapes.json").write_text("{\n" + lines + "\n}\n")
    print(f"official PromptIR: {len(shapes)} tensors, {sum(v.numel() for v in released.state_dict().values())} values")


if __name__ == "__main__":
    main()
