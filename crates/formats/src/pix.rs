//! Pix: keys, the static BR Code ("copia e cola") builder, a parser for any
//! BR Code (static or dynamic) and the QR image as SVG.
//!
//! The payload follows the BCB "Manual do BR Code" (EMV QRCPS-MPM): a list of
//! ID–length–value fields, ending in field 63 with a CRC16-CCITT-FALSE over
//! the whole payload including `6304`.

use std::fmt;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

use crate::doc::{DocError, DocKind, TaxId};

/// The GUI that marks a merchant account template as Pix.
pub const PIX_GUI: &str = "br.gov.bcb.pix";

/// Maximum merchant name length (field 59).
pub const MAX_NAME: usize = 25;
/// Maximum merchant city length (field 60).
pub const MAX_CITY: usize = 15;
/// Maximum txid length (field 62.05).
pub const MAX_TXID: usize = 25;
/// Maximum length of an amount (field 54), dot and decimals included.
const MAX_AMOUNT_LEN: usize = 13;
/// Longest e-mail the DICT accepts as a key.
const MAX_EMAIL: usize = 77;

/// The CRC the BR Code uses: CRC16-CCITT-FALSE, catalogued as CRC-16/IBM-3740.
const CRC16: crc::Crc<u16> = crc::Crc::<u16>::new(&crc::CRC_16_IBM_3740);

/// Why a Pix key, payload or QR code was rejected.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PixError {
    /// No key typed.
    #[error("informe a chave Pix")]
    KeyEmpty,
    /// A key that looked like a CPF or CNPJ but is not valid.
    #[error("chave Pix: {0}")]
    KeyDoc(DocError),
    /// Eleven plain digits that are not a valid CPF: maybe a phone typed
    /// without +55.
    #[error("chave Pix inválida: não é um CPF válido; se for telefone, escreva com +55 e DDD (ex.: +5511987654321)")]
    KeyCpfOrPhone,
    /// A phone key not in the +55 DDD number form.
    #[error("chave Pix de telefone inválida: use +55, o DDD e o número (ex.: +5511987654321)")]
    KeyPhone,
    /// A malformed e-mail key.
    #[error("chave Pix de e-mail inválida: {0}")]
    KeyEmail(&'static str),
    /// A malformed random key (EVP).
    #[error("chave aleatória inválida: deve ter o formato 123e4567-e89b-12d3-a456-426614174000")]
    KeyRandom,
    /// None of the five kinds of key.
    #[error(
        "não reconheci a chave Pix: use CPF, CNPJ, telefone com +55, e-mail ou chave aleatória"
    )]
    KeyUnknown,
    /// Name empty once accents and disallowed characters are removed.
    #[error("o nome do recebedor ficou vazio: use letras e números")]
    NameEmpty,
    /// City empty once accents and disallowed characters are removed.
    #[error("a cidade do recebedor ficou vazia: use letras e números")]
    CityEmpty,
    /// Zero or negative amount.
    #[error("o valor do Pix deve ser maior que zero")]
    AmountNotPositive,
    /// Fractions of a centavo.
    #[error("o valor do Pix tem mais de duas casas decimais")]
    AmountDecimals,
    /// Amount too long for field 54.
    #[error("o valor do Pix é alto demais para um QR Code")]
    AmountTooLarge,
    /// txid with characters other than letters and digits, or too long.
    #[error("identificador (txid) inválido: use só letras e números, até 25 caracteres")]
    Txid,
    /// Description does not fit in the merchant account template.
    #[error("descrição longa demais: com esta chave cabem no máximo {max} caracteres")]
    DescriptionTooLong {
        /// Characters left for the description.
        max: usize,
    },
    /// Nothing to parse.
    #[error("o código Pix está vazio")]
    Empty,
    /// A field ID or length that is not two digits.
    #[error("código Pix malformado na posição {pos}: esperado ID e tamanho com dois dígitos")]
    Malformed {
        /// Character position in the payload (or template).
        pos: usize,
    },
    /// A field whose declared length runs past the end.
    #[error("o campo {field} declara {declared} caracteres, mas só restam {available}")]
    FieldLength {
        /// Field ID (e.g. `59` or `26.01`).
        field: String,
        /// Declared length.
        declared: usize,
        /// Characters actually left.
        available: usize,
    },
    /// The CRC does not match the payload.
    #[error("CRC do código Pix não confere: calculado {expected}, encontrado {found} (código copiado errado?)")]
    Crc {
        /// The CRC computed over the payload.
        expected: String,
        /// The CRC in field 63.
        found: String,
    },
    /// A mandatory field is missing.
    #[error("falta o campo obrigatório {0}")]
    Missing(&'static str),
    /// A field is present but its value is wrong.
    #[error("campo {field} inválido: {reason}")]
    Invalid {
        /// Field ID and name.
        field: &'static str,
        /// What is wrong with it.
        reason: String,
    },
    /// The QR image could not be made (payload too long for a QR code).
    #[error("não foi possível gerar o QR Code: {0}")]
    Qr(String),
}

