//! Santander (033): campo livre `9` + código do beneficiário (7) + nosso número (12) and its
//! DV + IOF `0` + carteira (3). The nosso número's DV is mod 11 with weights 2 to 9:
//! remainder 0 or 1 gives 0, remainder 10 gives 1 (Santander's "Layout de cobrança
//! CNAB 240", código de barras).

use super::issue::{convenio, digits_field, weighted_sum_from_right, BankParts, BoletoAccount};
use super::BoletoError;

/// The nosso número's DV.
pub fn nosso_numero_digit(nosso: &str) -> u32 {
    match weighted_sum_from_right(nosso, 9) % 11 {
        0 | 1 => 0,
        10 => 1,
        r => 11 - r,
    }
}

pub(crate) fn parts(account: &BoletoAccount, seq: u64) -> Result<BankParts, BoletoError> {
    let code = digits_field(
        "código do beneficiário",
        convenio(account, "código do beneficiário")?,
        7,
        7,
    )?;
    let carteira = digits_field("carteira", &account.carteira, 3, 3)?;
    let agencia = digits_field("agência", &account.agencia, 4, 4)?;
    let nosso = format!("{seq:012}");
    let dv = nosso_numero_digit(&nosso);
    Ok(BankParts {
        free_field: format!("9{code}{nosso}{dv}0{carteira}"),
        nosso_numero: format!("{nosso}-{dv}"),
        nosso_numero_cnab: format!("{nosso}{dv}"),
        agencia_codigo: format!("{agencia} / {code}"),
    })
}
