#!/usr/bin/env bash
# Retrains every bundled model from scratch and evaluates it (the `make models` target).
#
#   training/train/train_all.sh            # from scratch: deletes training/runs/{data,pairs,work,eval}
#   RESUME=1 training/train/train_all.sh   # keeps them: every stage resumes from its checkpoint
#
# Needs: the release gendeg binary (GENDEG, default .build/release/gendeg; `make build`), the
# Python environment of training/requirements.txt (PYTHON, default training/.venv/bin/python),
# the Debian photo packages lomiri-wallpapers, mate-backgrounds, lxqt-themes, and PyPI access
# for the scikit-learn / matplotlib / open_clip_torch wheels (downloaded, not installed).
# Stage budgets are wall-clock minutes on two CPU cores; each stage stops at its budget and
# the exports use whatever it reached.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
T="$ROOT/training"
PYTHON="${PYTHON:-$T/.venv/bin/python}"
GENDEG="${GENDEG:-$ROOT/.build/release/gendeg}"
STATS="${STATS:-$ROOT/Sources/Engine/Resources/intensity-stats.json}"
# One intra-op thread per process: on two shared cores PyTorch's OpenMP threads spin against
# each other (measured 12x slower per step with 2 threads under load). Independent stages run
# side by side instead.
THREADS="${THREADS:-1}"
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"
RESOLUTION=128
VAE_CLEAN_MINUTES="${VAE_CLEAN_MINUTES:-6}"
VAE_MINUTES="${VAE_MINUTES:-13}"
UNET_MINUTES="${UNET_MINUTES:-25}"
UNET_FINETUNE_MINUTES="${UNET_FINETUNE_MINUTES:-21}"
GENPAIRS_MINUTES="${GENPAIRS_MINUTES:-4}"
NAFNET_STEPS="${NAFNET_STEPS:-800}"
NAFNET_MINUTES="${NAFNET_MINUTES:-25}"
EVAL_STEPS="${EVAL_STEPS:-12}"
RUNS="$T/runs"
MODELS="$ROOT/Sources/Engine/Resources/models"

for need in "$PYTHON" "$GENDEG"; do
  [[ -x "$need" ]] || { echo "train_all.sh: $need is missing (see the header of this script)" >&2; exit 1; }
done
[[ -f "$STATS" ]] || { echo "train_all.sh: $STATS is missing" >&2; exit 1; }
if [[ "${RESUME:-0}" != 1 ]]; then rm -rf "$RUNS/data" "$RUNS/pairs" "$RUNS/work" "$RUNS/eval"; fi
mkdir -p "$RUNS/work" "$RUNS/eval"
cd "$T/train"
stage() { echo "== $(date -u +%H:%M:%S) $*"; }

stage "photos: training crops and the held-out set"
"$PYTHON" photos.py fetch-wheels
[[ -d "$RUNS/data/train" ]] || "$PYTHON" photos.py prepare --out "$RUNS/data" --size "$RESOLUTION" --eval-size 256 --crops-per-photo 8 --seed 0
"$PYTHON" clip_tokenizer.py --out "$RUNS/tokenizer"

stage "GenDeg-small autoencoder, on the clean training crops (needs no gendeg binary)"
"$PYTHON" train_vae.py --images "$RUNS/data/train" --work "$RUNS/work" --resolution "$RESOLUTION" \
  --minutes "$VAE_CLEAN_MINUTES" --threads "$THREADS"

stage "physical pairs through the gendeg CLI"
"$GENDEG" synth --images "$RUNS/data/train" --out "$RUNS/pairs/physical" --types all --per-image 1 \
  --generator physical --seed 1 --workers 2
# The UNet's fine-tune sees every crop at 3 intensities per type (index 0 is the pair above).
"$GENDEG" synth --images "$RUNS/data/train" --out "$RUNS/pairs/physical-x3" --types all --per-image 3 \
  --generator physical --seed 1 --workers 2

stage "NAFNet-small (a) physical pairs only (in the background, alongside GenDeg-small's stages)"
"$PYTHON" train_nafnet.py --pairs "$RUNS/pairs/physical" --work "$RUNS/work" --name nafnet-small-physical \
  --max-steps "$NAFNET_STEPS" --minutes "$NAFNET_MINUTES" --threads "$THREADS" \
  --export "$MODELS/nafnet-small-physical" > "$RUNS/work/nafnet-small-physical.out" 2>&1 &
