//! The legacy-encoding detector and decoders (TCVN3, VNI) on arbitrary text: the bytes are
//! read both as lossy UTF-8 and as Windows-1252-style Latin-1 (how legacy files arrive).
#![no_main]

use libfuzzer_sys::fuzz_target;
use vanban::text::{Legacy, clean, decode_legacy, detect_legacy};

fuzz_target!(|data: &[u8]| {
    let utf8 = String::from_utf8_lossy(data).into_owned();
    let latin1: String = data.iter().map(|&b| char::from(b)).collect();
    for text in [utf8, latin1] {
        let _ = detect_legacy(&text);
        for legacy in [Legacy::Tcvn3, Legacy::Vni] {
            let _ = decode_legacy(&text, legacy);
        }
        let _ = clean(&text);
    }
});
