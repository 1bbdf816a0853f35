//! Bradesco (237): campo livre agência (4) + carteira (2) + nosso número (11) + conta (7) +
//! `0`; the nosso número's check digit (printed, not in the barcode) is mod 11 with weights
//! 2 to 7 over carteira and nosso número, remainder 1 giving `P` (Bradesco's "Manual
//! Operacional para Boleto de Cobrança").

use super::issue::{digits_field, weighted_sum_from_right, BankParts, BoletoAccount};
use super::BoletoError;

/// The nosso número's check digit over carteira (2) and nosso número (11).
pub fn nosso_numero_digit(carteira: &str, nosso_numero: &str) -> char {
    let r = weighted_sum_from_right(&format!("{carteira}{nosso_numero}"), 7) % 11;
    match r {
        0 => '0',
        1 => 'P',
        r => char::from(b'0' + (11 - r) as u8),
    }
}

pub(crate) fn parts(account: &BoletoAccount, seq: u64) -> Result<BankParts, BoletoError> {
    let agencia = digits_field("agência", &account.agencia, 4, 4)?;
    let carteira = digits_field("carteira", &account.carteira, 2, 2)?;
    let conta = digits_field("conta", &account.conta, 7, 7)?;
    let nosso = format!("{seq:011}");
    let dv = nosso_numero_digit(&carteira, &nosso);
    let agencia_dv = account.agencia_dv.as_deref().unwrap_or("");
    let conta_dv = account.conta_dv.as_deref().unwrap_or("");
    Ok(BankParts {
        free_field: format!("{agencia}{carteira}{nosso}{conta}0"),
        nosso_numero: format!("{carteira}/{nosso}-{dv}"),
        nosso_numero_cnab: format!("{nosso}{dv}"),
        agencia_codigo: format!("{agencia}-{agencia_dv} / {conta}-{conta_dv}"),
    })
}
