//! Issuing boletos per bank: published examples, the npm package gerar-boletos run as an
//! independent implementation (crates/formats/tests/oracle, installed by
//! `scripts/setup.sh --test`), the fator de vencimento across the 2025-02-22 reset, and every
//! generated slip read back by `Boleto::parse`.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use chrono::{Duration, NaiveDate};
use retaguarda_formats::boleto::{
    bradesco_nosso_numero_digit, caixa_mod11_digit, fator_vencimento, issue,
    santander_nosso_numero_digit, sicoob_nosso_numero_digit, Bank, Boleto, BoletoAccount,
    BoletoError,
};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use serde_json::{json, Value};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn account(
    bank: Bank,
    agencia: &str,
    conta: &str,
    convenio: Option<&str>,
    carteira: &str,
) -> BoletoAccount {
    BoletoAccount {
        bank,
        agencia: agencia.into(),
        agencia_dv: None,
        conta: conta.into(),
        conta_dv: None,
        convenio: convenio.map(Into::into),
        carteira: carteira.into(),
    }
}

/// Published examples: the test vectors of pyboleto 0.3.1 (PyPI, tests/test_banco_*.py),
/// each barcode taken from a real slip of that bank.
#[test]
fn pyboleto_published_examples() {
    let cases = [
        // tests/test_banco_do_brasil.py: convênio 7777777, carteira 18.
        (
            account(Bank::BancoDoBrasil, "9999", "99999", Some("7777777"), "18"),
            87654,
            dec!(2952.95),
            d(2011, 3, 8),
            "00196490000002952950000007777777000008765418",
        ),
        // tests/test_banco_bradesco.py: agência 0278, conta 0039232, carteira 06.
        (
            account(Bank::Bradesco, "0278", "0039232", None, "06"),
            2125525,
            dec!(8280.00),
            d(2011, 2, 5),
            "23794486900008280000278060000212552500392320",
        ),
        // tests/test_banco_itau.py: agência 0293, conta 01328, carteira 109.
        (
            account(Bank::Itau, "0293", "01328", None, "109"),
            157,
            dec!(29.80),
            d(2009, 10, 19),
            "34199439500000029801090000015710293013280000",
        ),
        // tests/test_banco_santander.py: código do beneficiário 0707077, carteira 102.
        (
            account(Bank::Santander, "1333", "0707077", Some("0707077"), "102"),
            1234567,
            dec!(2952.95),
            d(2012, 7, 22),
            "03395540200002952959070707700000123456790102",
        ),
    ];
    for (acc, nosso, amount, due, barcode) in cases {
        let issued = issue(&acc, nosso, amount, due).unwrap();
        assert_eq!(issued.boleto.barcode, barcode, "{:?}", acc.bank);
    }
    // pyboleto's Itaú test also states the nosso número DAC (1) and the conta DAC (0).
    let itau = issue(
        &account(Bank::Itau, "0293", "01328", None, "109"),
        157,
        dec!(29.80),
        d(2009, 10, 19),
    )
    .unwrap();
    assert_eq!(itau.nosso_numero, "109/00000157-1");
    assert_eq!(itau.agencia_codigo, "0293 / 01328-0");
    // pyboleto's Santander test: nosso número 000001234567-9.
    assert_eq!(santander_nosso_numero_digit("000001234567"), 9);
}

/// Bradesco's "Manual Operacional para Boleto de Cobrança", worked example of the nosso
/// número digit: carteira 19, nosso número 00000000002 gives 8; remainder 1 gives P.
#[test]
fn bradesco_nosso_numero_digit_manual_example() {
    assert_eq!(bradesco_nosso_numero_digit("19", "00000000002"), '8');
    // Find a nosso número with remainder 1 and check it prints P.
    let p = (1..200u64)
        .map(|n| format!("{n:011}"))
        .find(|n| bradesco_nosso_numero_digit("09", n) == 'P')
        .unwrap();
    let issued = issue(
        &account(Bank::Bradesco, "1234", "0012345", None, "09"),
        p.parse().unwrap(),
        dec!(10),
        d(2026, 1, 5),
    )
    .unwrap();
    assert!(
        issued.nosso_numero.ends_with("-P"),
        "{}",
        issued.nosso_numero
    );
}

