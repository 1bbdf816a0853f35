//! Itaú (341): campo livre carteira (3) + nosso número (8) + DAC + agência (4) + conta (5) +
//! DAC + `000`. The nosso número's DAC is mod 10 over agência, conta, carteira and nosso
//! número, except carteiras 126, 131, 146, 150 and 168, where it covers only carteira and
//! nosso número; the second DAC covers agência and conta (Itaú's "Cobrança: boleto
//! emitido pelo beneficiário", campo livre).

use super::issue::{digits_field, mod10, BankParts, BoletoAccount};
use super::BoletoError;

/// Carteiras whose nosso número DAC leaves agência and conta out.
const SHORT_DAC: [&str; 5] = ["126", "131", "146", "150", "168"];

/// The nosso número's DAC.
pub fn nosso_numero_digit(agencia: &str, conta: &str, carteira: &str, nosso: &str) -> u32 {
    if SHORT_DAC.contains(&carteira) {
        mod10(&format!("{carteira}{nosso}"))
    } else {
        mod10(&format!("{agencia}{conta}{carteira}{nosso}"))
    }
}

pub(crate) fn parts(account: &BoletoAccount, seq: u64) -> Result<BankParts, BoletoError> {
    let agencia = digits_field("agência", &account.agencia, 4, 4)?;
    let conta = digits_field("conta", &account.conta, 5, 5)?;
    let carteira = digits_field("carteira", &account.carteira, 3, 3)?;
    let nosso = format!("{seq:08}");
    let dac = nosso_numero_digit(&agencia, &conta, &carteira, &nosso);
    let conta_dac = mod10(&format!("{agencia}{conta}"));
    Ok(BankParts {
        free_field: format!("{carteira}{nosso}{dac}{agencia}{conta}{conta_dac}000"),
        nosso_numero: format!("{carteira}/{nosso}-{dac}"),
        nosso_numero_cnab: format!("{carteira}{nosso}{dac}"),
        agencia_codigo: format!("{agencia} / {conta}-{conta_dac}"),
    })
}
