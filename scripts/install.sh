#!/usr/bin/env bash
# Installs a built gendeg under DESTDIR/PREFIX (what `make install` runs after the release build):
#   lib/gendeg/gendeg                 the binary, with its resource bundles beside it (the bundled
#                                     models and photos are found there, next to the executable)
#   bin/gendeg                        a link to it
#   share/gendeg/themes/*.toml        the explorer's themes
#   share/man/man1/gendeg.1           the man page, made from the binary's own help
#   share/bash-completion/completions/gendeg, share/zsh/site-functions/_gendeg,
#   share/fish/vendor_completions.d/gendeg.fish
# Usage: scripts/install.sh BINARY PREFIX [DESTDIR]
set -euo pipefail

if [[ $# -lt 2 || $# -gt 3 ]]; then
    echo "usage: scripts/install.sh BINARY PREFIX [DESTDIR]" >&2
    exit 1
fi
binary=$1
prefix=$2
destdir=${3:-}
root=$(cd "$(dirname "$0")/.." && pwd)

if [[ ! -x "$binary" ]]; then
    echo "install: $binary is not an executable; build first (make build)" >&2
    exit 1
fi
if [[ "$prefix" != /* ]]; then
    echo "install: PREFIX must be an absolute path, got '$prefix'" >&2
    exit 1
fi
built=$(cd "$(dirname "$binary")" && pwd -P)
target=$destdir$prefix

# Everything is made in a staging folder first, so a failure (a broken binary, no python3)
# leaves nothing half-installed.
staging=$(mktemp -d "${TMPDIR:-/tmp}/gendeg-install.XXXXXX")
trap 'rm -rf "$staging"' EXIT

"$binary" --generate-completion-script bash > "$staging/gendeg.bash"
"$binary" --generate-completion-script zsh > "$staging/_gendeg"
"$binary" --generate-completion-script fish > "$staging/gendeg.fish"
"$binary" --experimental-dump-help | python3 "$root/scripts/manpage.py" "$("$binary" --version)" > "$staging/gendeg.1"

install -d "$target/bin" "$target/lib/gendeg" "$target/share/gendeg/themes" "$target/share/man/man1" \
    "$target/share/bash-completion/completions" "$target/share/zsh/site-functions" "$target/share/fish/vendor_completions.d"
install -m 755 "$binary" "$target/lib/gendeg/gendeg"
for bundle in "$built"/*.resources; do
    [[ -d "$bundle" && "$bundle" != *Tests.resources ]] || continue
    rm -rf "$target/lib/gendeg/$(basename "$bundle")"
    cp -R "$bundle" "$target/lib/gendeg/"
    chmod -R u+rwX,go+rX,go-w "$target/lib/gendeg/$(basename "$bundle")"
done
ln -sfn ../lib/gendeg/gendeg "$target/bin/gendeg"
install -m 644 "$root"/themes/*.toml "$target/share/gendeg/themes/"
install -m 644 "$staging/gendeg.1" "$target/share/man/man1/gendeg.1"
install -m 644 "$staging/gendeg.bash" "$target/share/bash-completion/completions/gendeg"
install -m 644 "$staging/_gendeg" "$target/share/zsh/site-functions/_gendeg"
install -m 644 "$staging/gendeg.fish" "$target/share/fish/vendor_completions.d/gendeg.fish"
echo "installed gendeg into $target"
