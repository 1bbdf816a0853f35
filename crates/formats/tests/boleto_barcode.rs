//! The boleto barcode as SVG: Interleaved 2 of 5 decoded back with the digit table of
//! ISO/IEC 16390 written out here, and FEBRABAN's dimensions for a 44-digit barcode
//! ("Especificações técnicas do boleto": narrow bar 0,254 mm, wide 3 narrow, about 103 mm
//! by 13 mm).

use retaguarda_formats::boleto::barcode::{itf_widths, NARROW_MM};
use retaguarda_formats::boleto::barcode_svg;

/// ISO/IEC 16390: N = narrow, W = wide.
const TABLE: [&str; 10] = [
    "NNWWN", "WNNNW", "NWNNW", "WWNNN", "NNWNW", "WNWNN", "NWWNN", "NNNWW", "WNNWN", "NWNWN",
];

fn decode(widths: &[u32]) -> String {
    assert_eq!(
        &widths[..4],
        &[1, 1, 1, 1],
        "start code: narrow bar, space, bar, space"
    );
    assert_eq!(
        &widths[widths.len() - 3..],
        &[3, 1, 1],
        "stop code: wide bar, narrow space, narrow bar"
    );
    let body = &widths[4..widths.len() - 3];
    let letter = |w: u32| if w == 3 { 'W' } else { 'N' };
    let mut out = String::new();
    for chunk in body.chunks(10) {
        let bars: String = chunk.iter().step_by(2).map(|w| letter(*w)).collect();
        let spaces: String = chunk
            .iter()
            .skip(1)
            .step_by(2)
            .map(|w| letter(*w))
            .collect();
        for p in [bars, spaces] {
            let d = TABLE.iter().position(|t| *t == p).expect("a digit pattern");
            out.push(char::from(b'0' + d as u8));
        }
    }
    out
}

#[test]
fn decodes_back_to_the_digits_at_febraban_size() {
    let barcode = "10499898100000214032006561000100040099726390";
    let widths = itf_widths(barcode).unwrap();
    assert_eq!(decode(&widths), barcode);
    let units: u32 = widths.iter().sum();
    // 4 (start) + 22 pairs × 18 + 5 (stop) narrow units.
    assert_eq!(units, 405);
    let mm = f64::from(units) * NARROW_MM;
    assert!((mm - 103.0).abs() < 0.5, "{mm} mm");

    let svg = barcode_svg(barcode).unwrap();
    assert!(
        svg.contains("width=\"102.87mm\" height=\"13mm\" viewBox=\"0 0 405 1\""),
        "{svg}"
    );
    // One rect per bar: start 2, 44 digits × 5 / 2 pairs… each pair has 5 bars; stop 2.
    assert_eq!(svg.matches("<rect").count(), 2 + 22 * 5 + 2);
    assert!(svg
        .contains("aria-label=\"Código de barras 10499898100000214032006561000100040099726390\""));
}

#[test]
fn refuses_what_it_cannot_draw() {
    assert_eq!(itf_widths(""), None);
    assert_eq!(itf_widths("123"), None);
    assert_eq!(itf_widths("12a4"), None);
    assert_eq!(barcode_svg("1"), None);
}