NAFNET_A=$!

stage "GenDeg-small autoencoder, continued on clean + physically degraded images"
"$PYTHON" train_vae.py --images "$RUNS/data/train" --pairs "$RUNS/pairs/physical" --work "$RUNS/work" --resolution "$RESOLUTION" \
  --lr 5e-4 --minutes "$VAE_MINUTES" --threads "$THREADS" --export "$RUNS/work/vae"

stage "GenDeg-small UNet, text encoder and stats conditioning"
"$PYTHON" train_unet.py --pairs "$RUNS/pairs/physical" --vae "$RUNS/work/vae" --tokenizer "$RUNS/tokenizer" \
  --work "$RUNS/work" --resolution "$RESOLUTION" --minutes "$UNET_MINUTES" --threads "$THREADS"
"$PYTHON" export_gendeg.py --unet-checkpoint "$RUNS/work/unet.pt" --vae "$RUNS/work/vae" \
  --tokenizer "$RUNS/tokenizer" --out "$RUNS/work/gendeg-small-stage1"

stage "GenDeg-small fine-tune for mu tracking: 3 intensities per crop and type"
mkdir -p "$RUNS/work/finetune"
"$PYTHON" train_unet.py --pairs "$RUNS/pairs/physical-x3" --vae "$RUNS/work/gendeg-small-stage1/vae" \
  --tokenizer "$RUNS/tokenizer" --work "$RUNS/work/finetune" --resolution "$RESOLUTION" \
  --init-from "$RUNS/work/gendeg-small-stage1" --minutes "$UNET_FINETUNE_MINUTES" --threads "$THREADS"
"$PYTHON" export_gendeg.py --unet-checkpoint "$RUNS/work/finetune/unet.pt" --vae "$RUNS/work/gendeg-small-stage1/vae" \
  --tokenizer "$RUNS/tokenizer" --out "$MODELS/gendeg-small"

stage "GenDeg-small synthetic pairs for restorer (b)"
"$PYTHON" generate_gendeg_pairs.py --model "$MODELS/gendeg-small" --images "$RUNS/data/train" --stats "$STATS" \
  --out "$RUNS/pairs/gendeg-small-synthetic" --minutes "$GENPAIRS_MINUTES" --threads "$THREADS"

stage "NAFNet-small (b) physical + GenDeg-small pairs"
"$PYTHON" train_nafnet.py --pairs "$RUNS/pairs/physical" --extra-pairs "$RUNS/pairs/gendeg-small-synthetic" \
  --work "$RUNS/work" --name nafnet-small-gendeg --max-steps "$NAFNET_STEPS" --minutes "$NAFNET_MINUTES" \
  --threads "$THREADS" --export "$MODELS/nafnet-small-gendeg"
wait "$NAFNET_A" || { echo "train_all.sh: NAFNet-small (a) failed, see $RUNS/work/nafnet-small-physical.out" >&2; exit 1; }

stage "check: GenDeg-small mu tracking on held-out photos (alongside the benchmark)"
"$PYTHON" "$T/eval/eval_mu_tracking.py" --model "$MODELS/gendeg-small" --images "$RUNS/data/heldout" --stats "$STATS" \
  --out "$RUNS/eval/mu_tracking.json" --examples "$ROOT/docs/images" --steps "$EVAL_STEPS" --threads "$THREADS" \
  > "$RUNS/eval/mu_tracking.md" 2>&1 &
MU_CHECK=$!

stage "benchmark: restorers on out-of-distribution degradations of held-out photos"
"$PYTHON" "$T/eval/eval_ood.py" --images "$RUNS/data/heldout-eval" --nafnet "$MODELS/nafnet-small-physical" \
  "$MODELS/nafnet-small-gendeg" --gendeg "$GENDEG" --work "$RUNS/eval/ood" --out "$RUNS/eval/ood.json" \
  --threads "$THREADS" | tee "$RUNS/eval/ood.md"
wait "$MU_CHECK" || { echo "train_all.sh: mu tracking failed, see $RUNS/eval/mu_tracking.md" >&2; exit 1; }
cat "$RUNS/eval/mu_tracking.md"

du -sh "$MODELS"/*
stage "done"