/// gerar-boletos 1.4.5 (npm) tests/boleto/bancos/sicoob-test.js: cooperativa 4155, cliente
/// 101060, nosso número 515 has digit 8.
#[test]
fn sicoob_nosso_numero_digit_published_example() {
    assert_eq!(sicoob_nosso_numero_digit("4155", "101060", "515"), 8);
}

#[test]
fn fator_de_vencimento_across_the_reset() {
    // FEBRABAN's note on the fator reset: 21/02/2025 is 9999, 22/02/2025 starts over at 1000.
    assert_eq!(fator_vencimento(d(2000, 7, 3)).unwrap(), 1000);
    assert_eq!(fator_vencimento(d(2025, 2, 21)).unwrap(), 9999);
    assert_eq!(fator_vencimento(d(2025, 2, 22)).unwrap(), 1000);
    assert_eq!(fator_vencimento(d(2025, 2, 23)).unwrap(), 1001);
    // The existing reader's example: 2022-05-10 is 8981.
    assert_eq!(fator_vencimento(d(2022, 5, 10)).unwrap(), 8981);
    assert!(fator_vencimento(d(2000, 7, 2)).is_err());
}

/// One account per bank, as the tests issue them.
fn accounts() -> Vec<BoletoAccount> {
    vec![
        account(
            Bank::BancoDoBrasil,
            "3274",
            "00012345",
            Some("2859662"),
            "17",
        ),
        account(
            Bank::BancoDoBrasil,
            "3274",
            "00012345",
            Some("123456"),
            "18",
        ),
        account(Bank::Bradesco, "3381", "0001234", None, "09"),
        account(Bank::Itau, "0057", "72192", None, "109"),
        account(Bank::Caixa, "1234", "000123", Some("005507"), "14"),
        account(Bank::Santander, "4042", "13000123", Some("4523311"), "101"),
        account(Bank::Sicoob, "4327", "12345", Some("1234567"), "1"),
    ]
}

/// The case as gerar-boletos takes it. Its fator only counts up to 9999, so a due date of
/// the new cycle is given 9000 days earlier: the same fator, so the same barcode.
fn oracle_case(acc: &BoletoAccount, seq: u64, amount: Decimal, due: NaiveDate) -> Value {
    let oracle_due = if due >= d(2025, 2, 22) {
        due - Duration::days(9000)
    } else {
        due
    };
    let mut c = json!({
        "banco": acc.bank.code(),
        "vencimento": oracle_due.format("%Y-%m-%d").to_string(),
        "agencia": acc.agencia,
        "carteira": acc.carteira,
        "valor": format!("{amount:.2}"),
    });
    let conv = acc.convenio.clone().unwrap_or_default();
    match acc.bank {
        Bank::BancoDoBrasil if conv.len() == 7 => {
            c["nossoNumero"] = json!(format!("{conv}{seq:010}"));
            c["codigo"] = json!(conv);
        }
        Bank::BancoDoBrasil => {
            c["nossoNumero"] = json!(format!("{conv}{seq:05}"));
            c["codigo"] = json!(format!("{:0>8}", acc.conta));
        }
        Bank::Bradesco | Bank::Itau => {
            c["nossoNumero"] = json!(seq.to_string());
            c["codigo"] = json!(acc.conta);
        }
        Bank::Caixa => {
            c["nossoNumero"] = json!(seq.to_string());
            c["codigo"] = json!(conv);
            c["digitoCodigo"] = json!(caixa_mod11_digit(&conv).to_string());
        }
        Bank::Santander => {
            c["nossoNumero"] = json!(seq.to_string());
            c["codigo"] = json!(conv);
            c["digitoNossoNumero"] =
                json!(santander_nosso_numero_digit(&format!("{seq:012}")).to_string());
        }
        Bank::Sicoob => {
            c["nossoNumero"] = json!(seq.to_string());
            c["codigo"] = json!(conv);
            c["digitoNossoNumero"] =
                json!(
                    sicoob_nosso_numero_digit(&acc.agencia, &conv, &format!("{seq:07}"))
                        .to_string()
                );
        }
    }
    c
}

