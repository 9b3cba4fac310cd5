"""Writes the checkpoint-reader fixtures under Tests/EngineTests/Fixtures/checkpoint/.

Run with the training venv (torch CPU, safetensors, diffusers):
    training/.venv/bin/python training/goldens/make_checkpoint_fixtures.py

- tensors.safetensors: the expected values of every tensor the .pth fixtures hold.
- plain.pth, wrapped.pth, params_ema.pth, model_state_dict.pth, lightning.ckpt, legacy.pth
  (the pre-1.6 non-zip format): the same tensors written by torch.save in the usual wrappers (fp32, fp16, bf16, float64, int64, a
  non-contiguous view sharing its base's storage, an nn.Parameter).
- malicious.pth: a zip whose data.pkl calls os.system; built by hand, never unpickled here.
- ldm_tiny.ckpt / ldm_tiny.safetensors: a tiny GenDeg-style LDM checkpoint (8-channel UNet,
  model_ema.*, first_stage_model.*, cond_stage_model.*, stats_proj, cc_projection).
- keymap_sd15.json: LDM names of a full-size SD 1.5 / GenDeg checkpoint and the
  diffusers -> LDM name mapping that diffusers' own converters produce for them.
"""

import json
import os
import struct
import sys
import zipfile

# diffusers imports transformers, which imports torchvision when present; the PyPI
# torchvision wheel does not load with the CPU-only torch, and none of it is needed here.
sys.modules["torchvision"] = None

import torch
from safetensors.torch import save_file
from diffusers.loaders.single_file_utils import (
    convert_ldm_clip_checkpoint,
    convert_ldm_unet_checkpoint,
    convert_ldm_vae_checkpoint,
)

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "Tests", "EngineTests", "Fixtures", "checkpoint")


def reference_tensors():
    """Small tensors of every dtype the readers convert, with values exact in each dtype."""
    base = torch.arange(24, dtype=torch.float32).reshape(4, 6) * 0.5 - 3.0
    view = base.t()[1:5, 1:3]  # storage offset 1*1 + 1*6, strides (1, 6): non-contiguous
    assert not view.is_contiguous() and view.storage_offset() > 0
    return {
        "base": base,
        "view": view,
        "f16": torch.tensor([0.5, -1.25, 65504.0, 6.1035156e-05, 5.9604645e-08, -0.0], dtype=torch.float16),
        "bf16": torch.tensor([[1.0, -2.5], [3.140625, 1.0e30]], dtype=torch.bfloat16),
        "f64": torch.tensor([1.0 / 3.0, -2.0e-3], dtype=torch.float64),
        "i64": torch.tensor([-3, 0, 7, 1 << 40], dtype=torch.int64),
        "u8": torch.tensor([0, 1, 255], dtype=torch.uint8),
        "flag": torch.tensor([True, False, True]),
        "scalar": torch.tensor(2.75),
        "layer.weight": torch.nn.Parameter(torch.linspace(-1, 1, 6).reshape(2, 3)),
    }


def write_reference_checkpoints():
    tensors = reference_tensors()
    state = {name: tensor for name, tensor in tensors.items()}
    torch.save(state, os.path.join(OUT, "plain.pth"))
    torch.save({"state_dict": state}, os.path.join(OUT, "wrapped.pth"))
    decoy = {name: torch.zeros_like(tensor) for name, tensor in tensors.items()}
    torch.save({"params": decoy, "params_ema": state}, os.path.join(OUT, "params_ema.pth"))
    torch.save({"model_state_dict": state, "epoch": 12}, os.path.join(OUT, "model_state_dict.pth"))
    torch.save({"params": state}, os.path.join(OUT, "legacy.pth"), _use_new_zipfile_serialization=False)
    lightning = {
        "epoch": 3,
        "global_step": 1200,
        "pytorch-lightning_version": "1.4.2",
        "state_dict": state,
        "hyper_parameters": {"lr": 1.0e-4, "name": "tiny", "channels": [1, 2, 4]},
        "optimizer_states": [{"state": {0: {"exp_avg": torch.ones(3)}}, "param_groups": [{"lr": 0.5}]}],
        "lr_schedulers": [],
    }
    torch.save(lightning, os.path.join(OUT, "lightning.ckpt"))
    # The expected values, contiguous, in each tensor's own dtype.
    save_file({name: tensor.detach().contiguous() for name, tensor in tensors.items()},
              os.path.join(OUT, "tensors.safetensors"), metadata={"source": "make_checkpoint_fixtures.py"})


