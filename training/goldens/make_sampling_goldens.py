"""Golden data for the CLIP tokenizer, the torch random generators, the k-diffusion samplers
and GenDeg's intensity one-hot encoding.

Run from the repository root with the training virtual environment:

    pip install transformers k-diffusion==0.1.1.post1 --no-deps   # plus tokenizers, scipy
    python training/goldens/make_sampling_goldens.py

References used, each run here rather than re-implemented:
  * transformers' CLIPTokenizer (the installed version) on vocab.json/merges.txt built from
    open_clip's bpe_simple_vocab_16e6.txt.gz by training/train/clip_tokenizer.py, in the layout of
    openai's CLIP vocabulary;
  * torch.manual_seed + torch.randn on the CPU;
  * k-diffusion's CompVisDenoiser, get_sigmas, sample_euler_ancestral, sample_euler and
    sample_dpmpp_2m, imported with stub modules for the packages they never call;
  * numpy.digitize, as GenDeg's edit_dataset.py bin_and_one_hot_encode uses it.
torch's CUDA Philox generator cannot run here (no GPU): its goldens come from a pure-Python
Philox4x32-10 written from Salmon et al. (2011) and curand's Box-Muller, which is checked
against the values published in AUTOMATIC1111's modules/rng_philox.py for
torch.manual_seed(0); torch.randn(3, 4, device="cuda").
"""

import gzip
import json
import math
import random
import sys
import tempfile
import types
from pathlib import Path

import numpy as np
import torch

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "Tests/EngineTests/Fixtures"
BPE_GZ = ROOT / "Sources/Engine/Resources/clip/bpe_simple_vocab_16e6.txt.gz"

sys.path.insert(0, str(ROOT / "training/train"))
from clip_tokenizer import clip_vocabulary  # noqa: E402  (the vocabulary the bundled tokenizer is built with)


