"""Checks of the bundled model folders and of the training code's fixed parts.

Run: training/.venv/bin/python -m unittest training/eval/test_bundled_models.py
"""
from __future__ import annotations

import json
import sys
import types
import unittest
from pathlib import Path

import torch
from safetensors import safe_open

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "train"))

from gendeg_pipeline import GenDegPipeline  # noqa: E402
from gendeg_small import StatsConditioning, betas, prompt_for, stats_one_hot  # noqa: E402
from nafnet_arch import SMALL_CONFIG, NAFNet  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
GENDEG_SMALL = ROOT / "Sources/Engine/Resources/models" / "gendeg-small"


class GenDegSmallFolderTests(unittest.TestCase):
    def test_metadata_and_prompts_are_gendegs(self):
        meta = json.loads((GENDEG_SMALL / "gendeg.json").read_text())
        for key in ("name", "resolution", "prompt_caption", "scheduler", "trained_on", "license"):
            self.assertIn(key, meta)
        self.assertEqual(meta["prompts"]["haze"], "a photo, in hazy conditions")
        self.assertEqual(meta["prompts"]["motion-blur"], "a photo, in blurry conditions")
        self.assertEqual(meta["prompts"]["raindrop"], "a photo, with raindrops in it")

    def test_conditioning_shapes_match_text_width(self):
        width = json.loads((GENDEG_SMALL / "text_encoder" / "config.json").read_text())["hidden_size"]
        unet = json.loads((GENDEG_SMALL / "unet" / "config.json").read_text())
        self.assertEqual((unet["in_channels"], unet["out_channels"], unet["cross_attention_dim"]), (8, 4, width))
        with safe_open(str(GENDEG_SMALL / "conditioning" / "conditioning.safetensors"), "pt") as f:
            shapes = {k: tuple(f.get_tensor(k).shape) for k in f.keys()}
        self.assertEqual(shapes, {"stats_proj.weight": (77, 129), "stats_proj.bias": (77,),
                                  "cc_projection.weight": (width, width + 2), "cc_projection.bias": (width,)})

    def test_weights_are_fp16_and_text_encoder_uses_released_key_names(self):
        for path in GENDEG_SMALL.rglob("*.safetensors"):
            with safe_open(str(path), "pt") as f:
                self.assertEqual({f.get_tensor(k).dtype for k in f.keys()}, {torch.float16}, path)
        with safe_open(str(GENDEG_SMALL / "text_encoder" / "model.safetensors"), "pt") as f:
            self.assertTrue(all(k.startswith("text_model.") for k in f.keys()))

    def test_tokenizer_gives_clip_ids(self):
        from clip_tokenizer import load_tokenizer, tokenize
        ids = tokenize(load_tokenizer(GENDEG_SMALL / "tokenizer"), [prompt_for("haze")])[0]
        # CLIP's ids: <start> a photo , in hazy conditions <end>, then <end> padding to 77.
        self.assertEqual(ids[:8].tolist(), [49406, 320, 1125, 267, 530, 32655, 5892, 49407])
        self.assertEqual(len(ids), 77)

    def test_bundle_size_limit(self):
        total = sum(p.stat().st_size for p in (ROOT / "Sources/Engine/Resources/models").rglob("*") if p.is_file())
        self.assertLess(total, 50_000_000)


class ConditioningTests(unittest.TestCase):
    def test_cc_projection_starts_as_identity_on_text(self):
        cond = StatsConditioning(8)
        text = torch.randn(2, 77, 8)
        stats = torch.stack([stats_one_hot(0.1, 0.05)] * 2)
        out = cond(text, stats)
        self.assertTrue(torch.allclose(out, text))

    def test_bins_follow_the_reference(self):
        one_hot = stats_one_hot(0.7, 0.0)
        self.assertEqual(int(one_hot[0].argmax()), 127)  # the top edge joins the last regular bin
        self.assertEqual(int(one_hot[1].argmax()), 0)
        with self.assertRaises(ValueError):
            stats_one_hot(-0.01, 0.1)


class SamplerTests(unittest.TestCase):
    def test_euler_ancestral_with_dual_guidance_recovers_an_oracle_latent(self):
        pipe = GenDegPipeline.__new__(GenDegPipeline)
        alphas_cumprod = torch.cumprod(1 - betas(), 0)
        pipe.log_sigmas = (((1 - alphas_cumprod) / alphas_cumprod) ** 0.5).log().float()
        target = torch.randn(1, 4, 8, 8).clamp(-1, 1)

        def oracle(inputs, timesteps, context):
            a = alphas_cumprod[timesteps.round().long()].float()[:, None, None, None]
            return types.SimpleNamespace(sample=(inputs[:, :4] - a.sqrt() * target) / (1 - a).sqrt())

        pipe.unet = oracle
        posterior = types.SimpleNamespace(mode=lambda: torch.zeros(1, 4, 8, 8))
        pipe.vae = types.SimpleNamespace(encode=lambda x: types.SimpleNamespace(latent_dist=posterior),
                                         decode=lambda z: types.SimpleNamespace(sample=z))
        pipe.scale = 1.0
        pipe.context = lambda *args: (torch.zeros(1, 77, 8), torch.zeros(1, 77, 8))
        out = pipe.generate(torch.zeros(1, 3, 32, 32), "haze", 0.1, 0.05, steps=12)
        self.assertLess(float((out - target).abs().max()), 1e-3)


class NAFNetTests(unittest.TestCase):
    def test_bundled_restorers_load_with_megvii_names(self):
        for name in ("nafnet-small-physical", "nafnet-small-gendeg"):
            folder = ROOT / "Sources/Engine/Resources/models" / name
            config = json.loads((folder / "config.json").read_text())
            self.assertEqual(config["width"], SMALL_CONFIG["width"])
            model = NAFNet(**SMALL_CONFIG)
            with safe_open(str(folder / "model.safetensors"), "pt") as f:
                state = {k: f.get_tensor(k).float() for k in f.keys()}
            model.load_state_dict(state)  # strict: every megvii name present, none extra
            self.assertIn("middle_blks.1.sca.1.weight", state)
            out = model(torch.rand(1, 3, 37, 45))
            self.assertEqual(tuple(out.shape), (1, 3, 37, 45))


if __name__ == "__main__":
    unittest.main()