def write_malicious_checkpoint():
    """A torch-style zip whose pickle would run os.system('echo pwned') if unpickled."""
    command = b"echo pwned"
    pickle_bytes = (
        b"\x80\x02"                       # PROTO 2
        b"cos\nsystem\n"                  # GLOBAL os.system
        b"X" + struct.pack("<I", len(command)) + command +  # BINUNICODE
        b"\x85"                           # TUPLE1
        b"R"                              # REDUCE: would call os.system
        b"."                              # STOP
    )
    path = os.path.join(OUT, "malicious.pth")
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_STORED) as archive:
        # Fixed timestamps keep the fixture byte-identical across runs.
        archive.writestr(zipfile.ZipInfo("archive/data.pkl", date_time=(1980, 1, 1, 0, 0, 0)), pickle_bytes)
        archive.writestr(zipfile.ZipInfo("archive/version", date_time=(1980, 1, 1, 0, 0, 0)), "3\n")


# ---- LDM (CompVis) names and shapes, following ldm/modules/diffusionmodules/openaimodel.py,
# ---- ldm/modules/diffusionmodules/model.py and transformers' CLIPTextModel.

def resblock(prefix, cin, cout, emb, add):
    add(f"{prefix}.in_layers.0.weight", [cin]); add(f"{prefix}.in_layers.0.bias", [cin])
    add(f"{prefix}.in_layers.2.weight", [cout, cin, 3, 3]); add(f"{prefix}.in_layers.2.bias", [cout])
    add(f"{prefix}.emb_layers.1.weight", [cout, emb]); add(f"{prefix}.emb_layers.1.bias", [cout])
    add(f"{prefix}.out_layers.0.weight", [cout]); add(f"{prefix}.out_layers.0.bias", [cout])
    add(f"{prefix}.out_layers.3.weight", [cout, cout, 3, 3]); add(f"{prefix}.out_layers.3.bias", [cout])
    if cin != cout:
        add(f"{prefix}.skip_connection.weight", [cout, cin, 1, 1]); add(f"{prefix}.skip_connection.bias", [cout])


def spatial_transformer(prefix, ch, context, depth, add):
    add(f"{prefix}.norm.weight", [ch]); add(f"{prefix}.norm.bias", [ch])
    add(f"{prefix}.proj_in.weight", [ch, ch, 1, 1]); add(f"{prefix}.proj_in.bias", [ch])
    for d in range(depth):
        block = f"{prefix}.transformer_blocks.{d}"
        for attn, kv in (("attn1", ch), ("attn2", context)):
            add(f"{block}.{attn}.to_q.weight", [ch, ch])
            add(f"{block}.{attn}.to_k.weight", [ch, kv])
            add(f"{block}.{attn}.to_v.weight", [ch, kv])
            add(f"{block}.{attn}.to_out.0.weight", [ch, ch]); add(f"{block}.{attn}.to_out.0.bias", [ch])
        add(f"{block}.ff.net.0.proj.weight", [ch * 8, ch]); add(f"{block}.ff.net.0.proj.bias", [ch * 8])
        add(f"{block}.ff.net.2.weight", [ch, ch * 4]); add(f"{block}.ff.net.2.bias", [ch])
        for n in (1, 2, 3):
            add(f"{block}.norm{n}.weight", [ch]); add(f"{block}.norm{n}.bias", [ch])
    add(f"{prefix}.proj_out.weight", [ch, ch, 1, 1]); add(f"{prefix}.proj_out.bias", [ch])


