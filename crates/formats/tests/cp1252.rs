//! Windows-1252 decoding: every byte decodes as `encoding_rs` (the WHATWG standard) does.

use retaguarda_formats::cp1252;

#[test]
fn every_byte_decodes_as_the_standard_says() {
    for b in 0u8..=255 {
        let byte = [b];
        let (expected, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(&byte);
        assert_eq!(cp1252::decode(&byte), expected, "byte {b:#04x}");
    }
}

#[test]
fn portuguese_text_from_a_bank_decodes() {
    // "Pagamento à vista – Conceição" as a bank's 1252 file has it.
    let bytes = b"Pagamento \xe0 vista \x96 Concei\xe7\xe3o";
    assert_eq!(cp1252::decode(bytes), "Pagamento à vista – Conceição");
    let all: Vec<u8> = (0u8..=255).collect();
    let (expected, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(&all);
    assert_eq!(cp1252::decode(&all), expected);
}
