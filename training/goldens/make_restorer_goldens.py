"""Golden tensors for gendeg's learned restorers (NAFNet, NAFNetLocal, Restormer, Zero-DCE family).

NAFNet and Restormer come from spandrel and spandrel-extra-arches: each tiny random model is
saved as a .pth checkpoint (torch.save, in the wrappers and with the key prefixes that official
checkpoints use), loaded back through spandrel's own architecture detection, and run on a crop of
a bundled photo at an odd size. beta/gamma (NAFNet), the layer-norm affine parameters and the
attention temperatures (Restormer) are randomized: at their initial values the blocks would be
identities or near-identities and prove nothing.

Restormer's official test scripts reflect-pad to a multiple of 8 and crop afterwards; NAFNet pads
with zeros inside its forward. NAFNetLocal (TLC) follows megvii-research/NAFNet
basicsr/models/archs/local_arch.py (copied below, the exact, non-"fast" path).

Zero-DCE++: the real MIT-licensed weights from the `neuro-low-light` wheel (Copyright (c) 2025 Parshva
Shah; Tests/EngineTests/Fixtures/learned/LICENSE-neuro-low-light.txt), run on a darkened crop of the
bundled coffee photo through the wheel's own model class. The fixture is laid out as the wheel's
best_model.pth (epoch, model/optimizer/scheduler/scaler state, losses), so the tests load that layout;
to keep it small, Adam's exp_avg / exp_avg_sq are zero tensors of the right shapes stored with stride 0
(one element each on disk). The official Zero-DCE (Li-Chongyi/Zero-DCE) and Zero-DCE++
(Li-Chongyi/Zero-DCE_extension) model definitions, copied below, are checked with random weights;
Zero-DCE++ at scale 12 also on a size that is no multiple of 12, through the official
lowlight_test.py procedure (crop to the largest multiple of the scale factor, then run).

Run: training/.venv/bin/python training/goldens/make_restorer_goldens.py [--only NAME ...]
(--only writes just the named cases; every case is still computed, in order, so the random
weights of the others do not change.)
Needs spandrel 0.4.2, spandrel-extra-arches 0.2.0, neuro-low-light 0.1.0 and einops. Install them with
`pip install --no-deps spandrel==0.4.2 spandrel-extra-arches==0.2.0 neuro-low-light==0.1.0 einops`:
with dependencies, pip replaces the CPU-only torch by PyPI's CUDA build and adds torchvision.
Without installing it: `pip download neuro-low-light==0.1.0 --no-deps -d /tmp/nll`, unzip the wheel
there, and run with PYTHONPATH=/tmp/nll/<unzipped folder>.
"""
import pathlib
import sys
import types

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from PIL import Image
from safetensors.torch import save_file

ROOT = pathlib.Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "Sources/Engine/Resources/samples"
OUT = ROOT / "Tests/EngineTests/Fixtures/learned"


def stub_torchvision():
    """spandrel's registry imports LaMa, which imports torchvision; the CPU-only torch wheel here has
    no matching torchvision, and neither NAFNet nor Restormer uses it."""
    try:
        import torchvision  # noqa: F401
        return
    except Exception:
        pass

    class Anything(types.ModuleType):
        def __getattr__(self, name):
            if name.startswith("__"):
                raise AttributeError(name)
            return Anything(f"{self.__name__}.{name}")

        def __call__(self, *args, **kwargs):
            return None

    for name in ["torchvision", "torchvision.transforms", "torchvision.transforms.functional",
                 "torchvision.ops", "torchvision.models", "torchvision.utils"]:
        sys.modules[name] = Anything(name)


stub_torchvision()
import spandrel  # noqa: E402
import spandrel_extra_arches  # noqa: E402

spandrel_extra_arches.install()


def photo(name, box, dark=False):
    a = np.asarray(Image.open(SAMPLES / name).convert("RGB").crop(box)).astype(np.float32) / 255
    if dark:
        a = 0.3 * a ** 1.8
    return torch.from_numpy(a).permute(2, 0, 1).unsqueeze(0).contiguous()