/// A Pix key (chave Pix), validated and in the form the DICT stores it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "tipo", content = "chave", rename_all = "snake_case")]
pub enum PixKey {
    /// CPF key, 11 digits.
    Cpf(TaxId),
    /// CNPJ key, 14 characters.
    Cnpj(TaxId),
    /// Phone key, `+55` DDD number.
    Phone(String),
    /// E-mail key, lower case.
    Email(String),
    /// Random key (EVP), a lower-case UUID.
    Random(String),
}

impl PixKey {
    /// Detects and validates a key typed by a person: CPF or CNPJ (masked or
    /// not), phone with `+55` (spaces, parentheses and dashes allowed),
    /// e-mail, or random key.
    pub fn parse(input: &str) -> Result<PixKey, PixError> {
        let s = input.trim();
        if s.is_empty() {
            return Err(PixError::KeyEmpty);
        }
        if s.contains('@') {
            return parse_email(s);
        }
        if s.starts_with('+') || s.starts_with('(') {
            return parse_phone(s);
        }
        if s.len() == 36 && s.chars().filter(|&c| c == '-').count() == 4 {
            return parse_random(s);
        }
        let has_letter = s.chars().any(|c| c.is_ascii_alphabetic());
        let compact: String = s
            .chars()
            .filter(|c| !matches!(c, '.' | '-' | '/' | ' '))
            .collect();
        if compact.chars().all(|c| c.is_ascii_alphanumeric())
            && (compact.len() == 11 && !has_letter || compact.len() == 14)
        {
            let plain_digits = s.len() == 11 && s.bytes().all(|b| b.is_ascii_digit());
            let id = TaxId::parse(s).map_err(|e| {
                if plain_digits {
                    PixError::KeyCpfOrPhone
                } else {
                    PixError::KeyDoc(e)
                }
            })?;
            return Ok(match id.kind() {
                DocKind::Cpf => PixKey::Cpf(id),
                DocKind::Cnpj => PixKey::Cnpj(id),
            });
        }
        if s.len() == 36 {
            return Err(PixError::KeyRandom);
        }
        Err(PixError::KeyUnknown)
    }

    /// The key as it goes in field 26.01.
    pub fn as_payload(&self) -> &str {
        match self {
            PixKey::Cpf(id) | PixKey::Cnpj(id) => id.digits(),
            PixKey::Phone(s) | PixKey::Email(s) | PixKey::Random(s) => s,
        }
    }

    /// The kind of key, in pt-BR.
    pub fn kind_label(&self) -> &'static str {
        match self {
            PixKey::Cpf(_) => "CPF",
            PixKey::Cnpj(_) => "CNPJ",
            PixKey::Phone(_) => "telefone",
            PixKey::Email(_) => "e-mail",
            PixKey::Random(_) => "chave aleatória",
        }
    }
}

impl fmt::Display for PixKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_payload())
    }
}

