//! Banco do Brasil (001): convênios of 7 digits (nosso número of 17: convênio and a 10-digit
//! sequence, no check digit; campo livre `000000` + nosso número + carteira) and of 6 digits
//! (nosso número of 11: convênio and a 5-digit sequence; campo livre nosso número + agência +
//! conta + carteira), from BB's "Especificações técnicas para confecção de boleto de cobrança".

use super::issue::{convenio, digits_field, BankParts, BoletoAccount};
use super::BoletoError;

/// How many digits of the nosso número are the sequence the beneficiary draws.
pub(crate) fn sequence_digits(account: &BoletoAccount) -> u32 {
    match account.convenio.as_deref().map(|c| c.trim().len()) {
        Some(6) => 5,
        _ => 10,
    }
}

pub(crate) fn parts(account: &BoletoAccount, seq: u64) -> Result<BankParts, BoletoError> {
    let conv = convenio(account, "convênio")?;
    if !conv.bytes().all(|b| b.is_ascii_digit()) || !(conv.len() == 6 || conv.len() == 7) {
        return Err(BoletoError::Field {
            field: "convênio",
            reason: "o convênio do Banco do Brasil tem 6 ou 7 dígitos".into(),
        });
    }
    let carteira = digits_field("carteira", &account.carteira, 2, 2)?;
    let agencia = digits_field("agência", &account.agencia, 4, 4)?;
    let conta = digits_field("conta", &account.conta, 8, 8)?;
    let (nosso, free_field) = if conv.len() == 7 {
        let nosso = format!("{conv}{seq:010}");
        let free = format!("000000{nosso}{carteira}");
        (nosso, free)
    } else {
        let nosso = format!("{conv}{seq:05}");
        let free = format!("{nosso}{agencia}{conta}{carteira}");
        (nosso, free)
    };
    let conta_dv = account.conta_dv.as_deref().unwrap_or("");
    let agencia_dv = account.agencia_dv.as_deref().unwrap_or("");
    Ok(BankParts {
        free_field,
        nosso_numero: nosso.clone(),
        nosso_numero_cnab: nosso,
        agencia_codigo: join_dv(&format!("{agencia}{}", dash(agencia_dv)), &conta, conta_dv),
    })
}

fn dash(dv: &str) -> String {
    if dv.is_empty() {
        String::new()
    } else {
        format!("-{dv}")
    }
}

fn join_dv(agencia: &str, conta: &str, dv: &str) -> String {
    format!("{agencia} / {conta}{}", dash(dv))
}
