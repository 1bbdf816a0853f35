//! The QR image: an SVG that encodes the payload at level M with a quiet zone.

use qrcode::{EcLevel, QrCode};
use retaguarda_formats::pix::qr_svg;

const BCB_VECTOR: &str = "00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3D";

#[test]
fn svg_has_level_m_modules_and_quiet_zone() {
    let svg = qr_svg(BCB_VECTOR).unwrap();
    assert!(svg.starts_with("<?xml"));
    assert!(svg.contains("<svg"));
    // The matrix of the same payload at level M decides the size: modules
    // plus 4 quiet modules on each side, scaled to at least 256 px.
    let code = QrCode::with_error_correction_level(BCB_VECTOR.as_bytes(), EcLevel::M).unwrap();
    assert_eq!(code.error_correction_level(), EcLevel::M);
    let modules = code.width() + 8;
    let scale = 256usize.div_ceil(modules);
    let side = modules * scale;
    assert!(
        svg.contains(&format!("width=\"{side}\" height=\"{side}\"")),
        "{}",
        &svg[..200]
    );
}

#[test]
fn too_long_payload_is_an_error_not_a_panic() {
    let huge = "9".repeat(9000);
    assert!(qr_svg(&huge).is_err());
}