fn parse_email(s: &str) -> Result<PixKey, PixError> {
    if s.len() > MAX_EMAIL {
        return Err(PixError::KeyEmail("mais de 77 caracteres"));
    }
    if s.chars().any(|c| c.is_whitespace() || !c.is_ascii()) {
        return Err(PixError::KeyEmail(
            "não pode ter espaços nem letras acentuadas",
        ));
    }
    let Some((local, domain)) = s.split_once('@') else {
        return Err(PixError::KeyEmail("falta o @"));
    };
    if local.is_empty() || domain.contains('@') {
        return Err(PixError::KeyEmail("deve ter um único @ com algo antes"));
    }
    let labels_ok = domain.split('.').count() >= 2
        && domain.split('.').all(|l| {
            !l.is_empty()
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        });
    if !labels_ok {
        return Err(PixError::KeyEmail("domínio inválido depois do @"));
    }
    Ok(PixKey::Email(s.to_ascii_lowercase()))
}

fn parse_phone(s: &str) -> Result<PixKey, PixError> {
    let mut digits = String::new();
    for (i, c) in s.chars().enumerate() {
        match c {
            '+' if i == 0 => {}
            ' ' | '(' | ')' | '-' => {}
            c if c.is_ascii_digit() => digits.push(c),
            _ => return Err(PixError::KeyPhone),
        }
    }
    if !s.starts_with('+') {
        // "(11) 98765-4321" without country code: Brazil is implied.
        digits.insert_str(0, "55");
    }
    let Some(national) = digits.strip_prefix("55") else {
        return Err(PixError::KeyPhone);
    };
    let ddd_ok =
        national.len() >= 2 && !national.starts_with('0') && national.as_bytes()[1] != b'0';
    if !ddd_ok || !matches!(national.len(), 10 | 11) {
        return Err(PixError::KeyPhone);
    }
    Ok(PixKey::Phone(format!("+{digits}")))
}

fn parse_random(s: &str) -> Result<PixKey, PixError> {
    let lower = s.to_ascii_lowercase();
    let groups: Vec<&str> = lower.split('-').collect();
    let lens = [8, 4, 4, 4, 12];
    let ok = groups.len() == 5
        && groups
            .iter()
            .zip(lens)
            .all(|(g, n)| g.len() == n && g.chars().all(|c| c.is_ascii_hexdigit()));
    if ok {
        Ok(PixKey::Random(lower))
    } else {
        Err(PixError::KeyRandom)
    }
}

/// Removes accents and every character the BR Code does not accept in names
/// and cities, collapses spaces and truncates to `max` characters.
///
/// Only ASCII letters, digits, spaces and `. - &` survive: bank apps differ in
/// what else they take, and this set is read by all of them.
pub fn normalize_text(input: &str, max: usize) -> String {
    let mut out = String::new();
    let mut pending_space = false;
    for c in input.nfd().flat_map(transliterate) {
        let keep = c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '&');
        if keep {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.push(c);
        } else if c.is_whitespace() {
            pending_space = true;
        }
        // Combining marks (the accents NFD split off) and other symbols are
        // dropped.
    }
    let mut truncated: String = out.chars().take(max).collect();
    truncated.truncate(truncated.trim_end().len());
    truncated
}

/// Latin letters that have no decomposition into an ASCII letter plus an
/// accent get their usual ASCII spelling; everything else passes through.
fn transliterate(c: char) -> std::iter::Take<std::array::IntoIter<char, 2>> {
    let (pair, n) = match c {
        'ß' => (['s', 's'], 2),
        'æ' => (['a', 'e'], 2),
        'Æ' => (['A', 'E'], 2),
        'œ' => (['o', 'e'], 2),
        'Œ' => (['O', 'E'], 2),
        'ø' => (['o', ' '], 1),
        'Ø' => (['O', ' '], 1),
        'ð' | 'đ' => (['d', ' '], 1),
        'Ð' | 'Đ' => (['D', ' '], 1),
        'ł' => (['l', ' '], 1),
        'Ł' => (['L', ' '], 1),
        'þ' => (['t', 'h'], 2),
        'Þ' => (['T', 'H'], 2),
        c => ([c, ' '], 1),
    };
    pair.into_iter().take(n)
}

