#!/usr/bin/env bash
# Runs the checks and every test of the project. First what the style refuses,
# cheapest first so that a failure stops early: the vendored front-end files
# against their checksums, formatting, unused dependencies (cargo machete),
# clippy and rustdoc with warnings denied. Then the Rust workspace tests
# (against a throwaway PostgreSQL server) and the browser tests (headless
# Chromium), on one debug build, and last the API fuzz run (Schemathesis against
# a throwaway demo server, driven by the OpenAPI document the server serves).
#
# On a fresh Debian machine, as root, it installs what is missing:
# cargo-machete (cargo install), the npm package of the browser tests, the
# PostgreSQL server, Chromium, LibreOffice, Tesseract with its Vietnamese model and
# poppler-utils (apt-get), the DHIS2 and SDMX client
# libraries and the API fuzzer in Python virtual environments (dhis2.py, sdmx1,
# schemathesis and openapi-spec-validator from PyPI).
#
# Environment:
#   BD_TEST_POSTGRES_URL  use this PostgreSQL server instead of starting one
#                         (a role allowed to create databases)
#   CHROMIUM              Chromium executable (default /usr/bin/chromium)
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/lib.sh
source scripts/lib.sh

start=$SECONDS

bd_section "Rust toolchain"
bd_ensure_cargo
bd_ensure_rust_components
bd_info "using $(cargo --version)"

scripts/vendor-assets.sh --check --offline

bd_section "Formatting (cargo fmt --all --check)"
cargo fmt --all --check

bd_section "Unused dependencies (cargo machete)"
bd_ensure_cargo_machete
cargo machete

bd_section "Lints (cargo clippy --workspace --all-targets -- -D warnings)"
cargo clippy --workspace --all-targets -- -D warnings

bd_section "Documentation (cargo doc --no-deps --workspace, warnings denied)"
RUSTDOCFLAGS="-D warnings" cargo doc --no-deps --workspace

bd_section "Browser-test driver (web/node_modules)"
bd_ensure_web_deps

bd_section "Chromium"
bd_ensure_chromium

bd_section "LibreOffice (exports must open in it)"
bd_ensure_libreoffice

bd_section "OCR (Tesseract with its Vietnamese model, pdftoppm)"
bd_ensure_ocr

bd_section "Client libraries of other systems (dhis2.py and sdmx1 from PyPI)"
bd_ensure_dhis2_client

bd_section "PostgreSQL"
if [[ -n "${BD_TEST_POSTGRES_URL:-}" ]]; then
    bd_info "using the server given by BD_TEST_POSTGRES_URL"
    export BD_TEST_POSTGRES_URL
    export BD_TEST_REQUIRE_POSTGRES=1
else
    bd_ensure_postgres_installed
    bd_pg_start
fi

bd_section "Rust tests (cargo test --workspace)"
cargo test --workspace

# cargo test builds the binary for the integration tests; the browser tests use that build
# (a separate `cargo build` would compile again without the test-only features).
BD_BIN="${CARGO_TARGET_DIR:-$PWD/target}/debug/binhdang"
[[ -x "$BD_BIN" ]] || bd_die "$BD_BIN was not built"
export BD_BIN

bd_section "Browser tests (node --test tests/browser/)"
node --test --test-reporter=spec tests/browser/*.test.mjs

bd_section "API fuzz run (scripts/api-fuzz.sh)"
scripts/api-fuzz.sh

bd_section "All tests passed ($((SECONDS - start)) s)"
