#!/usr/bin/env bash
# Install a built bundle for the current user: the app in ~/.local/opt/pitboard, a launcher,
# the desktop entry and the icons. Usage: packaging/install-linux.sh [DIST_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
dist="${1:-build/dist}/pitboard"
prefix="${XDG_DATA_HOME:-$HOME/.local/share}"
mkdir -p "$HOME/.local/opt" "$HOME/.local/bin" "$prefix/applications"
rm -rf "$HOME/.local/opt/pitboard"
cp -r "$dist" "$HOME/.local/opt/pitboard"
ln -sf "$HOME/.local/opt/pitboard/pitboard" "$HOME/.local/bin/pitboard"
cp packaging/pitboard.desktop "$prefix/applications/pitboard.desktop"
for size in 16 32 48 64 128 256 512; do
    mkdir -p "$prefix/icons/hicolor/${size}x${size}/apps"
    cp "resources/icons/pitboard-$size.png" "$prefix/icons/hicolor/${size}x${size}/apps/pitboard.png"
done
echo "installed: run 'pitboard' or find Pitboard in the applications menu"
