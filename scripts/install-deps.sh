#!/usr/bin/env bash
# Installs the Debian packages gendeg needs, if any are missing.
#   scripts/install-deps.sh          libraries to build and run gendeg
#   scripts/install-deps.sh --test   plus what the test suite drives: tmux, Xvfb, xterm, kitty,
#                                    ImageMagick, real photo packages, and a one-node SLURM
set -euo pipefail

runtime=(pkg-config libncursesw5-dev libopenblas-dev libpng-dev libsixel-dev libjpeg62-turbo-dev)
testing=(tmux xvfb xterm kitty imagemagick x11-utils lomiri-wallpapers-16.04 lxqt-themes mate-backgrounds
         slurmctld slurmd slurm-client munge)

wanted=("${runtime[@]}")
[[ "${1:-}" == "--test" ]] && wanted+=("${testing[@]}")

missing=()
for package in "${wanted[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

echo "gendeg: installing missing Debian packages: ${missing[*]}"
if [[ $(id -u) -eq 0 ]]; then
    as_root=()
elif command -v sudo >/dev/null 2>&1; then
    as_root=(sudo)
else
    echo "gendeg: these packages are missing and I am neither root nor able to sudo:" >&2
    echo "    apt-get install ${missing[*]}" >&2
    echo "Ask an administrator to run that line, then try again." >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
