//! Issuing a bank slip: the beneficiary's account at the bank, the nosso número, the fator de
//! vencimento and the barcode built from each bank's campo livre (one module per bank).
//! The result is read back by [`Boleto::parse`], so the issued slip and the parsed one agree.

use chrono::NaiveDate;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::{bb, bradesco, caixa, fator_base, itau, santander, sicoob, Boleto, BoletoError};

/// The banks whose slips Retaguarda issues.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Bank {
    /// Banco do Brasil, 001.
    BancoDoBrasil,
    /// Bradesco, 237.
    Bradesco,
    /// Itaú Unibanco, 341.
    Itau,
    /// Caixa Econômica Federal, 104.
    Caixa,
    /// Santander, 033.
    Santander,
    /// Sicoob (Bancoob), 756.
    Sicoob,
}

impl Bank {
    /// Every supported bank.
    pub const ALL: [Bank; 6] = [
        Bank::BancoDoBrasil,
        Bank::Bradesco,
        Bank::Itau,
        Bank::Caixa,
        Bank::Santander,
        Bank::Sicoob,
    ];

    /// The three-digit FEBRABAN code.
    pub fn code(self) -> &'static str {
        match self {
            Bank::BancoDoBrasil => "001",
            Bank::Bradesco => "237",
            Bank::Itau => "341",
            Bank::Caixa => "104",
            Bank::Santander => "033",
            Bank::Sicoob => "756",
        }
    }

    /// The code with its check digit, as printed on the slip (`341-7`).
    pub fn code_with_digit(self) -> &'static str {
        match self {
            Bank::BancoDoBrasil => "001-9",
            Bank::Bradesco => "237-2",
            Bank::Itau => "341-7",
            Bank::Caixa => "104-0",
            Bank::Santander => "033-7",
            Bank::Sicoob => "756-0",
        }
    }

    /// The bank's name.
    pub fn name(self) -> &'static str {
        match self {
            Bank::BancoDoBrasil => "Banco do Brasil",
            Bank::Bradesco => "Bradesco",
            Bank::Itau => "Itaú",
            Bank::Caixa => "Caixa Econômica Federal",
            Bank::Santander => "Santander",
            Bank::Sicoob => "Sicoob",
        }
    }

    /// The bank for a code such as `341` or `33`.
    pub fn from_code(code: &str) -> Result<Bank, BoletoError> {
        let trimmed = code.trim();
        let padded = format!("{trimmed:0>3}");
        Bank::ALL
            .into_iter()
            .find(|b| b.code() == padded)
            .ok_or_else(|| BoletoError::UnsupportedBank(trimmed.to_string()))
    }
}

/// The beneficiary's account at the bank, as the bank registered it for cobrança.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoletoAccount {
    /// The bank.
    pub bank: Bank,
    /// Agência (cooperativa at Sicoob), digits without its check digit.
    pub agencia: String,
    /// Agência check digit, when the bank has one.
    pub agencia_dv: Option<String>,
    /// Conta corrente, digits without its check digit.
    pub conta: String,
    /// Conta check digit.
    pub conta_dv: Option<String>,
    /// Código do beneficiário / convênio: BB convênio (6 or 7 digits), Caixa código do
    /// beneficiário (6), Santander código do beneficiário (7), Sicoob código do cliente (7).
    /// Bradesco and Itaú use the conta instead.
    pub convenio: Option<String>,
    /// Carteira (BB 17/18, Bradesco 09, Itaú 109, Caixa 14 (RG), Santander 101, Sicoob 1).
    pub carteira: String,
}

/// An issued bank slip: what the ficha de compensação prints and what the bank reads.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IssuedBoleto {
    /// The bank.
    pub bank: Bank,
    /// The nosso número as printed, with the bank's check digit (`109/00001234-5`).
    pub nosso_numero: String,
    /// The nosso número as the remessa carries it (digits, with the check digit where the
    /// bank's CNAB layout wants it).
    pub nosso_numero_cnab: String,
    /// "Agência/Código do beneficiário" as printed.
    pub agencia_codigo: String,
    /// The 25-digit campo livre.
    pub free_field: String,
    /// The fator de vencimento.
    pub fator: u16,
    /// The slip read back: barcode, linha digitável, amount and due date.
    pub boleto: Boleto,
}

/// The fator de vencimento of `due`: days since 1997-10-07, restarting at 1000 every 9000
/// days (2025-02-22 is 1000 again, after 9999 on 2025-02-21).
pub fn fator_vencimento(due: NaiveDate) -> Result<u16, BoletoError> {
    let days = (due - fator_base()).num_days();
    if days < 1000 {
        return Err(BoletoError::Build("vencimento antes de 03/07/2000"));
    }
    let fator = (days - 1000) % 9000 + 1000;
    u16::try_from(fator).map_err(|_| BoletoError::Build("fator de vencimento"))
}

