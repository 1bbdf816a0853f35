//! A title's juros, multa, desconto, protest and baixa in the remessa: checked position by
//! position against FEBRABAN's "Layout padrão CNAB 240 — Cobrança" (segment P fields
//! 27.3P–29.3P código/data/valor de juros de mora at 118-141, 30.3P–32.3P desconto 1 at
//! 142-165, 39.3P–42.3P protesto and baixa/devolução at 221-227; segment R fields 12.3R–14.3R
//! multa at 66-89), for each of the six banks (Itaú and Santander move the baixa days), and
//! the whole file of each bank read by an independent CNAB parser: the Python package
//! python3-cnab 1.0.11, vendored in tests/oracle/python3_cnab and run by tests/oracle/cnab.py
//! with the bank's own specs (`cnab240/bancos/<bank>/specs/segmento_p.json`, …), which
//! refuses a non-numeric value in a numeric field.

use std::path::PathBuf;
use std::process::Command;

use chrono::NaiveDate;
use retaguarda_formats::boleto::{issue, Bank, BoletoAccount};
use retaguarda_formats::cnab240::{Company, Inscription, Instruction, Payer, Remessa, Title};
use rust_decimal_macros::dec;
use serde_json::Value;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// One bank's account for the remessa and its folder in python3-cnab.
struct Case {
    bank: Bank,
    folder: &'static str,
    agencia: &'static str,
    agencia_dv: &'static str,
    conta: &'static str,
    conta_dv: &'static str,
    convenio: &'static str,
    carteira: &'static str,
    variacao: &'static str,
    transmission: &'static str,
    /// Where the baixa days are and how they are written: FEBRABAN's 225-227, Itaú's 225-226,
    /// Santander's 226-227.
    baixa: (usize, usize, &'static str),
}

#[rustfmt::skip]
const CASES: [Case; 6] = [
    Case { bank: Bank::Itau, folder: "itau", agencia: "0057", agencia_dv: "", conta: "72192", conta_dv: "3", convenio: "", carteira: "109", variacao: "", transmission: "", baixa: (225, 226, "30") },
    Case { bank: Bank::Bradesco, folder: "bradesco", agencia: "1234", agencia_dv: "5", conta: "0012345", conta_dv: "6", convenio: "4567890", carteira: "09", variacao: "", transmission: "", baixa: (225, 227, "030") },
    Case { bank: Bank::BancoDoBrasil, folder: "banco_brasil", agencia: "1234", agencia_dv: "3", conta: "00012345", conta_dv: "6", convenio: "1234567", carteira: "17", variacao: "019", transmission: "", baixa: (225, 227, "030") },
    Case { bank: Bank::Caixa, folder: "cef", agencia: "1234", agencia_dv: "0", conta: "123456", conta_dv: "", convenio: "123456", carteira: "14", variacao: "", transmission: "", baixa: (225, 227, "030") },
    Case { bank: Bank::Santander, folder: "santander", agencia: "1234", agencia_dv: "5", conta: "013000123", conta_dv: "4", convenio: "1234567", carteira: "101", variacao: "", transmission: "123400001234567", baixa: (226, 227, "30") },
    Case { bank: Bank::Sicoob, folder: "sicoob", agencia: "3069", agencia_dv: "", conta: "12345", conta_dv: "6", convenio: "1234567", carteira: "1", variacao: "", transmission: "", baixa: (225, 227, "030") },
];

fn remessa(c: &Case) -> Remessa {
    let opt = |s: &str| Some(s.to_string()).filter(|s| !s.is_empty());
    let account = BoletoAccount {
        bank: c.bank,
        agencia: c.agencia.into(),
        agencia_dv: opt(c.agencia_dv),
        conta: c.conta.into(),
        conta_dv: opt(c.conta_dv),
        convenio: opt(c.convenio),
        carteira: c.carteira.into(),
    };
    let due = d(2026, 12, 20);
    let nosso = issue(&account, 421, dec!(150.00), due)
        .unwrap()
        .nosso_numero_cnab;
    Remessa {
        company: Company {
            bank: c.bank,
            inscription: Inscription {
                digits: "11222333000181".into(),
            },
            name: "Padaria São João Ltda".into(),
            convenio: c.convenio.into(),
            agencia: c.agencia.into(),
            agencia_dv: c.agencia_dv.into(),
            conta: c.conta.into(),
            conta_dv: c.conta_dv.into(),
            carteira: c.carteira.into(),
            variacao: c.variacao.into(),
            transmission_code: c.transmission.into(),
        },
        sequence: 7,
        generated_at: d(2026, 12, 1).and_hms_opt(14, 30, 5).unwrap(),
        titles: vec![Title {
            instruction: Instruction::Entrada,
            nosso_numero: nosso,
            carteira_code: '1',
            document: "C-0001".into(),
            due,
            amount: dec!(150.00),
            issued_on: d(2026, 12, 1),
            juros_month_pct: Some(dec!(2.50)),
            multa_pct: Some(dec!(1.50)),
            discount: Some((d(2026, 12, 15), dec!(7.25))),
            protest_days: Some(5),
            baixa_days: Some(30),
            reference: "chg-0001".into(),
            payer: Payer {
                inscription: Inscription {
                    digits: "52998224725".into(),
                },
                name: "Maria Souza".into(),
                address: "Rua das Flores, 12".into(),
                district: "Centro".into(),
                cep: "01310-100".into(),
                city: "São Paulo".into(),
                uf: "SP".into(),
            },
            messages: vec![],
        }],
    }
}

fn lines(c: &Case) -> Vec<String> {
    remessa(c)
        .to_text()
        .unwrap()
        .lines()
        .map(String::from)
        .collect()
}

/// Asserts each (from, to, expected) of `table` on `line` (1-based, inclusive).
fn check(line: &str, what: &str, table: &[(usize, usize, &str)]) {
    for (from, to, expected) in table {
        assert_eq!(
            &line[from - 1..*to],
            *expected,
            "{what}, positions {from}-{to}"
        );
    }
}

#[rustfmt::skip]
#[test]
fn juros_desconto_protest_and_baixa_sit_at_febrabans_positions_in_segment_p() {
    for c in &CASES {
        let l = lines(c);
        let what = format!("{}, segmento P", c.bank.name());
        check(&l[2], &what, &[
            // 27.3P-29.3P: 2 = taxa mensal, from the day after the due date, 2,50%.
            (118, 118, "2"), (119, 126, "21122026"), (127, 141, "000000000000250"),
            // 30.3P-32.3P: 1 = valor fixo até a data informada, R$ 7,25 until 15/12/2026.
            (142, 142, "1"), (143, 150, "15122026"), (151, 165, "000000000000725"),
            // 39.3P-40.3P: 1 = protestar dias corridos, 5 days.
            (221, 221, "1"), (222, 223, "05"),
            // 41.3P: 1 = baixar/devolver.
            (224, 224, "1"),
        ]);
        let (from, to, days) = c.baixa;
        check(&l[2], &what, &[(from, to, days)]);
    }
}

#[rustfmt::skip]
#[test]
fn multa_sits_at_febrabans_positions_in_segment_r() {
    for c in &CASES {
        let l = lines(c);
        // 12.3R-14.3R: 2 = percentual, from the day after the due date, 1,50%.
        check(&l[4], &format!("{}, segmento R", c.bank.name()), &[
            (66, 66, "2"), (67, 74, "21122026"), (75, 89, "000000000000150"),
        ]);
    }
}

#[test]
fn without_terms_the_codes_say_none() {
    let c = &CASES[1];
    let mut r = remessa(c);
    let t = &mut r.titles[0];
    t.juros_month_pct = None;
    t.multa_pct = Some(dec!(0));
    t.discount = None;
    t.protest_days = None;
    t.baixa_days = None;
    let text = r.to_text().unwrap();
    let l: Vec<&str> = text.lines().collect();
    // 3 = isento de juros; 0 = sem desconto; 3 = não protestar; 2 = não baixar; 0 = sem multa.
    check(
        l[2],
        "sem encargos, segmento P",
        &[
            (118, 118, "3"),
            (127, 141, "000000000000000"),
            (142, 142, "0"),
            (151, 165, "000000000000000"),
            (221, 223, "300"),
            (224, 227, "2000"),
        ],
    );
    check(
        l[4],
        "sem encargos, segmento R",
        &[(66, 66, "0"), (75, 89, "000000000000000")],
    );
}

/// python3-cnab's reading of `c`'s remessa with the bank's specs.
fn read_with_python3_cnab(c: &Case) -> Vec<Value> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/oracle");
    let file = std::env::temp_dir().join(format!(
        "remessa-terms-{}-{}.rem",
        c.folder,
        std::process::id()
    ));
    std::fs::write(&file, remessa(c).to_text().unwrap()).unwrap();
    let out = Command::new("python3")
        .arg(dir.join("cnab.py"))
        .arg(c.folder)
        .arg(&file)
        .output()
        .expect("python3 is needed to run the python3-cnab oracle");
    std::fs::remove_file(&file).ok();
    assert!(
        out.status.success(),
        "{}: {}",
        c.folder,
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The first of `names` that line `i` has, with its value.
fn py(records: &[Value], i: usize, names: &[&str]) -> String {
    names
        .iter()
        .find_map(|n| records[i]["fields"][*n].as_str())
        .unwrap_or_else(|| panic!("line {i} has none of {names:?}"))
        .to_string()
}

#[test]
fn python3_cnab_reads_each_banks_remessa_with_the_same_terms() {
    for c in &CASES {
        let what = c.folder;
        let r = read_with_python3_cnab(c);
        let kinds: Vec<&str> = r
            .iter()
            .map(|x| {
                x["segment"]
                    .as_str()
                    .unwrap_or_else(|| x["record"].as_str().unwrap())
            })
            .collect();
        assert_eq!(kinds, ["0", "1", "P", "Q", "R", "5", "9"], "{what}");
        assert_eq!(py(&r, 2, &["juros_mora_data"]), "21122026", "{what}");
        assert_eq!(py(&r, 2, &["juros_mora_taxa"]), "2.50", "{what}");
        assert_eq!(py(&r, 2, &["desconto1_data"]), "15122026", "{what}");
        // Banco do Brasil's and Sicoob's specs give the desconto no decimals.
        let discount = py(&r, 2, &["desconto1_percentual"]);
        assert!(
            discount == "7.25" || discount == "725",
            "{what}: {discount}"
        );
        assert_eq!(py(&r, 2, &["codigo_protesto"]), "1", "{what}");
        // Numeric in some specs, text in others: compared without leading zeros.
        let days = |name: &str| py(&r, 2, &[name]).trim_start_matches('0').to_string();
        assert_eq!(days("prazo_protesto"), "5", "{what}");
        assert_eq!(py(&r, 2, &["codigo_baixa"]), "1", "{what}");
        assert_eq!(days("prazo_baixa"), "30", "{what}");
        assert_eq!(py(&r, 4, &["codigo_multa", "multa_codigo"]), "2", "{what}");
        assert_eq!(
            py(&r, 4, &["data_multa", "multa_data"]),
            "21122026",
            "{what}"
        );
        let multa = py(&r, 4, &["juros_multa", "multa_percentual"]);
        assert!(multa == "1.50" || multa == "150", "{what}: {multa}");
        // The title's value and due date where the bank's spec puts them.
        assert_eq!(py(&r, 2, &["valor_titulo"]), "150.00", "{what}");
        assert_eq!(
            py(&r, 2, &["vencimento_titulo", "data_vencimento"]),
            "20122026",
            "{what}"
        );
    }
}
