//! Fuzzes the BR Code parser: no input may panic, and whatever parses must
//! re-encode to a payload that parses, to the same fields when it is read
//! with the same length unit (characters or bytes).
#![no_main]

use libfuzzer_sys::fuzz_target;
use retaguarda_formats::pix::BrCode;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(code) = BrCode::parse(s) {
        let again = BrCode::parse(&code.encode()).expect("re-encoded code must parse");
        if again.length_in_bytes == code.length_in_bytes {
            assert_eq!(again.fields, code.fields);
        }
    }
});