def ldm_unet(add, in_channels, mc, mult, res_blocks, attn_levels, context, depth=1, prefix="model.diffusion_model"):
    emb = mc * 4
    add(f"{prefix}.time_embed.0.weight", [emb, mc]); add(f"{prefix}.time_embed.0.bias", [emb])
    add(f"{prefix}.time_embed.2.weight", [emb, emb]); add(f"{prefix}.time_embed.2.bias", [emb])
    add(f"{prefix}.input_blocks.0.0.weight", [mc, in_channels, 3, 3]); add(f"{prefix}.input_blocks.0.0.bias", [mc])
    skips, ch, k = [mc], mc, 1
    for level, m in enumerate(mult):
        for _ in range(res_blocks):
            resblock(f"{prefix}.input_blocks.{k}.0", ch, mc * m, emb, add)
            ch = mc * m
            if level in attn_levels:
                spatial_transformer(f"{prefix}.input_blocks.{k}.1", ch, context, depth, add)
            skips.append(ch); k += 1
        if level != len(mult) - 1:
            add(f"{prefix}.input_blocks.{k}.0.op.weight", [ch, ch, 3, 3]); add(f"{prefix}.input_blocks.{k}.0.op.bias", [ch])
            skips.append(ch); k += 1
    resblock(f"{prefix}.middle_block.0", ch, ch, emb, add)
    spatial_transformer(f"{prefix}.middle_block.1", ch, context, depth, add)
    resblock(f"{prefix}.middle_block.2", ch, ch, emb, add)
    k = 0
    for level in reversed(range(len(mult))):
        for i in range(res_blocks + 1):
            cin = ch + skips.pop()
            resblock(f"{prefix}.output_blocks.{k}.0", cin, mc * mult[level], emb, add)
            ch = mc * mult[level]
            layer = 1
            if level in attn_levels:
                spatial_transformer(f"{prefix}.output_blocks.{k}.1", ch, context, depth, add)
                layer = 2
            if level and i == res_blocks:
                add(f"{prefix}.output_blocks.{k}.{layer}.conv.weight", [ch, ch, 3, 3])
                add(f"{prefix}.output_blocks.{k}.{layer}.conv.bias", [ch])
            k += 1
    add(f"{prefix}.out.0.weight", [mc]); add(f"{prefix}.out.0.bias", [mc])
    add(f"{prefix}.out.2.weight", [4, mc, 3, 3]); add(f"{prefix}.out.2.bias", [4])


def vae_resnet(prefix, cin, cout, add):
    add(f"{prefix}.norm1.weight", [cin]); add(f"{prefix}.norm1.bias", [cin])
    add(f"{prefix}.conv1.weight", [cout, cin, 3, 3]); add(f"{prefix}.conv1.bias", [cout])
    add(f"{prefix}.norm2.weight", [cout]); add(f"{prefix}.norm2.bias", [cout])
    add(f"{prefix}.conv2.weight", [cout, cout, 3, 3]); add(f"{prefix}.conv2.bias", [cout])
    if cin != cout:
        add(f"{prefix}.nin_shortcut.weight", [cout, cin, 1, 1]); add(f"{prefix}.nin_shortcut.bias", [cout])


def vae_mid(prefix, ch, add):
    vae_resnet(f"{prefix}.mid.block_1", ch, ch, add)
    add(f"{prefix}.mid.attn_1.norm.weight", [ch]); add(f"{prefix}.mid.attn_1.norm.bias", [ch])
    for name in ("q", "k", "v", "proj_out"):
        add(f"{prefix}.mid.attn_1.{name}.weight", [ch, ch, 1, 1]); add(f"{prefix}.mid.attn_1.{name}.bias", [ch])
    vae_resnet(f"{prefix}.mid.block_2", ch, ch, add)