/// The amount in centavos, refusing negatives, fractions of a centavo and more than the
/// barcode's ten digits.
pub fn amount_centavos(amount: Decimal) -> Result<u64, BoletoError> {
    let cents = amount * Decimal::ONE_HUNDRED;
    if cents.fract() != Decimal::ZERO {
        return Err(BoletoError::Build(
            "o valor tem mais de duas casas decimais",
        ));
    }
    match cents.to_u64() {
        Some(c) if c <= 9_999_999_999 && amount > Decimal::ZERO => Ok(c),
        _ => Err(BoletoError::Build(
            "o valor deve ser positivo e até R$ 99.999.999,99",
        )),
    }
}

/// What a bank module returns: the campo livre and how the nosso número is shown.
pub(crate) struct BankParts {
    pub free_field: String,
    pub nosso_numero: String,
    pub nosso_numero_cnab: String,
    pub agencia_codigo: String,
}

/// Issues the slip for `nosso_numero` (the sequence the beneficiary draws, without check
/// digit), `amount` and `due`.
pub fn issue(
    account: &BoletoAccount,
    nosso_numero: u64,
    amount: Decimal,
    due: NaiveDate,
) -> Result<IssuedBoleto, BoletoError> {
    let parts = bank_parts(account, nosso_numero)?;
    let fator = fator_vencimento(due)?;
    let cents = amount_centavos(amount)?;
    let barcode = Boleto::bank_barcode(account.bank.code(), 9, fator, cents, &parts.free_field)?;
    let boleto = Boleto::parse(&barcode, due)?;
    Ok(IssuedBoleto {
        bank: account.bank,
        nosso_numero: parts.nosso_numero,
        nosso_numero_cnab: parts.nosso_numero_cnab,
        agencia_codigo: parts.agencia_codigo,
        free_field: parts.free_field,
        fator,
        boleto,
    })
}

/// Checks the account's fields for its bank (pt-BR reasons), without issuing.
pub fn validate_account(account: &BoletoAccount) -> Result<(), BoletoError> {
    bank_parts(account, 1).map(|_| ())
}

/// The largest nosso número sequence the bank's layout holds for this account.
pub fn max_nosso_numero(account: &BoletoAccount) -> u64 {
    let digits = match account.bank {
        Bank::BancoDoBrasil => bb::sequence_digits(account),
        Bank::Bradesco => 11,
        Bank::Itau => 8,
        Bank::Caixa => 15,
        Bank::Santander => 12,
        Bank::Sicoob => 7,
    };
    10u64.pow(digits) - 1
}

fn bank_parts(account: &BoletoAccount, nosso_numero: u64) -> Result<BankParts, BoletoError> {
    if nosso_numero == 0 || nosso_numero > max_nosso_numero(account) {
        return Err(BoletoError::Field {
            field: "nosso número",
            reason: format!(
                "deve estar entre 1 e {} para {}",
                max_nosso_numero(account),
                account.bank.name()
            ),
        });
    }
    match account.bank {
        Bank::BancoDoBrasil => bb::parts(account, nosso_numero),
        Bank::Bradesco => bradesco::parts(account, nosso_numero),
        Bank::Itau => itau::parts(account, nosso_numero),
        Bank::Caixa => caixa::parts(account, nosso_numero),
        Bank::Santander => santander::parts(account, nosso_numero),
        Bank::Sicoob => sicoob::parts(account, nosso_numero),
    }
}

/// `value`'s digits, at most `max` of them, left-padded with zeros to `width`.
pub(crate) fn digits_field(
    field: &'static str,
    value: &str,
    max: usize,
    width: usize,
) -> Result<String, BoletoError> {
    let v = value.trim();
    if v.is_empty() || !v.bytes().all(|b| b.is_ascii_digit()) {
        return Err(BoletoError::Field {
            field,
            reason: "informe só números".into(),
        });
    }
    let v = v.trim_start_matches('0');
    if v.len() > max {
        return Err(BoletoError::Field {
            field,
            reason: format!("tem no máximo {max} dígitos"),
        });
    }
    Ok(format!("{v:0>width$}"))
}

/// The convênio / código do beneficiário, required by some banks.
pub(crate) fn convenio<'a>(
    account: &'a BoletoAccount,
    what: &'static str,
) -> Result<&'a str, BoletoError> {
    account
        .convenio
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .ok_or(BoletoError::Field {
            field: what,
            reason: format!("é obrigatório para {}", account.bank.name()),
        })
}

/// Sum of digits times weights 2..=`max_weight` from the right, repeating.
pub(crate) fn weighted_sum_from_right(digits: &str, max_weight: u32) -> u32 {
    digits
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| u32::from(b - b'0') * (i as u32 % (max_weight - 1) + 2))
        .sum()
}

/// Mod 10 with weights 2, 1, 2… from the right, summing the digits of each product.
pub(crate) fn mod10(digits: &str) -> u32 {
    super::mod10(digits.as_bytes()).into()
}
