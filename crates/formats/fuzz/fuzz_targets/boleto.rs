//! Fuzzes the boleto parser: no input may panic, and whatever parses must
//! parse again from its barcode and from its linha to the same boleto.
#![no_main]

use chrono::NaiveDate;
use libfuzzer_sys::fuzz_target;
use retaguarda_formats::boleto::Boleto;

fuzz_target!(|data: &[u8]| {
    // The first two bytes pick "today" within ±90 years of 2026, so the
    // nearest-date rule of the fator is exercised far from the present.
    if data.len() < 2 {
        return;
    }
    let offset = i64::from(i16::from_le_bytes([data[0], data[1]]));
    let Some(today) = NaiveDate::from_ymd_opt(2026, 1, 1)
        .and_then(|d| d.checked_add_signed(chrono::Duration::days(offset)))
    else {
        return;
    };
    let Ok(s) = std::str::from_utf8(&data[2..]) else {
        return;
    };
    if let Ok(b) = Boleto::parse(s, today) {
        assert_eq!(Boleto::parse(&b.barcode, today).as_ref(), Ok(&b));
        assert_eq!(Boleto::parse(&b.linha_digitavel, today).as_ref(), Ok(&b));
        assert_eq!(Boleto::parse(&b.linha_formatada(), today).as_ref(), Ok(&b));
    }
});
