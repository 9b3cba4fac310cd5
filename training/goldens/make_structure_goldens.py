"""Golden tensors for GenDeg's structure correction (run_single.py `NAFNet_Combine`, nafnet_sd.ckpt).

The reference builds `NAFNet_Combine(img_channel=6, width=64, enc_blk_nums=[2, 2, 4, 8],
middle_blk_num=12, dec_blk_nums=[2, 2, 2, 2])` from its own copy of NAFNet_arch.py, whose `ending`
convolution gives 3 channels whatever `img_channel` is, and overrides forward so that the residual is
added to the generated image (input channels 3..5) instead of the whole input. Here the blocks are
spandrel's NAFNet (a port of megvii-research/NAFNet), `ending` is replaced by GenDeg's 3-channel
convolution and the forward is run_single.py's, copied below. A tiny random configuration is saved
as a .ckpt holding {"state_dict": ...} (what run_single.py loads, with strict=True) plus the other
top-level entries a training checkpoint carries, and run on a crop of a bundled photo at an odd size
(which exercises the zero padding to a multiple of 2^levels) beside a synthetic "generated" image.

Outputs: Tests/EngineTests/Fixtures/structure/nafnet_combine_w8.{ckpt,safetensors}; the safetensors
hold the clean and generated images in [0, 1], the raw network output for cat(2 clean - 1,
2 generated - 1), and the final image clamp((raw + 1) / 2, 0, 1), as run_single.py computes it.

Run: training/.venv/bin/python training/goldens/make_structure_goldens.py
"""
import pathlib
import sys

import torch
from torch import nn
from safetensors.torch import save_file

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from make_restorer_goldens import photo, randomize, ROOT  # noqa: E402  (also stubs torchvision for spandrel)
from spandrel.architectures.NAFNet.__arch.NAFNet_arch import NAFNet  # noqa: E402

OUT = ROOT / "Tests/EngineTests/Fixtures/structure"


class NAFNet_Combine(NAFNet):
    """GenDeg run_single.py, verbatim apart from the constructor that swaps in the 3-channel ending."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.ending = nn.Conv2d(in_channels=kwargs["width"], out_channels=3, kernel_size=3, padding=1, stride=1,
                                groups=1, bias=True)

    def forward(self, inp):
        B, C, H, W = inp.shape
        inp = self.check_image_size(inp)

        x = self.intro(inp)

        encs = []

        for encoder, down in zip(self.encoders, self.downs):
            x = encoder(x)
            encs.append(x)
            x = down(x)

        x = self.middle_blks(x)

        for decoder, up, enc_skip in zip(self.decoders, self.ups, encs[::-1]):
            x = up(x)
            x = x + enc_skip
            x = decoder(x)

        x = self.ending(x)

        # weight of SCM
        weight = 1
        x = x * weight + inp[:, 3:6, :, :]

        return x[:, :, :H, :W]


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    g = torch.Generator().manual_seed(11)
    net = NAFNet_Combine(img_channel=6, width=8, middle_blk_num=1, enc_blk_nums=[1, 2], dec_blk_nums=[1, 1]).eval()
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
    check = NAFNet_Combine(img_channel=6, width=8, middle_blk_num=1, enc_blk_nums=[1, 2], dec_blk_nums=[1, 1]).eval()
    check.load_state_dict(torch.load(path, map_location="cpu")["state_dict"], strict=True)

    save_file({"clean": clean.contiguous(), "generated": generated.contiguous(), "raw": raw.contiguous(),
               "output": final.contiguous()}, str(OUT / "nafnet_combine_w8.safetensors"))
    clamped = ((raw + 1) / 2 < 0).sum() + ((raw + 1) / 2 > 1).sum()
    print(f"nafnet_combine_w8: input {tuple(clean.shape)}, raw range [{raw.min():.3f}, {raw.max():.3f}], "
          f"{int(clamped)} of {raw.numel()} values clamped")


if __name__ == "__main__":
    main()
