//! The boleto's barcode drawn as SVG: Interleaved 2 of 5 at FEBRABAN's dimensions (narrow
//! element 0,254 mm, wide three times narrow, 44 digits over 102,87 mm, 13 mm tall), so a
//! printed page reads at the bank's scanners.

/// Narrow element width in millimetres.
pub const NARROW_MM: f64 = 0.254;
/// Wide elements are three narrow ones.
pub const WIDE: u32 = 3;
/// Bar height in millimetres.
pub const HEIGHT_MM: f64 = 13.0;

/// Wide (true) and narrow (false) elements of each digit (ISO/IEC 16390 table).
const PATTERNS: [[bool; 5]; 10] = [
    [false, false, true, true, false],
    [true, false, false, false, true],
    [false, true, false, false, true],
    [true, true, false, false, false],
    [false, false, true, false, true],
    [true, false, true, false, false],
    [false, true, true, false, false],
    [false, false, false, true, true],
    [true, false, false, true, false],
    [false, true, false, true, false],
];

/// The element widths in narrow units, bar first and alternating bar/space: start code,
/// digit pairs (the first digit in the bars, the second in the spaces), stop code. `None`
/// when `digits` is empty, odd or not all digits.
pub fn itf_widths(digits: &str) -> Option<Vec<u32>> {
    let bytes = digits.as_bytes();
    if bytes.is_empty() || !bytes.len().is_multiple_of(2) || !bytes.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let unit = |wide: bool| if wide { WIDE } else { 1 };
    let mut out = vec![1, 1, 1, 1];
    for pair in bytes.chunks(2) {
        let bars = PATTERNS[usize::from(pair[0] - b'0')];
        let spaces = PATTERNS[usize::from(pair[1] - b'0')];
        for i in 0..5 {
            out.push(unit(bars[i]));
            out.push(unit(spaces[i]));
        }
    }
    out.extend([WIDE, 1, 1]);
    Some(out)
}

/// The SVG of a barcode: one `<rect>` per bar, sized in millimetres.
pub fn barcode_svg(digits: &str) -> Option<String> {
    let widths = itf_widths(digits)?;
    let total: u32 = widths.iter().sum();
    let mut x = 0;
    let mut rects = String::new();
    for (i, w) in widths.iter().enumerate() {
        if i % 2 == 0 {
            rects.push_str(&format!(
                "<rect x=\"{x}\" y=\"0\" width=\"{w}\" height=\"1\"/>"
            ));
        }
        x += w;
    }
    Some(format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{:.2}mm\" height=\"{HEIGHT_MM}mm\" viewBox=\"0 0 {total} 1\" preserveAspectRatio=\"none\" shape-rendering=\"crispEdges\" role=\"img\" aria-label=\"Código de barras {digits}\"><g fill=\"#000\">{rects}</g></svg>",
        f64::from(total) * NARROW_MM
    ))
}
