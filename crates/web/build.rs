//! Copies htmx from the npm packages (installed by `npm ci` in `web/`) into the build, so the
//! binary embeds it and serves it without internet.

use std::path::PathBuf;

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let source = manifest.join("../../web/node_modules/htmx.org/dist/htmx.min.js");
    println!("cargo::rerun-if-changed={}", source.display());
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("htmx.min.js");
    if let Err(e) = std::fs::copy(&source, &out) {
        panic!(
            "htmx is missing ({}: {e}). Install the front-end packages first: (cd web && npm ci) — \
             scripts/demo.sh and scripts/test.sh do it for you.",
            source.display()
        );
    }
}