/// Runs gerar-boletos on the cases; fails when the test tier was not installed.
fn gerar_boletos(cases: &[Value]) -> Vec<Value> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/oracle");
    assert!(
        dir.join("node_modules/gerar-boletos").is_dir(),
        "gerar-boletos is not installed: run scripts/setup.sh --test"
    );
    let mut child = Command::new("node")
        .arg(dir.join("boleto.js"))
        .env("TZ", "UTC")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("node");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(serde_json::to_string(cases).unwrap().as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "gerar-boletos failed");
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn every_bank_matches_gerar_boletos_either_side_of_the_reset() {
    let dues = [
        d(2023, 6, 15),
        d(2025, 2, 21),
        d(2025, 2, 22),
        d(2026, 12, 20),
    ];
    let seqs = [1u64, 42, 98_765];
    let amounts = [dec!(150.00), dec!(0.01), dec!(12345.67)];
    let mut mine = Vec::new();
    let mut cases = Vec::new();
    for acc in accounts() {
        for (i, due) in dues.iter().enumerate() {
            for (j, seq) in seqs.iter().enumerate() {
                let amount = amounts[(i + j) % amounts.len()];
                let issued = issue(&acc, *seq, amount, *due).unwrap();
                // Read back by the parser: the same barcode, amount, due date and bank.
                let read = Boleto::parse(&issued.boleto.linha_formatada(), *due).unwrap();
                assert_eq!(read.barcode, issued.boleto.barcode);
                assert_eq!(read.amount, amount);
                assert_eq!(read.due_date, Some(*due));
                assert_eq!(read.bank.as_deref(), Some(acc.bank.code()));
                assert_eq!(read.free_field, issued.free_field);
                cases.push(oracle_case(&acc, *seq, amount, *due));
                mine.push(issued);
            }
        }
    }
    let theirs = gerar_boletos(&cases);
    assert_eq!(theirs.len(), mine.len());
    for ((issued, their), case) in mine.iter().zip(&theirs).zip(&cases) {
        assert_eq!(
            issued.boleto.barcode, their["barcode"],
            "barcode for {case}"
        );
        assert_eq!(
            issued.boleto.linha_digitavel, their["linha"],
            "linha for {case}"
        );
    }
}

#[test]
fn account_errors_are_in_portuguese() {
    let no_convenio = account(Bank::BancoDoBrasil, "1234", "5678", None, "17");
    assert_eq!(
        issue(&no_convenio, 1, dec!(10), d(2026, 1, 1))
            .unwrap_err()
            .to_string(),
        "convênio: é obrigatório para Banco do Brasil"
    );
    let caixa = account(Bank::Caixa, "1234", "5678", Some("123456"), "11");
    assert_eq!(
        issue(&caixa, 1, dec!(10), d(2026, 1, 1))
            .unwrap_err()
            .to_string(),
        "carteira: na Caixa use 14 (registrada, emitida pelo beneficiário)"
    );
    let itau = account(Bank::Itau, "0057", "721921", None, "109");
    assert_eq!(
        issue(&itau, 1, dec!(10), d(2026, 1, 1))
            .unwrap_err()
            .to_string(),
        "conta: tem no máximo 5 dígitos"
    );
    let sicoob = account(Bank::Sicoob, "4327", "1", Some("1234567"), "1");
    assert_eq!(
        issue(&sicoob, 10_000_000, dec!(10), d(2026, 1, 1))
            .unwrap_err()
            .to_string(),
        "nosso número: deve estar entre 1 e 9999999 para Sicoob"
    );
    assert!(matches!(
        issue(&sicoob, 1, dec!(10.005), d(2026, 1, 1)),
        Err(BoletoError::Build(_))
    ));
    assert_eq!(Bank::from_code("33").unwrap(), Bank::Santander);
    assert_eq!(
        Bank::from_code("077").unwrap_err().to_string(),
        "banco 077 não suportado: use 001, 033, 104, 237, 341 ou 756"
    );
}