/// A static Pix charge, ready to become a "copia e cola" payload.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaticPix {
    /// Receiver's key.
    pub key: PixKey,
    /// Receiver's name (normalised and cut to 25 characters).
    pub name: String,
    /// Receiver's city (normalised and cut to 15 characters).
    pub city: String,
    /// Amount in reais; `None` lets the payer type it.
    pub amount: Option<Decimal>,
    /// Transaction id: letters and digits, up to 25; `None` gives `***`.
    pub txid: Option<String>,
    /// Message shown to the payer (accents removed; must fit in field 26).
    pub description: Option<String>,
}

impl StaticPix {
    /// The "copia e cola" payload, CRC included.
    pub fn payload(&self) -> Result<String, PixError> {
        let key = self.key.as_payload();
        let mut account = tlv("00", PIX_GUI);
        account.push_str(&tlv("01", key));
        if let Some(desc) = &self.description {
            // Field 26 holds at most 99 characters: GUI, key and the
            // description's own ID and length come first.
            let max = 99usize.saturating_sub(account.len() + 4);
            let desc = normalize_text(desc, usize::MAX);
            if desc.chars().count() > max {
                return Err(PixError::DescriptionTooLong { max });
            }
            if !desc.is_empty() {
                account.push_str(&tlv("02", &desc));
            }
        }
        let name = normalize_text(&self.name, MAX_NAME);
        if name.is_empty() {
            return Err(PixError::NameEmpty);
        }
        let city = normalize_text(&self.city, MAX_CITY);
        if city.is_empty() {
            return Err(PixError::CityEmpty);
        }
        let txid = match &self.txid {
            None => "***".to_string(),
            Some(t) => {
                let t = t.trim();
                if t.is_empty() {
                    "***".to_string()
                } else if t == "***"
                    || (t.len() <= MAX_TXID && t.chars().all(|c| c.is_ascii_alphanumeric()))
                {
                    t.to_string()
                } else {
                    return Err(PixError::Txid);
                }
            }
        };

        let mut p = String::with_capacity(160);
        p.push_str(&tlv("00", "01"));
        p.push_str(&tlv("26", &account));
        p.push_str(&tlv("52", "0000"));
        p.push_str(&tlv("53", "986"));
        if let Some(amount) = self.amount {
            p.push_str(&tlv("54", &format_amount(amount)?));
        }
        p.push_str(&tlv("58", "BR"));
        p.push_str(&tlv("59", &name));
        p.push_str(&tlv("60", &city));
        p.push_str(&tlv("62", &tlv("05", &txid)));
        p.push_str("6304");
        let crc = crc16(p.as_bytes());
        p.push_str(&crc);
        Ok(p)
    }
}

/// Amount for field 54: dot decimal, two places.
fn format_amount(amount: Decimal) -> Result<String, PixError> {
    if amount <= Decimal::ZERO {
        return Err(PixError::AmountNotPositive);
    }
    if amount.normalize().scale() > 2 {
        return Err(PixError::AmountDecimals);
    }
    let mut a = amount;
    a.rescale(2);
    let s = a.to_string();
    if s.len() > MAX_AMOUNT_LEN {
        return Err(PixError::AmountTooLarge);
    }
    Ok(s)
}

/// One field: ID, two-digit length, value. Callers keep values under 100
/// characters.
fn tlv(id: &str, value: &str) -> String {
    format!("{id}{:02}{value}", value.chars().count())
}

/// CRC16-CCITT-FALSE as four upper-case hex digits.
pub fn crc16(bytes: &[u8]) -> String {
    format!("{:04X}", CRC16.checksum(bytes))
}