def ldm_vae(add, ch, mult, res_blocks, z=4, prefix="first_stage_model"):
    add(f"{prefix}.encoder.conv_in.weight", [ch, 3, 3, 3]); add(f"{prefix}.encoder.conv_in.bias", [ch])
    cin = ch
    for i, m in enumerate(mult):
        for j in range(res_blocks):
            vae_resnet(f"{prefix}.encoder.down.{i}.block.{j}", cin, ch * m, add)
            cin = ch * m
        if i != len(mult) - 1:
            add(f"{prefix}.encoder.down.{i}.downsample.conv.weight", [cin, cin, 3, 3])
            add(f"{prefix}.encoder.down.{i}.downsample.conv.bias", [cin])
    vae_mid(f"{prefix}.encoder", cin, add)
    add(f"{prefix}.encoder.norm_out.weight", [cin]); add(f"{prefix}.encoder.norm_out.bias", [cin])
    add(f"{prefix}.encoder.conv_out.weight", [2 * z, cin, 3, 3]); add(f"{prefix}.encoder.conv_out.bias", [2 * z])
    block_in = ch * mult[-1]
    add(f"{prefix}.decoder.conv_in.weight", [block_in, z, 3, 3]); add(f"{prefix}.decoder.conv_in.bias", [block_in])
    vae_mid(f"{prefix}.decoder", block_in, add)
    for i in reversed(range(len(mult))):
        for j in range(res_blocks + 1):
            vae_resnet(f"{prefix}.decoder.up.{i}.block.{j}", block_in, ch * mult[i], add)
            block_in = ch * mult[i]
        if i != 0:
            add(f"{prefix}.decoder.up.{i}.upsample.conv.weight", [block_in, block_in, 3, 3])
            add(f"{prefix}.decoder.up.{i}.upsample.conv.bias", [block_in])
    add(f"{prefix}.decoder.norm_out.weight", [ch]); add(f"{prefix}.decoder.norm_out.bias", [ch])
    add(f"{prefix}.decoder.conv_out.weight", [3, ch, 3, 3]); add(f"{prefix}.decoder.conv_out.bias", [3])
    add(f"{prefix}.quant_conv.weight", [2 * z, 2 * z, 1, 1]); add(f"{prefix}.quant_conv.bias", [2 * z])
    add(f"{prefix}.post_quant_conv.weight", [z, z, 1, 1]); add(f"{prefix}.post_quant_conv.bias", [z])


def ldm_clip(add, width, layers, vocab, positions=77, prefix="cond_stage_model.transformer.text_model"):
    add(f"{prefix}.embeddings.token_embedding.weight", [vocab, width])
    add(f"{prefix}.embeddings.position_embedding.weight", [positions, width])
    for i in range(layers):
        layer = f"{prefix}.encoder.layers.{i}"
        for proj in ("k_proj", "v_proj", "q_proj", "out_proj"):
            add(f"{layer}.self_attn.{proj}.weight", [width, width]); add(f"{layer}.self_attn.{proj}.bias", [width])
        add(f"{layer}.layer_norm1.weight", [width]); add(f"{layer}.layer_norm1.bias", [width])
        add(f"{layer}.mlp.fc1.weight", [width * 4, width]); add(f"{layer}.mlp.fc1.bias", [width * 4])
        add(f"{layer}.mlp.fc2.weight", [width, width * 4]); add(f"{layer}.mlp.fc2.bias", [width])
        add(f"{layer}.layer_norm2.weight", [width]); add(f"{layer}.layer_norm2.bias", [width])
    add(f"{prefix}.final_layer_norm.weight", [width]); add(f"{prefix}.final_layer_norm.bias", [width])


def gendeg_shapes(in_channels, mc, mult, res_blocks, attn_levels, context, vae_ch, vae_mult, clip_layers, vocab,
                  with_ema, with_stats):
    shapes = {}

    def add(name, shape):
        assert name not in shapes, name
        shapes[name] = shape

    ldm_unet(add, in_channels, mc, mult, res_blocks, attn_levels, context)
    ldm_vae(add, vae_ch, vae_mult, 2)
    ldm_clip(add, context, clip_layers, vocab)
    if with_stats:
        add("stats_proj.weight", [77, 129]); add("stats_proj.bias", [77])
        add("cc_projection.weight", [context, context + 2]); add("cc_projection.bias", [context])
    if with_ema:
        add("model_ema.decay", []); add("model_ema.num_updates", [])
        for name in [n for n in shapes if n.startswith("model.diffusion_model.")]:
            add("model_ema." + "".join(name.split(".")[1:]), shapes[name])
    return shapes


