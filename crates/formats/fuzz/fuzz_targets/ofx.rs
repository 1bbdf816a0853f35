//! Fuzzes the OFX parser: no input may panic, overflow the stack or hang;
//! every parsed amount and date must be usable.
#![no_main]

use libfuzzer_sys::fuzz_target;
use retaguarda_formats::ofx;

fuzz_target!(|data: &[u8]| {
    if let Ok(statements) = ofx::parse_all(data) {
        for s in statements {
            for t in &s.transactions {
                assert!(!t.fitid.is_empty());
                let _ = t.amount.to_string();
            }
        }
    }
});