def randomize(model, generator):
    with torch.no_grad():
        for name, p in model.named_parameters():
            last = name.split(".")[-1]
            if last in ("beta", "gamma"):
                p.copy_(torch.randn(p.shape, generator=generator) * 0.5)
            elif last == "temperature":
                p.copy_(torch.rand(p.shape, generator=generator) * 1.5 + 0.5)
            elif ".norm" in name and last == "weight":
                p.copy_(1 + 0.3 * torch.randn(p.shape, generator=generator))
            elif ".norm" in name and last == "bias":
                p.copy_(0.2 * torch.randn(p.shape, generator=generator))


ONLY = set(sys.argv[sys.argv.index("--only") + 1:]) if "--only" in sys.argv else None


def save_case(name, state, wrapper, prefix, inputs, outputs, extra=None):
    """extra: further top-level entries beside the wrapped state dict (an optimizer state...)."""
    if ONLY is not None and name not in ONLY:
        return
    state = {prefix + k: v.contiguous() for k, v in state.items()}
    top = {wrapper: state, **(extra or {})} if wrapper else state
    torch.save(top, OUT / f"{name}.pth")
    save_file({"input": inputs.contiguous(), "output": outputs.contiguous()}, str(OUT / f"{name}.safetensors"))
    print(f"{name}: input {tuple(inputs.shape)}, output range [{outputs.min():.3f}, {outputs.max():.3f}]")


def through_spandrel(state):
    """Loads the state dict the way users do, so the architecture and config are spandrel's detection."""
    return spandrel.ModelLoader().load_from_state_dict(state).model.eval()


