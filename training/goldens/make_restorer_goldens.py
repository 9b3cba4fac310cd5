"""Golden tensors for gendeg's learned restorers (NAFNet, NAFNetLocal, Restormer, Zero-DCE family).

NAFNet and Restormer come from spandrel and spandrel-extra-arches: each tiny random model is
saved as a .pth checkpoint (torch.save, in the wrappers and with the key prefixes that official
checkpoints use), loaded back through spandrel's own architecture detection, and run on a crop of
a bundled photo at an odd size. beta/gamma (NAFNet), the layer-norm affine parameters and the
attention temperatures (Restormer) are randomized: at their initial values the blocks would be
identities or near-identities and prove nothing.

Restormer's official test scripts reflect-pad to a multiple of 8 and crop afterwards; NAFNet pads
with zeros inside its forward. NAFNetLocal (TLC) is spandrel's NAFNet converted by
basicsr/models/archs/local_arch.py of a checkout of megvii-research/NAFNet (--nafnet-repo; the
exact, non-"fast" path).

Zero-DCE++: the real MIT-licensed weights from the `neuro-low-light` wheel (Copyright (c) 2025 Parshva
Shah; Tests/EngineTests/Fixtures/learned/LICENSE-neuro-low-light.txt), run on a darkened crop of the
bundled coffee photo through the wheel's own model class. The fixture is laid out as the wheel's
best_model.pth (epoch, model/optimizer/scheduler/scaler state, losses), so the tests load that layout;
to keep it small, Adam's exp_avg / exp_avg_sq are zero tensors of the right shapes stored with stride 0
(one element each on disk). The official Zero-DCE and Zero-DCE++ model definitions are loaded
from checkouts of Li-Chongyi/Zero-DCE (--zero-dce-repo, Zero-DCE_code/model.py) and
Li-Chongyi/Zero-DCE_extension (--zero-dce-extension-repo, Zero-DCE++/model.py) and checked with
random weights; Zero-DCE++ at scale 12 also on a size that is no multiple of 12, through the
official lowlight_test.py procedure (crop to the largest multiple of the scale factor, then run).
The three files import only torch and numpy. Commits: below (NAFNET_COMMIT...) and in the
README's goldens table.

Run: training/.venv/bin/python training/goldens/make_restorer_goldens.py --nafnet-repo DIR
       --zero-dce-repo DIR --zero-dce-extension-repo DIR [--only NAME ...]
(--only writes just the named cases; every case is still computed, in order, so the random
weights of the others do not change.)
Needs spandrel 0.4.2, spandrel-extra-arches 0.2.0, neuro-low-light 0.1.0 and einops. Install them with
`pip install --no-deps spandrel==0.4.2 spandrel-extra-arches==0.2.0 neuro-low-light==0.1.0 einops`:
with dependencies, pip replaces the CPU-only torch by PyPI's CUDA build and adds torchvision.
Without installing it: `pip download neuro-low-light==0.1.0 --no-deps -d /tmp/nll`, unzip the wheel
there, and run with PYTHONPATH=/tmp/nll/<unzipped folder>.
"""
import argparse
import pathlib
import sys
import types

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from PIL import Image
from safetensors.torch import save_file

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from reference_checkout import add_checkout_argument, checkout, load_file  # noqa: E402

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


def save_case(only, name, state, wrapper, prefix, inputs, outputs, extra=None):
    """only: the names to write (None: all); extra: further top-level entries beside the wrapped
    state dict (an optimizer state...)."""
    if only is not None and name not in only:
        return
    state = {prefix + k: v.contiguous() for k, v in state.items()}
    top = {wrapper: state, **(extra or {})} if wrapper else state
    torch.save(top, OUT / f"{name}.pth")
    save_file({"input": inputs.contiguous(), "output": outputs.contiguous()}, str(OUT / f"{name}.safetensors"))
    print(f"{name}: input {tuple(inputs.shape)}, output range [{outputs.min():.3f}, {outputs.max():.3f}]")


def through_spandrel(state):
    """Loads the state dict the way users do, so the architecture and config are spandrel's detection."""
    return spandrel.ModelLoader().load_from_state_dict(state).model.eval()


NAFNET_COMMIT = "2b4af71ebe098a92a75910c233a3965a3e93ede4"
ZERO_DCE_COMMIT = "e0f4adc54d0f23348c4a9b84acc08fe8778d5bfd"
ZERO_DCE_EXTENSION_COMMIT = "09f202b690f82da939b8e6ec8535960ae97ad8bd"


def arguments():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", nargs="+", metavar="NAME", help="write just these cases")
    add_checkout_argument(parser, "--nafnet-repo", "megvii-research/NAFNet", NAFNET_COMMIT,
                          "basicsr/models/archs/local_arch.py")
    add_checkout_argument(parser, "--zero-dce-repo", "Li-Chongyi/Zero-DCE", ZERO_DCE_COMMIT, "Zero-DCE_code/model.py")
    add_checkout_argument(parser, "--zero-dce-extension-repo", "Li-Chongyi/Zero-DCE_extension",
                          ZERO_DCE_EXTENSION_COMMIT, "Zero-DCE++/model.py")
    return parser.parse_args()