def write_json(path, value):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(value, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")


def floats(t):
    return [float(v) for v in torch.as_tensor(t).flatten().tolist()]


# ---------------------------------------------------------------------------------------------
# CLIP tokenizer


def openai_vocab_and_merges():
    vocab, merges = clip_vocabulary(BPE_GZ)
    return {v: i for i, v in enumerate(vocab)}, merges


def tokenizer_strings():
    captions = ["a photo", "a photo of a street", "a city street with cars and people", "A Red Barn in a Field",
                "two dogs playing on the beach", "an old man reading a newspaper", "mountains at sunset",
                "a bowl of fruit on a wooden table", "the eiffel tower", "children crossing a road"]
    phrases = [" in hazy conditions", " in rainy conditions", " in snowy conditions", " in blurry conditions",
               " in low-light conditions", " with raindrops in it", " in rainy and hazy conditions",
               " in snowy and hazy conditions"]
    fixed = [
        "", " ", "a", "A", "hello world", "Hello  World!! it's", "   leading and trailing   ",
        "tabs\tand\nnewlines\r\nmixed \u00a0nbsp\u3000ideographic\u2028line\u2029para\u0085nel",
        "zero\u200bwidth\ufeffbom", "file-sep\x1cunit\x1fcontrol\x07bell", "it's we're they've I'm you'll he'd don't",
        "IT'S WE'RE THEY'VE", "rock'n'roll 'quoted' ''double''s", "O'Reilly's book", "'s't're",
        "café naïve résumé façade coöperate", "Cafe\u0301 decomposed e\u0301", "ÅNGSTRÖM ÆSIR ØRESUND",
        "Straße groß", "İstanbul ıi", "ΟΔΟΣ Σίσυφος ΣΑΣ", "Привет, мир! Ёлка", "東京タワー", "北京 欢迎你",
        "한국어 텍스트", "日本語とカタカナ、ひらがな。", "مرحبا بالعالم", "שלום עולם", "हिन्दी भाषा", "ภาษาไทย",
        "emoji 😀😃😄 👍🏽 👨‍👩‍👧 🇺🇸 ❤️", "🔥🔥🔥fire🔥", "numbers 123 4567 3.14159 1,000,000 -42 +7",
        "١٢٣ ٤٥٦ Ⅻ ½ ² ①", "version v1.2.3-beta", "$100 & 50% off @ #hashtag ~tilde `tick`",
        "punct!!! ??? ... ,,, ;;; ::: --- ___", "brackets (round) [square] {curly} <angle>",
        "quotes “curly” ‘single’ «guillemets» „low“", "dashes – — ‐ ‑", "ellipsis… bullet • middle·dot",
        "math ∑ ∫ √ ∞ ≠ ≤ ≥ ± × ÷", "currency € £ ¥ ₹ ₿", "fullwidth ＡＢＣ １２３ ！", "ligature ﬁ ﬂ ﬀ",
        "a <|endoftext|> b", "<|startoftext|>hello<|endoftext|>", "A<|ENDOFTEXT|>", "<|startoftext|>'s",
        "no<|endoftext|>space", "snake_case_name and camelCaseName and kebab-case-name",
        "http://example.com/path?query=1&b=2", "email@example.com", "C++ and C# and F#",
        "repeated aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "supercalifragilisticexpialidocious",
        "pneumonoultramicroscopicsilicovolcanoconiosis", "x" * 100, "1" * 90, "! " * 60,
        "MiXeD CaSe WoRdS", "\t\n  \t", "trailing comma,", ",leading comma", "a,b,c;d:e",
    ]
    long_prompt = ("a very detailed photograph of a busy city street at night with neon signs, reflections on "
                   "wet asphalt, people with umbrellas, taxis, buses, traffic lights, tall buildings, "
                   "billboards, steam rising from manholes, and a cinematic mood, in rainy conditions")
    fixed += [long_prompt, long_prompt * 2, "word " * 74, "word " * 75, "word " * 76, "word " * 200,
              "a, " * 40, "😀" * 30]
    strings = list(fixed)
    for c in captions:
        for p in phrases:
            strings.append(c + "," + p)
    rng = random.Random(1234)
    alphabet = list("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ,.!?'-\"():;") + \
        ["é", "ü", "ß", "ñ", "東", "京", "😀", "👍🏽", "\u00a0", "\t", "\n", "'s", "'ll", "ﬁ", "①", "’"]
    words = ["photo", "street", "hazy", "rain", "snow", "blur", "dark", "conditions", "it's", "the", "of"]
    while len(strings) < 200:
        if rng.random() < 0.5:
            n = rng.randint(1, 60)
            strings.append("".join(rng.choice(alphabet) for _ in range(n)))
        else:
            n = rng.randint(1, 30)
            sep = rng.choice([" ", "  ", ", ", "\t", "-"])
            strings.append(sep.join(rng.choice(words + alphabet[:26]) for _ in range(n)))
    assert len(strings) == 200
    return strings


def make_tokenizer_goldens():
    from transformers import CLIPTokenizer

    vocab, merges = openai_vocab_and_merges()
    out = FIXTURES / "tokenizer"
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        (tmp / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
        (tmp / "merges.txt").write_text("#version: 0.2\n" + "\n".join(" ".join(m) for m in merges) + "\n", encoding="utf-8")
        tokenizer = CLIPTokenizer.from_pretrained(str(tmp))
        for name in ("vocab.json", "merges.txt"):
            with gzip.GzipFile(out / (name + ".gz"), "wb", mtime=0) as f:
                f.write((tmp / name).read_bytes())
    cases = []
    for text in tokenizer_strings():
        ids = tokenizer(text, truncation=True, max_length=77, padding="max_length")["input_ids"]
        assert len(ids) == 77
        cases.append({"text": text, "ids": ids})
    import transformers
    write_json(out / "clip_tokenizer_goldens.json", {"transformers": transformers.__version__, "cases": cases})


# ---------------------------------------------------------------------------------------------
# torch random generators


def make_cpu_rng_goldens():
    sizes = [1, 7, 15, 16, 17, 100, 4 * 32 * 32]
    single = []
    for seed in (0, 42, 2 ** 32 + 5):
        for n in sizes:
            torch.manual_seed(seed)
            single.append({"seed": seed, "count": n, "values": floats(torch.randn(n))})
    # One generator, several calls: the scalar path caches its second Box-Muller value and the
    # 16-wide path re-draws the last 16 uniforms when the size is not a multiple of 16.
    sequence_counts = [1, 1, 3, 16, 1, 17, 5, 33, 2, 256]
    torch.manual_seed(7)
    sequence = [floats(torch.randn(n)) for n in sequence_counts]
    write_json(FIXTURES / "rng/torch_cpu_randn.json", {
        "torch": torch.__version__, "single": single,
        "sequence": {"seed": 7, "counts": sequence_counts, "values": sequence},
    })


PHILOX_M = (0xD2511F53, 0xCD9E8D57)
PHILOX_W = (0x9E3779B9, 0xBB67AE85)
MASK32 = 0xFFFFFFFF


def philox4x32_10(counter, key):
    """Philox4x32 with 10 rounds (Salmon et al., SC'11, table 2 constants)."""
    c0, c1, c2, c3 = counter
    k0, k1 = key
    for r in range(10):
        p0 = PHILOX_M[0] * c0
        p1 = PHILOX_M[1] * c2
        c0, c1, c2, c3 = ((p1 >> 32) ^ c1 ^ k0) & MASK32, p1 & MASK32, ((p0 >> 32) ^ c3 ^ k1) & MASK32, p0 & MASK32
        k0, k1 = (k0 + PHILOX_W[0]) & MASK32, (k1 + PHILOX_W[1]) & MASK32
    return c0, c1, c2, c3


def cuda_randn(seed, offset, n):
    """torch.randn on CUDA for a tensor each of whose elements comes from its own curand thread:
    element i is the first output of curand_normal4 on subsequence i at counter offset `offset`
    (curand_init(seed, i, 4 * offset)); that output is sin of curand's float Box-Muller."""
    out = []
    two32 = np.float32(2.3283064e-10)
    two32_2pi = np.float32(2.3283064e-10 * 6.2831855)
    for i in range(n):
        x, y, _, _ = philox4x32_10((offset & MASK32, 0, i & MASK32, i >> 32), (seed & MASK32, seed >> 32))
        u = np.float32(np.float32(x) * two32 + two32 / np.float32(2))
        v = np.float32(np.float32(y) * two32_2pi + two32_2pi / np.float32(2))
        s = np.sqrt(np.float32(-2.0) * np.log(u))
        out.append(float(np.float32(s * np.sin(v))))
    return out


def make_cuda_rng_goldens():
    published = [[-0.92466259, -0.42534415, -2.6438457, 0.14518388],
                 [-0.12086647, -0.57972564, -0.62285122, -0.32838709],
                 [-1.07454231, -0.36314407, -1.67105067, 2.26550497]]
    mine = cuda_randn(0, 0, 12)
    flat = [v for row in published for v in row]
    assert max(abs(a - b) for a, b in zip(mine, flat)) < 1e-6, (mine, flat)
    sequence_counts = [12, 1, 7, 256, 16]
    sequence = [cuda_randn(42, offset, n) for offset, n in enumerate(sequence_counts)]
    write_json(FIXTURES / "rng/torch_cuda_randn.json", {
        "published": {"source": "AUTOMATIC1111/stable-diffusion-webui modules/rng_philox.py docstring: "
                                "torch.manual_seed(0); torch.randn(3, 4, device='cuda')",
                      "seed": 0, "values": flat},
        "sequence": {"seed": 42, "counts": sequence_counts, "values": sequence,
                     "source": "pure-Python Philox4x32-10 in this script, checked against 'published'"},
        "large_seed": {"seed": 2 ** 40 + 123, "values": cuda_randn(2 ** 40 + 123, 0, 64)},
    })


# ---------------------------------------------------------------------------------------------
# k-diffusion samplers


def import_k_diffusion():
    """Imports k_diffusion.sampling and .external without the package __init__, which pulls in
    training code (torchvision, clip, wandb...). Stubs stand in for what those modules import
    but the samplers never call. Calling it again returns the modules already imported."""
    if "k_diffusion.sampling" in sys.modules:
        return sys.modules["k_diffusion.sampling"], sys.modules["k_diffusion.external"]
    import importlib.util
    spec = importlib.util.find_spec("k_diffusion")
    site = spec.submodule_search_locations[0]
    for name in ("torchvision", "torchvision.transforms", "torchvision.transforms.functional",
                 "torchdiffeq", "torchsde", "tqdm", "tqdm.auto"):
        if name not in sys.modules:
            try:
                __import__(name)
            except Exception:
                sys.modules[name] = types.ModuleType(name)
    sys.modules["torchdiffeq"].__dict__.setdefault("odeint", None)
    sys.modules["tqdm.auto"].__dict__.setdefault("trange", lambda n, disable=None: range(n))
    sys.modules["tqdm.auto"].__dict__.setdefault("tqdm", None)
    sys.modules["torchvision.transforms"].functional = sys.modules["torchvision.transforms.functional"]
    package = types.ModuleType("k_diffusion")
    package.__path__ = [site]
    sys.modules["k_diffusion"] = package
    import k_diffusion.external as external
    import k_diffusion.sampling as sampling
    return sampling, external


def ldm_alphas_cumprod():
    # ldm.modules.diffusionmodules.util.make_beta_schedule("linear"), then registered as float32.
    betas = torch.linspace(0.00085 ** 0.5, 0.012 ** 0.5, 1000, dtype=torch.float64) ** 2
    return torch.tensor(np.cumprod(1.0 - betas.numpy(), axis=0), dtype=torch.float32)


class ToyCompVisModel(torch.nn.Module):
    """A deterministic stand-in for the LDM: eps = 0.1 x cos(t/300) + 0.05 tanh(x)."""

    def __init__(self):
        super().__init__()
        self.register_buffer("alphas_cumprod", ldm_alphas_cumprod())

    def apply_model(self, x, t):
        t = t.reshape(-1, *([1] * (x.ndim - 1)))
        return 0.1 * x * torch.cos(t / 300) + 0.05 * torch.tanh(x)


def ddim_eta0_vp(model, x, sigmas):
    """DDIM (eta = 0) written in its own variance-preserving form: with alpha = 1 / (1 + sigma^2),
    x_vp = sqrt(alpha) x, eps = model(x_vp, t), x0 = (x_vp - sqrt(1 - alpha) eps) / sqrt(alpha),
    x_vp' = sqrt(alpha') x0 + sqrt(1 - alpha') eps; returned in the sigma (x / sqrt(alpha)) scale."""
    for i in range(len(sigmas) - 1):
        s, s_next = sigmas[i].double(), sigmas[i + 1].double()
        a, a_next = 1 / (1 + s * s), 1 / (1 + s_next * s_next)
        x_vp = x.double() * a.sqrt()
        t = model.sigma_to_t(sigmas[i].reshape(1))
        eps = model.inner_model.apply_model(x_vp.float(), t).double()
        x0 = (x_vp - (1 - a).sqrt() * eps) / a.sqrt()
        x_vp_next = a_next.sqrt() * x0 + (1 - a_next).sqrt() * eps
        x = (x_vp_next / a_next.sqrt()).float()
    return x


def make_sampler_goldens():
    sampling, external = import_k_diffusion()
    denoiser = external.CompVisDenoiser(ToyCompVisModel())
    probe_sigmas = torch.tensor([0.0292, 0.05, 0.1, 0.5, 1.0, 2.5, 7.0, 14.6146], dtype=torch.float32)
    result = {
        "sigmas": floats(denoiser.sigmas),
        "get_sigmas": {str(n): floats(denoiser.get_sigmas(n)) for n in (1, 2, 4, 10, 100)},
        "sigma_to_t": {"sigma": floats(probe_sigmas), "t": floats(denoiser.sigma_to_t(probe_sigmas))},
        "ancestral_step": [],
        "runs": [],
    }
    for a, b in [(14.6146, 7.0), (1.0, 0.5), (0.5, 0.0), (0.03, 0.0292)]:
        down, up = sampling.get_ancestral_step(torch.tensor(a), torch.tensor(b))
        result["ancestral_step"].append({"from": a, "to": b, "down": float(down), "up": float(up)})

    def run(kind, steps, seed):
        sigmas = denoiser.get_sigmas(steps)
        torch.manual_seed(seed)
        x = torch.randn([1, 4, 8, 8]) * sigmas[0]
        initial = x.clone()
        denoised_steps, x_steps = [], []

        def callback(info):
            denoised_steps.append(floats(info["denoised"]))

        if kind == "euler-a":
            out = sampling.sample_euler_ancestral(denoiser, x, sigmas, callback=callback, disable=True)
        elif kind == "ddim":
            out = sampling.sample_euler(denoiser, x, sigmas, callback=callback, disable=True)
            reference = ddim_eta0_vp(denoiser, initial.clone(), sigmas)
            assert torch.allclose(out, reference, rtol=1e-4, atol=1e-4 * out.abs().max()), "DDIM != Euler"
        elif kind == "dpmpp-2m":
            out = sampling.sample_dpmpp_2m(denoiser, x, sigmas, callback=callback, disable=True)
        result["runs"].append({"kind": kind, "steps": steps, "seed": seed, "sigmas": floats(sigmas),
                               "initial": floats(initial), "denoised": denoised_steps, "final": floats(out)})

    for kind, steps in [("euler-a", 4), ("euler-a", 10), ("ddim", 10), ("dpmpp-2m", 10), ("dpmpp-2m", 4)]:
        run(kind, steps, seed=1234)
    write_json(FIXTURES / "sampler/k_diffusion_goldens.json", result)


# ---------------------------------------------------------------------------------------------
# GenDeg's intensity one-hot


def make_intensity_goldens():
    mu_edges = np.linspace(0.0, 0.7, 129)
    sigma_edges = np.linspace(0.0, 0.4, 129)

    def index(value, edges):
        i = int(np.digitize(value, edges, right=False)) - 1
        assert i >= 0
        return min(i, 127)

    rng = np.random.default_rng(5)
    mu_values = [0.0, 1e-12, 0.7, 0.75, 5.0, 0.35, 0.1234] + [float(e) for e in mu_edges] + \
        [float(np.nextafter(e, -1)) for e in mu_edges[1:]] + [float(v) for v in rng.uniform(0, 0.8, 100)]
    sigma_values = [0.0, 1e-12, 0.4, 0.41, 3.0, 0.2, 0.0567] + [float(e) for e in sigma_edges] + \
        [float(np.nextafter(e, -1)) for e in sigma_edges[1:]] + [float(v) for v in rng.uniform(0, 0.5, 100)]
    write_json(FIXTURES / "sampler/intensity_bins.json", {
        "mu": [{"value": v, "bin": index(v, mu_edges)} for v in mu_values],
        "sigma": [{"value": v, "bin": index(v, sigma_edges)} for v in sigma_values],
    })


if __name__ == "__main__":
    parts = set(sys.argv[1:]) or {"tokenizer", "cpu", "cuda", "sampler", "intensity"}
    if "tokenizer" in parts:
        make_tokenizer_goldens()
    if "cpu" in parts:
        make_cpu_rng_goldens()
    if "cuda" in parts:
        make_cuda_rng_goldens()
    if "sampler" in parts:
        make_sampler_goldens()
    if "intensity" in parts:
        make_intensity_goldens()