/// One raw field of a BR Code.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Field {
    /// Two-digit ID.
    pub id: String,
    /// Value as written.
    pub value: String,
}

/// A parsed BR Code, static or dynamic.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BrCode {
    /// Field 01: `11` (reusable) or `12` (single use), when present.
    pub initiation_method: Option<String>,
    /// Field 26.01: the receiver's key (static codes).
    pub key: Option<String>,
    /// Field 26.02: message to the payer.
    pub description: Option<String>,
    /// Field 26.25: location URL of a dynamic code's payload.
    pub url: Option<String>,
    /// Field 52: merchant category code.
    pub category: String,
    /// Field 53: ISO 4217 currency (986 = real).
    pub currency: String,
    /// Field 54: amount, when set.
    pub amount: Option<Decimal>,
    /// Field 58: country.
    pub country: String,
    /// Field 59: receiver's name.
    pub name: String,
    /// Field 60: receiver's city.
    pub city: String,
    /// Field 61: postal code, when present.
    pub postal_code: Option<String>,
    /// Field 62.05: txid (`***` when none).
    pub txid: Option<String>,
    /// Field 63: the CRC.
    pub crc: String,
    /// Every top-level field in order, as written.
    pub fields: Vec<Field>,
    /// True when the field lengths count UTF-8 bytes instead of characters
    /// (written by some generators for accented names).
    pub length_in_bytes: bool,
}