def to_local(model, train_size, local_arch):
    """NAFNetLocal's conversion (local_arch.py's Local_Base.convert, exact path) applied to spandrel's
    NAFNet: base size 1.5 x the training size, then one forward at the training size."""
    base_size = (int(train_size[2] * 1.5), int(train_size[3] * 1.5))
    local_arch.Local_Base.convert(model, base_size=base_size, train_size=train_size, fast_imp=False)
    return model


def official_zerodcepp_test(model, x, scale_factor):
    """Li-Chongyi/Zero-DCE_extension lowlight_test.py: the image is cropped to the largest multiple
    of scale_factor (h = (h // scale_factor) * scale_factor, likewise w) before the model runs."""
    h = x.shape[2] // scale_factor * scale_factor
    w = x.shape[3] // scale_factor * scale_factor
    return model(x[:, :, :h, :w])[0]


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
    args = arguments()
    local_arch = load_file(checkout(args, "--nafnet-repo") / "basicsr/models/archs/local_arch.py", "nafnet_local_arch")
    zero_dce = load_file(checkout(args, "--zero-dce-repo") / "Zero-DCE_code/model.py", "zero_dce_model")
    zero_dce_pp = load_file(checkout(args, "--zero-dce-extension-repo") / "Zero-DCE++/model.py", "zero_dce_pp_model")
    only = set(args.only) if args.only else None
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
    save_case(only, "nafnet_w8", net.state_dict(), "params", "", x, y)

    net = NAFNet(img_channel=3, width=6, middle_blk_num=2, enc_blk_nums=[2, 1, 1], dec_blk_nums=[1, 1, 2])
    randomize(net, g)
    x = photo("chelsea.png", (60, 40, 89, 81))  # 29 x 41
    y = through_spandrel(net.state_dict())(x)
    save_case(only, "nafnet_w6_deep", net.state_dict(), "state_dict", "module.", x, y)

    # NAFNetLocal: training size 32, so the local average pools (kernels 48/24/12) act on a 61 x 50 image.
    net = NAFNet(img_channel=3, width=8, middle_blk_num=1, enc_blk_nums=[1, 1], dec_blk_nums=[1, 1])
    randomize(net, g)
    state = {k: v.clone() for k, v in net.state_dict().items()}
    x = photo("coffee.png", (100, 100, 161, 150))  # 61 x 50
    y = to_local(through_spandrel(state), (1, 3, 32, 32), local_arch)(x)
    save_case(only, "nafnet_local_w8_t32", state, "params", "", x, y)

    # Restormer: WithBias LayerNorm without conv bias; BiasFree LayerNorm with conv bias.
    net = Restormer(dim=4, num_blocks=[1, 1, 1, 1], num_refinement_blocks=1, heads=[1, 2, 2, 4],
                    bias=False, LayerNorm_type="WithBias")
    randomize(net, g)
    x = photo("astronaut.png", (300, 260, 337, 283))  # 37 x 23
    y = reflect_pad_run(through_spandrel(net.state_dict()), x, 8)
    save_case(only, "restormer_d4", net.state_dict(), "params", "", x, y)

    net = Restormer(dim=6, num_blocks=[1, 2, 1, 1], num_refinement_blocks=2, heads=[1, 2, 3, 4],
                    bias=True, LayerNorm_type="BiasFree")
    randomize(net, g)
    x = photo("rocket.jpg", (150, 200, 169, 245))  # 19 x 45
    y = reflect_pad_run(through_spandrel(net.state_dict()), x, 8)
    save_case(only, "restormer_d6_biasfree", net.state_dict(), None, "net.", x, y)

    # Zero-DCE++ real weights from the neuro-low-light wheel on a darkened photo crop.
    import neuro_low_light
    from neuro_low_light.model import ZeroDCEPP
    wheel = pathlib.Path(neuro_low_light.__file__).parent / "weights/best_model.pth"
    checkpoint = torch.load(wheel, map_location="cpu", weights_only=True)
    model = ZeroDCEPP(num_iterations=8).eval()
    model.load_state_dict(checkpoint["model_state_dict"])
    x = photo("coffee.png", (150, 60, 246, 124), dark=True)  # 96 x 64
    y, _ = model(x)
    save_case(only, "zerodce_neuro_low_light", checkpoint["model_state_dict"], "model_state_dict", "", x, y,
              extra=wheel_layout(checkpoint))

    # Official Zero-DCE and Zero-DCE++ definitions with random weights (scale factor 4 for ++).
    # Zero-DCE's forward returns (after 4 curves, after 8, curve maps); Zero-DCE++'s (image, curve map).
    model = zero_dce.enhance_net_nopool().eval()
    x = photo("chelsea.png", (200, 120, 233, 147), dark=True)  # 33 x 27
    save_case(only, "zerodce_official", model.state_dict(), None, "", x, model(x)[1])
    model = zero_dce_pp.enhance_net_nopool(4).eval()
    x = photo("chelsea.png", (200, 120, 244, 148), dark=True)  # 44 x 28
    save_case(only, "zerodcepp_official_s4", model.state_dict(), None, "", x, model(x)[0])

    # Zero-DCE++ at the official scale 12 on 67 x 53, which lowlight_test.py crops to 60 x 48.
    torch.manual_seed(12)
    model = zero_dce_pp.enhance_net_nopool(12).eval()
    x = photo("coffee.png", (300, 150, 367, 203), dark=True)  # 67 x 53
    save_case(only, "zerodcepp_official_s12_crop", model.state_dict(), None, "", x, official_zerodcepp_test(model, x, 12))


if __name__ == "__main__":
    main()
