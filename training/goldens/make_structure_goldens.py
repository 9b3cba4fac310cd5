"""Golden tensors for GenDeg's structure correction (run_single.py `NAFNet_Combine`, nafnet_sd.ckpt).

The reference is `NAFNet_Combine` of run_single.py in a checkout of github.com/sudraj2002/GenDeg
(--reference-repo, commit dc22c1eb950ba19b5a91c291dd130e2ffc59f18e), on top of the checkout's own
NAFNet_arch.py, whose `ending` convolution gives 3 channels whatever `img_channel` is; its forward
adds the residual to the generated image (input channels 3..5) instead of the whole input.
A tiny random configuration is saved as a .ckpt holding {"state_dict": ...} (what run_single.py
loads, with strict=True) plus the other top-level entries a training checkpoint carries, and run
on a crop of a bundled photo at an odd size (which exercises the zero padding to a multiple of
2^levels) beside a synthetic "generated" image.

Every draw is seeded (PyTorch's default initialisation from torch.manual_seed(11), the randomized
beta/gamma/norms and the noise from a generator seeded 11), so the fixture regenerates bit for bit
on one machine and within float rounding across machines.

Outputs: Tests/EngineTests/Fixtures/structure/nafnet_combine_w8.{ckpt,safetensors}; the safetensors
hold the clean and generated images in [0, 1], the raw network output for cat(2 clean - 1,
2 generated - 1), and the final image clamp((raw + 1) / 2, 0, 1), as run_single.py computes it.

Run: training/.venv/bin/python training/goldens/make_structure_goldens.py --reference-repo GENDEG
"""
import argparse
import pathlib
import sys

import torch
from safetensors.torch import save_file

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import gendeg_reference  # noqa: E402
from make_restorer_goldens import photo, randomize, ROOT  # noqa: E402
from reference_checkout import checkout  # noqa: E402

OUT = ROOT / "Tests/EngineTests/Fixtures/structure"
CONFIG = dict(img_channel=6, width=8, middle_blk_num=1, enc_blk_nums=[1, 2], dec_blk_nums=[1, 1])


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    gendeg_reference.add_argument(parser)
    NAFNet_Combine = gendeg_reference.run_single(checkout(parser.parse_args(), gendeg_reference.FLAG)).NAFNet_Combine
    OUT.mkdir(parents=True, exist_ok=True)
    torch.manual_seed(11)
    g = torch.Generator().manual_seed(11)
    net = NAFNet_Combine(**CONFIG).eval()
    randomize(net, g)
    with torch.no_grad():
        net.ending.weight.mul_(0.3)  # keep the correction moderate so few outputs clamp

    clean = photo("astronaut.png", (200, 100, 227, 121))  # 27 x 21
    noise = torch.rand(clean.shape, generator=g)
    generated = (0.6 * clean + 0.3 + 0.1 * noise).clamp(0, 1)  # a hazy-looking, slightly noisy version
    with torch.no_grad():
        raw = net(torch.cat([2 * clean - 1, 2 * generated - 1], dim=1))
    final = torch.clamp((raw + 1.0) / 2.0, min=0.0, max=1.0)

    # Loaded back strictly, as run_single.py does, before the tensors are trusted.
    checkpoint = {"state_dict": {k: v.contiguous() for k, v in net.state_dict().items()}, "epoch": 7, "global_step": 1234}
    path = OUT / "nafnet_combine_w8.ckpt"
    torch.save(checkpoint, path)
    check = NAFNet_Combine(**CONFIG).eval()
    check.load_state_dict(torch.load(path, map_location="cpu")["state_dict"], strict=True)

    save_file({"clean": clean.contiguous(), "generated": generated.contiguous(), "raw": raw.contiguous(),
               "output": final.contiguous()}, str(OUT / "nafnet_combine_w8.safetensors"))
    clamped = ((raw + 1) / 2 < 0).sum() + ((raw + 1) / 2 > 1).sum()
    print(f"nafnet_combine_w8: input {tuple(clean.shape)}, raw range [{raw.min():.3f}, {raw.max():.3f}], "
          f"{int(clamped)} of {raw.numel()} values clamped")


if __name__ == "__main__":
    main()
