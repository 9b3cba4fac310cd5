"""GenDeg's run_single.py (CFGDenoiser, NAFNet_Combine), loaded from a checkout of
github.com/sudraj2002/GenDeg given with --reference-repo.

run_single.py is imported as a module (its main() is not run). Of its imports, the real ones
are used: torch, einops, numpy, PIL, k_diffusion (without its package __init__, as
make_sampling_goldens.import_k_diffusion imports it) and the checkout's
own NAFNet/basicsr/models/archs/NAFNet_arch.py with arch_util.py and local_arch.py, found through
`basicsr` packages whose __init__.py files are skipped. Stand-ins replace, when they are not
installed, what CFGDenoiser and NAFNet_Combine never touch: omegaconf, the checkout's
stable_diffusion.ldm.util and edit_dataset (which pulls in torchvision), and basicsr.utils
(arch_util imports its logger; LayerNorm2d does not use it).
"""
from __future__ import annotations

from pathlib import Path

from make_sampling_goldens import import_k_diffusion
from reference_checkout import add_checkout_argument, load_file, package

COMMIT = "dc22c1eb950ba19b5a91c291dd130e2ffc59f18e"
FLAG = "--reference-repo"
MARKER = "GenDeg/run_single.py"


def add_argument(parser) -> None:
    add_checkout_argument(parser, FLAG, "sudraj2002/GenDeg", COMMIT, MARKER)


def run_single(checkout: Path):
    import_k_diffusion()
    code = checkout / "GenDeg"
    basicsr = code / "NAFNet/basicsr"
    package("basicsr", basicsr)
    package("basicsr.models", basicsr / "models")
    package("basicsr.models.archs", basicsr / "models/archs")
    load_file(basicsr / "models/archs/NAFNet_arch.py", "NAFNet.basicsr.models.archs.NAFNet_arch",
              stubs=["basicsr.utils"])
    return load_file(code / "run_single.py", "gendeg_run_single",
                     stubs=["omegaconf", "stable_diffusion.ldm.util", "edit_dataset"])
