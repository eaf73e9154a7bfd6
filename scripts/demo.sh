#!/usr/bin/env bash
# Runs the demo server in the foreground: imports the administrative units,
# creates the demo account (admin / binhdang-demo) and serves on
# http://127.0.0.1:${PORT:-8080}/ with its data in ${DATA_DIR:-data-demo}.
#
# It needs only the Rust toolchain. The debug build is the one scripts/test.sh
# uses, so running both compiles once.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/lib.sh
source scripts/lib.sh

bd_section "Rust toolchain"
bd_ensure_cargo

bd_section "Demo server on port ${PORT:-8080} (data in ${DATA_DIR:-data-demo})"
exec cargo run -p binhdang -- demo --port "${PORT:-8080}" --data-dir "${DATA_DIR:-data-demo}"
