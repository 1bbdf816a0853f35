//! Caixa (104), SIGCB: nosso número of 17 digits (modalidade `1` registrada, emissão `4`
//! pelo beneficiário, and a 15-digit sequence) and campo livre código do beneficiário (6) +
//! its DV + the sequence in three pieces interleaved with the two constants + a mod-11 DV
//! (Caixa's "Leiaute de arquivo eletrônico padrão CNAB 240 / SIGCB", código de barras).

use super::issue::{convenio, digits_field, weighted_sum_from_right, BankParts, BoletoAccount};
use super::BoletoError;

/// Caixa's mod 11 with weights 2 to 9: 11 − remainder, above 9 becoming 0.
pub fn mod11_digit(digits: &str) -> u32 {
    let dv = 11 - weighted_sum_from_right(digits, 9) % 11;
    if dv > 9 {
        0
    } else {
        dv
    }
}

pub(crate) fn parts(account: &BoletoAccount, seq: u64) -> Result<BankParts, BoletoError> {
    let code = digits_field(
        "código do beneficiário",
        convenio(account, "código do beneficiário")?,
        6,
        6,
    )?;
    let carteira = digits_field("carteira", &account.carteira, 2, 2)?;
    if !matches!(carteira.as_str(), "14" | "24") {
        return Err(BoletoError::Field {
            field: "carteira",
            reason: "na Caixa use 14 (registrada, emitida pelo beneficiário)".into(),
        });
    }
    let agencia = digits_field("agência", &account.agencia, 4, 4)?;
    let code_dv = mod11_digit(&code);
    let nosso = format!("{carteira}{seq:015}");
    let dv = mod11_digit(&nosso);
    let without_dv = format!(
        "{code}{code_dv}{}{}{}{}{}",
        &nosso[2..5],
        &nosso[0..1],
        &nosso[5..8],
        &nosso[1..2],
        &nosso[8..17]
    );
    let free_dv = mod11_digit(&without_dv);
    Ok(BankParts {
        free_field: format!("{without_dv}{free_dv}"),
        nosso_numero: format!("{nosso}-{dv}"),
        nosso_numero_cnab: nosso,
        agencia_codigo: format!("{agencia} / {code}-{code_dv}"),
    })
}
