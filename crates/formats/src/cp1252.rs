//! Windows-1252, the one legacy encoding Brazilian banks' OFX files use.
//!
//! Written here rather than taken from `encoding_rs`: that crate's decoder dispatches over
//! every encoding it knows, so using it for this one kept all its tables (the CJK ones
//! among them) in the app's wasm. Windows-1252 is Latin-1 with 32 printable characters in
//! 0x80–0x9F; the five unassigned bytes there map to the C1 controls, as the WHATWG
//! Encoding Standard (and `encoding_rs`) does. `tests/cp1252.rs` checks every byte against
//! `encoding_rs`.

/// The characters of bytes 0x80–0x9F.
const HIGH: [char; 32] = [
    '\u{20AC}', '\u{0081}', '\u{201A}', '\u{0192}', '\u{201E}', '\u{2026}', '\u{2020}', '\u{2021}',
    '\u{02C6}', '\u{2030}', '\u{0160}', '\u{2039}', '\u{0152}', '\u{008D}', '\u{017D}', '\u{008F}',
    '\u{0090}', '\u{2018}', '\u{2019}', '\u{201C}', '\u{201D}', '\u{2022}', '\u{2013}', '\u{2014}',
    '\u{02DC}', '\u{2122}', '\u{0161}', '\u{203A}', '\u{0153}', '\u{009D}', '\u{017E}', '\u{0178}',
];

/// Decodes Windows-1252 bytes (every byte is a character, so nothing can fail).
pub fn decode(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|&b| match b {
            0x80..=0x9F => HIGH[usize::from(b - 0x80)],
            _ => char::from(b),
        })
        .collect()
}
