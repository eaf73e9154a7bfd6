//! Arbitrary bytes, read as lossy UTF-8, through the letter parser: it must never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    for letter in vanban::parse(&text) {
        // Touch what a caller reads so that nothing is optimised away.
        let _ = (letter.full_code.as_deref(), letter.references.len(), letter.assignments.len());
    }
});