def write_tiny_ldm():
    shapes = gendeg_shapes(in_channels=8, mc=4, mult=[1, 2], res_blocks=1, attn_levels=[0], context=8,
                           vae_ch=4, vae_mult=[1, 2], clip_layers=2, vocab=32, with_ema=True, with_stats=True)
    generator = torch.Generator().manual_seed(0)
    state = {}
    for name, shape in shapes.items():
        if name == "model_ema.num_updates":
            state[name] = torch.tensor(1200, dtype=torch.int32)
        else:
            state[name] = (torch.randn(shape, generator=generator) * 0.1).to(torch.float16)
    # EMA weights differ from the raw ones so tests can tell which were picked.
    for name in list(state):
        if name.startswith("model.diffusion_model."):
            state["model_ema." + "".join(name.split(".")[1:])] = state[name] + 1
    torch.save({"state_dict": state, "global_step": 1200, "epoch": 1}, os.path.join(OUT, "ldm_tiny.ckpt"))
    save_file(state, os.path.join(OUT, "ldm_tiny.safetensors"))


def mapping_from_converter(convert, ldm_names, **kwargs):
    """Runs a diffusers converter on unique-valued tensors and reads back diffusers -> LDM names."""
    checkpoint = {}
    for index, name in enumerate(ldm_names):
        value = torch.full([1, 1, 1, 1] if name.endswith(("q.weight", "k.weight", "v.weight", "proj_out.weight"))
                           and ".mid.attn_1." in name else [1], float(index), dtype=torch.float64)
        checkpoint[name] = value
    converted = convert(checkpoint, **kwargs)
    mapping = {}
    for diffusers_name, tensor in converted.items():
        if tensor is None:
            continue
        mapping[diffusers_name] = ldm_names[int(tensor.reshape(-1)[0].item())]
    return mapping


def write_keymaps():
    shapes = gendeg_shapes(in_channels=8, mc=320, mult=[1, 2, 4, 4], res_blocks=2, attn_levels=[0, 1, 2], context=768,
                           vae_ch=128, vae_mult=[1, 2, 4, 4], clip_layers=12, vocab=49408, with_ema=True,
                           with_stats=True)
    names = list(shapes)
    vae_config = {"down_block_types": ["DownEncoderBlock2D"] * 4, "up_block_types": ["UpDecoderBlock2D"] * 4}
    fixture = {
        "layers_per_block": 2,
        "ldm_names": names,
        "unet": mapping_from_converter(convert_ldm_unet_checkpoint, names, config={"layers_per_block": 2}),
        "unet_ema": mapping_from_converter(convert_ldm_unet_checkpoint, names, config={"layers_per_block": 2},
                                           extract_ema=True),
        "vae": mapping_from_converter(convert_ldm_vae_checkpoint, names, config=vae_config),
        "text_encoder": mapping_from_converter(convert_ldm_clip_checkpoint, names),
    }
    assert len(fixture["unet"]) == 686 and len(fixture["vae"]) == 248, (len(fixture["unet"]), len(fixture["vae"]))
    assert all(v.startswith("model_ema.") for v in fixture["unet_ema"].values())
    with open(os.path.join(OUT, "keymap_sd15.json"), "w") as handle:
        json.dump(fixture, handle, indent=0, sort_keys=True)


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    write_reference_checkpoints()
    write_malicious_checkpoint()
    write_tiny_ldm()
    write_keymaps()
    for name in sorted(os.listdir(OUT)):
        print(f"{os.path.getsize(os.path.join(OUT, name)):>9}  {name}")
