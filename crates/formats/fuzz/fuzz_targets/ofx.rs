//! Fuzzes the OFX parser: no input may panic, overflow the stack or hang;
//! every parsed amount and date must be usable; and a file cut short never
//! yields something else: a prefix of an accepted file is either refused or
//! parses to exactly the same statements (issue 26).
#![no_main]

use libfuzzer_sys::fuzz_target;
use retaguarda_formats::ofx;

fuzz_target!(|data: &[u8]| {
    if let Ok(statements) = ofx::parse_all(data) {
        for s in &statements {
            for t in &s.transactions {
                assert!(!t.fitid.is_empty());
                let _ = t.amount.to_string();
            }
        }
        // A few cut points: inside the closing </OFX>, the middle, one byte short.
        let end = data
            .windows(6)
            .rposition(|w| w.eq_ignore_ascii_case(b"</OFX>"))
            .map_or(data.len(), |i| i + 3);
        for cut in [end, data.len() / 2, data.len().saturating_sub(1)] {
            if let Ok(prefix) = ofx::parse_all(&data[..cut.min(data.len())]) {
                assert_eq!(prefix, statements, "a prefix of {cut} bytes parsed differently");
            }
        }
    }
});
