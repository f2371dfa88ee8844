#!/usr/bin/env bash
# Build the one-folder desktop bundle into build/dist/pitboard (Linux, macOS; see README for
# Windows). Usage: packaging/build.sh [DIST_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
dist="${1:-build/dist}"
make .venv/.installed
.venv/bin/pyinstaller --noconfirm --clean --log-level WARN \
    --distpath "$dist" --workpath "build/work" packaging/pitboard.spec
echo "built $dist/pitboard"