impl BrCode {
    /// Parses a BR Code payload; surrounding whitespace is ignored.
    ///
    /// Checks field lengths, the CRC, the mandatory fields and the Pix merchant
    /// account, and says which field is wrong.
    pub fn parse(input: &str) -> Result<BrCode, PixError> {
        let payload = input.trim();
        if payload.is_empty() {
            return Err(PixError::Empty);
        }
        // Lengths count characters; some generators count UTF-8 bytes
        // instead, which only differs for accented text, so that reading is
        // tried when the first one fails.
        let (fields, length_in_bytes) = match parse_tlv(payload, "", false) {
            Ok(f) => (f, false),
            Err(e) if payload.is_ascii() => return Err(e),
            Err(e) => match parse_tlv(payload, "", true) {
                Ok(f) => (f, true),
                Err(_) => return Err(e),
            },
        };

        // The CRC covers everything up to and including "6304".
        let Some(last) = fields.last() else {
            return Err(PixError::Empty);
        };
        if last.id != "63" {
            return Err(PixError::Missing("63 (CRC) no fim do código"));
        }
        let upper_hex = |c: char| c.is_ascii_digit() || ('A'..='F').contains(&c);
        if last.value.len() != 4 || !last.value.chars().all(upper_hex) {
            return Err(PixError::Invalid {
                field: "63 (CRC)",
                reason: "deve ter 4 dígitos hexadecimais maiúsculos".into(),
            });
        }
        let covered = &payload[..payload.len() - 4];
        let expected = crc16(covered.as_bytes());
        let found = last.value.clone();
        if expected != found {
            return Err(PixError::Crc { expected, found });
        }

        if fields[0].id != "00" {
            return Err(PixError::Missing("00 (versão do payload) no início"));
        }
        if fields[0].value != "01" {
            return Err(PixError::Invalid {
                field: "00 (versão do payload)",
                reason: format!("esperado 01, encontrado {}", fields[0].value),
            });
        }
        let get = |id: &str| fields.iter().find(|f| f.id == id).map(|f| f.value.as_str());

        let initiation_method = get("01").map(str::to_string);
        if let Some(m) = &initiation_method {
            if m != "11" && m != "12" {
                return Err(PixError::Invalid {
                    field: "01 (método de iniciação)",
                    reason: format!("esperado 11 ou 12, encontrado {m}"),
                });
            }
        }

        // The Pix account may sit in any merchant account template 26..51.
        let mut account = None;
        for f in &fields {
            let n: u32 = f.id.parse().unwrap_or(0);
            if (26..=51).contains(&n) {
                let sub = parse_tlv(&f.value, &f.id, length_in_bytes)?;
                let is_pix = sub
                    .iter()
                    .any(|s| s.id == "00" && s.value.eq_ignore_ascii_case(PIX_GUI));
                if is_pix {
                    account = Some(sub);
                    break;
                }
            }
        }
        let Some(account) = account else {
            return Err(PixError::Missing(
                "26 (conta Pix com br.gov.bcb.pix): este não é um código Pix",
            ));
        };
        let sub = |id: &str| account.iter().find(|f| f.id == id).map(|f| f.value.clone());
        let key = sub("01");
        let url = sub("25");
        let description = sub("02");
        if key.is_none() && url.is_none() {
            return Err(PixError::Missing("26.01 (chave Pix) ou 26.25 (URL)"));
        }
        if let Some(k) = &key {
            PixKey::parse(k).map_err(|e| PixError::Invalid {
                field: "26.01 (chave Pix)",
                reason: e.to_string(),
            })?;
        }

        let category = get("52").ok_or(PixError::Missing("52 (categoria do recebedor)"))?;
        if category.len() != 4 || !category.chars().all(|c| c.is_ascii_digit()) {
            return Err(PixError::Invalid {
                field: "52 (categoria do recebedor)",
                reason: "deve ter 4 dígitos".into(),
            });
        }
        let currency = get("53").ok_or(PixError::Missing("53 (moeda)"))?;
        if currency != "986" {
            return Err(PixError::Invalid {
                field: "53 (moeda)",
                reason: format!("esperado 986 (real), encontrado {currency}"),
            });
        }
        let amount = match get("54") {
            None => None,
            Some(v) => Some(parse_amount(v)?),
        };
        let country = get("58").ok_or(PixError::Missing("58 (país)"))?;
        if country != "BR" {
            return Err(PixError::Invalid {
                field: "58 (país)",
                reason: format!("esperado BR, encontrado {country}"),
            });
        }
        let name = get("59").ok_or(PixError::Missing("59 (nome do recebedor)"))?;
        if name.is_empty() || name.chars().count() > MAX_NAME {
            return Err(PixError::Invalid {
                field: "59 (nome do recebedor)",
                reason: "deve ter de 1 a 25 caracteres".into(),
            });
        }
        let city = get("60").ok_or(PixError::Missing("60 (cidade do recebedor)"))?;
        if city.is_empty() || city.chars().count() > MAX_CITY {
            return Err(PixError::Invalid {
                field: "60 (cidade do recebedor)",
                reason: "deve ter de 1 a 15 caracteres".into(),
            });
        }
        let additional = get("62").ok_or(PixError::Missing("62 (dados adicionais)"))?;
        let additional = parse_tlv(additional, "62", length_in_bytes)?;
        let txid = additional
            .iter()
            .find(|f| f.id == "05")
            .map(|f| f.value.clone());
        let Some(t) = &txid else {
            return Err(PixError::Missing("62.05 (txid)"));
        };
        if t != "***" && (t.len() > MAX_TXID || !t.chars().all(|c| c.is_ascii_alphanumeric())) {
            return Err(PixError::Invalid {
                field: "62.05 (txid)",
                reason: "só letras e números, até 25 caracteres, ou ***".into(),
            });
        }

        Ok(BrCode {
            initiation_method,
            key,
            description,
            url,
            category: category.to_string(),
            currency: currency.to_string(),
            amount,
            country: country.to_string(),
            name: name.to_string(),
            city: city.to_string(),
            postal_code: get("61").map(str::to_string),
            txid,
            crc: found,
            fields,
            length_in_bytes,
        })
    }

    /// True for a dynamic code (payload fetched from a URL).
    pub fn is_dynamic(&self) -> bool {
        self.url.is_some()
    }

