//! Sicoob (756): campo livre carteira (1) + cooperativa (4) + modalidade (2) + código do
//! cliente (7) + nosso número (7) and its DV + parcela `001`. The DV weighs cooperativa (4),
//! cliente (10) and nosso número (7) with the constant 3197 repeated from the left, mod 11,
//! remainder 0 or 1 giving 0 (Sicoob's "Manual de cobrança bancária", cálculo do nosso
//! número).

use super::issue::{convenio, digits_field, BankParts, BoletoAccount};
use super::BoletoError;

/// The nosso número's DV over cooperativa (4), cliente (10) and nosso número (7).
pub fn nosso_numero_digit(cooperativa: &str, cliente: &str, nosso: &str) -> u32 {
    const WEIGHTS: [u32; 4] = [3, 1, 9, 7];
    let all = format!("{cooperativa:0>4}{cliente:0>10}{nosso:0>7}");
    let sum: u32 = all
        .bytes()
        .enumerate()
        .map(|(i, b)| u32::from(b - b'0') * WEIGHTS[i % 4])
        .sum();
    match sum % 11 {
        0 | 1 => 0,
        r => 11 - r,
    }
}

pub(crate) fn parts(account: &BoletoAccount, seq: u64) -> Result<BankParts, BoletoError> {
    let coop = digits_field("cooperativa", &account.agencia, 4, 4)?;
    let cliente = digits_field(
        "código do cliente",
        convenio(account, "código do cliente")?,
        7,
        7,
    )?;
    let carteira = digits_field("carteira", &account.carteira, 1, 1)?;
    let modalidade = format!("{carteira:0>2}");
    let nosso = format!("{seq:07}");
    let dv = nosso_numero_digit(&coop, &cliente, &nosso);
    Ok(BankParts {
        free_field: format!("{carteira}{coop}{modalidade}{cliente}{nosso}{dv}001"),
        nosso_numero: format!("{nosso}-{dv}"),
        nosso_numero_cnab: format!("{nosso}{dv}"),
        agencia_codigo: format!("{coop} / {cliente}"),
    })
}