# --- NAFNetLocal (TLC), from megvii-research/NAFNet basicsr/models/archs/local_arch.py (MIT) ---
class AvgPool2d(nn.Module):
    def __init__(self, base_size, train_size):
        super().__init__()
        self.kernel_size = None
        self.base_size = base_size
        self.train_size = train_size

    def forward(self, x):
        if self.kernel_size is None:
            self.kernel_size = [x.shape[2] * self.base_size[0] // self.train_size[-2],
                                x.shape[3] * self.base_size[1] // self.train_size[-1]]
        if self.kernel_size[0] >= x.size(-2) and self.kernel_size[1] >= x.size(-1):
            return F.adaptive_avg_pool2d(x, 1)
        n, c, h, w = x.shape
        s = x.cumsum(dim=-1).cumsum_(dim=-2)
        s = F.pad(s, (1, 0, 1, 0))
        k1, k2 = min(h, self.kernel_size[0]), min(w, self.kernel_size[1])
        s1, s2, s3, s4 = s[:, :, :-k1, :-k2], s[:, :, :-k1, k2:], s[:, :, k1:, :-k2], s[:, :, k1:, k2:]
        out = (s4 + s1 - s2 - s3) / (k1 * k2)
        _h, _w = out.shape[2:]
        pad2d = ((w - _w) // 2, (w - _w + 1) // 2, (h - _h) // 2, (h - _h + 1) // 2)
        return F.pad(out, pad2d, mode="replicate")


def replace_layers(model, base_size, train_size):
    for n, m in model.named_children():
        if len(list(m.children())) > 0:
            replace_layers(m, base_size, train_size)
        if isinstance(m, nn.AdaptiveAvgPool2d):
            setattr(model, n, AvgPool2d(base_size, train_size))


def to_local(model, train_size):
    base_size = (int(train_size[2] * 1.5), int(train_size[3] * 1.5))
    replace_layers(model, base_size, train_size)
    with torch.no_grad():
        model(torch.rand(train_size))
    return model


# --- Zero-DCE (Li-Chongyi/Zero-DCE Zero-DCE_code/model.py) ---
class ZeroDCE(nn.Module):
    def __init__(self):
        super().__init__()
        f = 32
        self.e_conv1 = nn.Conv2d(3, f, 3, 1, 1)
        self.e_conv2 = nn.Conv2d(f, f, 3, 1, 1)
        self.e_conv3 = nn.Conv2d(f, f, 3, 1, 1)
        self.e_conv4 = nn.Conv2d(f, f, 3, 1, 1)
        self.e_conv5 = nn.Conv2d(2 * f, f, 3, 1, 1)
        self.e_conv6 = nn.Conv2d(2 * f, f, 3, 1, 1)
        self.e_conv7 = nn.Conv2d(2 * f, 24, 3, 1, 1)

    def forward(self, x):
        x1 = F.relu(self.e_conv1(x))
        x2 = F.relu(self.e_conv2(x1))
        x3 = F.relu(self.e_conv3(x2))
        x4 = F.relu(self.e_conv4(x3))
        x5 = F.relu(self.e_conv5(torch.cat([x3, x4], 1)))
        x6 = F.relu(self.e_conv6(torch.cat([x2, x5], 1)))
        x_r = torch.tanh(self.e_conv7(torch.cat([x1, x6], 1)))
        for r in torch.split(x_r, 3, dim=1):
            x = x + r * (torch.pow(x, 2) - x)
        return x


# --- Zero-DCE++ (Li-Chongyi/Zero-DCE_extension Zero-DCE++/model.py) ---
class CSDNTem(nn.Module):
    def __init__(self, in_ch, out_ch):
        super().__init__()
        self.depth_conv = nn.Conv2d(in_ch, in_ch, 3, 1, 1, groups=in_ch)
        self.point_conv = nn.Conv2d(in_ch, out_ch, 1, 1, 0)

    def forward(self, x):
        return self.point_conv(self.depth_conv(x))


class ZeroDCEPlusPlus(nn.Module):
    def __init__(self, scale_factor):
        super().__init__()
        f = 32
        self.scale_factor = scale_factor
        self.upsample = nn.UpsamplingBilinear2d(scale_factor=scale_factor)
        self.e_conv1 = CSDNTem(3, f)
        self.e_conv2 = CSDNTem(f, f)
        self.e_conv3 = CSDNTem(f, f)
        self.e_conv4 = CSDNTem(f, f)
        self.e_conv5 = CSDNTem(2 * f, f)
        self.e_conv6 = CSDNTem(2 * f, f)
        self.e_conv7 = CSDNTem(2 * f, 3)

    def forward(self, x):
        x_down = x if self.scale_factor == 1 else F.interpolate(x, scale_factor=1 / self.scale_factor, mode="bilinear")
        x1 = F.relu(self.e_conv1(x_down))
        x2 = F.relu(self.e_conv2(x1))
        x3 = F.relu(self.e_conv3(x2))
        x4 = F.relu(self.e_conv4(x3))
        x5 = F.relu(self.e_conv5(torch.cat([x3, x4], 1)))
        x6 = F.relu(self.e_conv6(torch.cat([x2, x5], 1)))
        x_r = torch.tanh(self.e_conv7(torch.cat([x1, x6], 1)))
        if self.scale_factor != 1:
            x_r = self.upsample(x_r)
        for _ in range(8):
            x = x + x_r * (torch.pow(x, 2) - x)
        return x


def official_zerodcepp_test(model, x, scale_factor):
    """Li-Chongyi/Zero-DCE_extension lowlight_test.py: the image is cropped to the largest multiple
    of scale_factor (h = (h // scale_factor) * scale_factor, likewise w) before the model runs."""
    h = x.shape[2] // scale_factor * scale_factor
    w = x.shape[3] // scale_factor * scale_factor
    return model(x[:, :, :h, :w])


def wheel_layout(checkpoint):
    """The wheel file's entries besides model_state_dict, with Adam's moments as stride-0 zeros."""
    def small(value):
        if isinstance(value, torch.Tensor) and value.dim() > 0:
            return torch.zeros((), dtype=value.dtype).expand(value.shape)
        if isinstance(value, dict):
            return {k: small(v) for k, v in value.items()}
        return value
    return {k: small(v) for k, v in checkpoint.items() if k != "model_state_dict"}


def reflect_pad_run(model, x, multiple):
    h, w = x.shape[2:]
    ph, pw = (multiple - h % multiple) % multiple, (multiple - w % multiple) % multiple
    padded = F.pad(x, (0, pw, 0, ph), mode="reflect")
    return model(padded)[:, :, :h, :w]


@torch.no_grad()
def main():
    OUT.mkdir(parents=True, exist_ok=True)
    from spandrel.architectures.NAFNet import NAFNet
    from spandrel_extra_arches.architectures.Restormer import Restormer

    g = torch.Generator().manual_seed(7)
    torch.manual_seed(7)

    # NAFNet: two configs, odd sizes (zero-padded inside the model to multiples of 2^levels).
    net = NAFNet(img_channel=3, width=8, middle_blk_num=1, enc_blk_nums=[1, 1], dec_blk_nums=[1, 1])
    randomize(net, g)
    x = photo("astronaut.png", (200, 100, 237, 123))  # 37 x 23
    y = through_spandrel(net.state_dict())(x)
    save_case("nafnet_w8", net.state_dict(), "params", "", x, y)

    net = NAFNet(img_channel=3, width=6, middle_blk_num=2, enc_blk_nums=[2, 1, 1], dec_blk_nums=[1, 1, 2])
    randomize(net, g)
    x = photo("chelsea.png", (60, 40, 89, 81))  # 29 x 41
    y = through_spandrel(net.state_dict())(x)
    save_case("nafnet_w6_deep", net.state_dict(), "state_dict", "module.", x, y)

    # NAFNetLocal: training size 32, so the local average pools (kernels 48/24/12) act on a 61 x 50 image.
    net = NAFNet(img_channel=3, width=8, middle_blk_num=1, enc_blk_nums=[1, 1], dec_blk_nums=[1, 1])
    randomize(net, g)
    state = {k: v.clone() for k, v in net.state_dict().items()}
    x = photo("coffee.png", (100, 100, 161, 150))  # 61 x 50
    y = to_local(through_spandrel(state), (1, 3, 32, 32))(x)
    save_case("nafnet_local_w8_t32", state, "params", "", x, y)

    # Restormer: WithBias LayerNorm without conv bias; BiasFree LayerNorm with conv bias.
    net = Restormer(dim=4, num_blocks=[1, 1, 1, 1], num_refinement_blocks=1, heads=[1, 2, 2, 4],
                    bias=False, LayerNorm_type="WithBias")
    randomize(net, g)
    x = photo("astronaut.png", (300, 260, 337, 283))  # 37 x 23
    y = reflect_pad_run(through_spandrel(net.state_dict()), x, 8)
    save_case("restormer_d4", net.state_dict(), "params", "", x, y)

    net = Restormer(dim=6, num_blocks=[1, 2, 1, 1], num_refinement_blocks=2, heads=[1, 2, 3, 4],
                    bias=True, LayerNorm_type="BiasFree")
    randomize(net, g)
    x = photo("rocket.jpg", (150, 200, 169, 245))  # 19 x 45
    y = reflect_pad_run(through_spandrel(net.state_dict()), x, 8)
    save_case("restormer_d6_biasfree", net.state_dict(), None, "net.", x, y)

    # Zero-DCE++ real weights from the neuro-low-light wheel on a darkened photo crop.
    import neuro_low_light
    from neuro_low_light.model import ZeroDCEPP
    wheel = pathlib.Path(neuro_low_light.__file__).parent / "weights/best_model.pth"
    checkpoint = torch.load(wheel, map_location="cpu", weights_only=True)
    model = ZeroDCEPP(num_iterations=8).eval()
    model.load_state_dict(checkpoint["model_state_dict"])
    x = photo("coffee.png", (150, 60, 246, 124), dark=True)  # 96 x 64
    y, _ = model(x)
    save_case("zerodce_neuro_low_light", checkpoint["model_state_dict"], "model_state_dict", "", x, y,
              extra=wheel_layout(checkpoint))

    # Official Zero-DCE and Zero-DCE++ definitions with random weights (scale factor 4 for ++).
    model = ZeroDCE().eval()
    x = photo("chelsea.png", (200, 120, 233, 147), dark=True)  # 33 x 27
    save_case("zerodce_official", model.state_dict(), None, "", x, model(x))
    model = ZeroDCEPlusPlus(scale_factor=4).eval()
    x = photo("chelsea.png", (200, 120, 244, 148), dark=True)  # 44 x 28
    save_case("zerodcepp_official_s4", model.state_dict(), None, "", x, model(x))

    # Zero-DCE++ at the official scale 12 on 67 x 53, which lowlight_test.py crops to 60 x 48.
    torch.manual_seed(12)
    model = ZeroDCEPlusPlus(scale_factor=12).eval()
    x = photo("coffee.png", (300, 150, 367, 203), dark=True)  # 67 x 53
    save_case("zerodcepp_official_s12_crop", model.state_dict(), None, "", x, official_zerodcepp_test(model, x, 12))


if __name__ == "__main__":
    main()