    /// Writes the fields back as a payload, with a freshly computed CRC.
    pub fn encode(&self) -> String {
        let mut p = String::new();
        for f in self.fields.iter().filter(|f| f.id != "63") {
            let len = if self.length_in_bytes {
                f.value.len()
            } else {
                f.value.chars().count()
            };
            p.push_str(&format!("{}{len:02}{}", f.id, f.value));
        }
        p.push_str("6304");
        let crc = crc16(p.as_bytes());
        p.push_str(&crc);
        p
    }
}

/// Amount in field 54: digits with an optional dot and up to two decimals.
fn parse_amount(v: &str) -> Result<Decimal, PixError> {
    let field = "54 (valor)";
    let valid_chars = !v.is_empty()
        && v.len() <= MAX_AMOUNT_LEN
        && v.chars().all(|c| c.is_ascii_digit() || c == '.')
        && v.chars().filter(|&c| c == '.').count() <= 1
        && !v.starts_with('.')
        && !v.ends_with('.');
    if !valid_chars {
        return Err(PixError::Invalid {
            field,
            reason: format!("'{v}' não é um valor como 10.00"),
        });
    }
    if v.split('.').nth(1).is_some_and(|d| d.len() > 2) {
        return Err(PixError::Invalid {
            field,
            reason: "mais de duas casas decimais".into(),
        });
    }
    let d: Decimal = v.parse().map_err(|_| PixError::Invalid {
        field,
        reason: format!("'{v}' não é um valor"),
    })?;
    if d <= Decimal::ZERO {
        return Err(PixError::Invalid {
            field,
            reason: "deve ser maior que zero".into(),
        });
    }
    Ok(d)
}

/// Splits a payload or template into fields. `parent` names the template
/// (empty at top level) for error messages.
fn parse_tlv(s: &str, parent: &str, bytes: bool) -> Result<Vec<Field>, PixError> {
    // Positions are counted in the unit the lengths use: characters, or
    // bytes for generators that count UTF-8 bytes.
    let units: Vec<(usize, char)> = if bytes {
        s.bytes()
            .enumerate()
            .map(|(i, b)| (i, char::from(b)))
            .collect()
    } else {
        s.char_indices().collect()
    };
    let byte_at = |i: usize| units.get(i).map_or(s.len(), |&(b, _)| b);
    let mut fields = Vec::new();
    let mut i = 0;
    while i < units.len() {
        if i + 4 > units.len() || !units[i..i + 4].iter().all(|(_, c)| c.is_ascii_digit()) {
            return Err(PixError::Malformed { pos: i });
        }
        let id: String = units[i..i + 2].iter().map(|&(_, c)| c).collect();
        let len_str: String = units[i + 2..i + 4].iter().map(|&(_, c)| c).collect();
        let declared: usize = len_str
            .parse()
            .map_err(|_| PixError::Malformed { pos: i })?;
        let start = i + 4;
        let available = units.len() - start;
        let name = if parent.is_empty() {
            id.clone()
        } else {
            format!("{parent}.{id}")
        };
        if declared > available || declared == 0 {
            return Err(PixError::FieldLength {
                field: name,
                declared,
                available,
            });
        }
        // In byte mode a length may end inside a character: malformed.
        let value = s
            .get(byte_at(start)..byte_at(start + declared))
            .ok_or(PixError::Malformed { pos: start })?
            .to_string();
        fields.push(Field { id, value });
        i = start + declared;
    }
    Ok(fields)
}

/// The QR Code of a payload as an SVG document: error correction level M and
/// the four-module quiet zone.
pub fn qr_svg(payload: &str) -> Result<String, PixError> {
    use qrcode::render::svg;
    use qrcode::{EcLevel, QrCode};
    let code = QrCode::with_error_correction_level(payload.as_bytes(), EcLevel::M)
        .map_err(|e| PixError::Qr(e.to_string()))?;
    Ok(code
        .render::<svg::Color<'_>>()
        .quiet_zone(true)
        .min_dimensions(256, 256)
        .dark_color(svg::Color("#000000"))
        .light_color(svg::Color("#ffffff"))
        .build())
}
