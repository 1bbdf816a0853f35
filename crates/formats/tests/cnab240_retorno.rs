//! CNAB 240 retorno: files built here from FEBRABAN's positions for segments T and U
//! ("Layout padrão CNAB 240 — Cobrança", retorno), with an entrada confirmada, a rejected
//! entry, a liquidação with juros and fee, and a baixa; the fixture's positions are also
//! read by the generic layouts of @banco-br/cnab_yaml (crates/formats/tests/oracle/cnab.js).
//! The file is Itaú's, whose segments T and U keep FEBRABAN's positions for what is read
//! here; its rejection codes are Itaú's (each bank's positions and codes:
//! cnab240_retorno_banks.rs). Damaged files are refused with the reason.

use std::path::PathBuf;
use std::process::Command;

use chrono::NaiveDate;
use retaguarda_formats::cnab240::{parse_retorno, CnabError, Movement};
use rust_decimal_macros::dec;
use serde_json::Value;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// A 240-character line with each value written from its 1-based position.
fn record(fields: &[(usize, &str)]) -> String {
    let mut line = vec![b' '; 240];
    for (from, value) in fields {
        line[from - 1..from - 1 + value.len()].copy_from_slice(value.as_bytes());
    }
    String::from_utf8(line).unwrap()
}

#[rustfmt::skip]
fn header() -> String {
    record(&[
        (1, "341"), (4, "0000"), (8, "0"), (18, "2"), (19, "11222333000181"), (33, "123456"),
        (53, "00057"), (59, "000000072192"), (71, "3"), (73, "PADARIA SAO JOAO LTDA"),
        (103, "ITAU"), (143, "2"), (144, "23122026"), (152, "060000"), (158, "000012"),
        (164, "103"), (167, "00000"),
    ])
}

#[rustfmt::skip]
fn lote_header() -> String {
    record(&[
        (1, "341"), (4, "0001"), (8, "1"), (9, "T"), (10, "01"), (14, "060"), (18, "2"),
        (19, "011222333000181"), (34, "123456"), (54, "00057"), (60, "000000072192"), (72, "3"),
        (74, "PADARIA SAO JOAO LTDA"), (184, "00000012"), (192, "23122026"), (200, "00000000"),
    ])
}

/// Segment T and U for one title.
#[rustfmt::skip]
#[allow(clippy::too_many_arguments)]
fn title(seq: u32, code: &str, nosso: &str, reference: &str, amount: &str, fee: &str, reasons: &str, u: &[(usize, &str)]) -> [String; 2] {
    let s1 = format!("{:05}", seq);
    let s2 = format!("{:05}", seq + 1);
    let t = record(&[
        (1, "341"), (4, "0001"), (8, "3"), (9, &s1), (14, "T"), (16, code), (18, "00057"),
        (24, "000000072192"), (36, "3"), (38, nosso), (58, "1"), (59, "C-0001"), (74, "20122026"),
        (82, amount), (97, "341"), (100, "00057"), (106, reference), (131, "09"), (133, "1"),
        (134, "000052998224725"), (149, "JOSE DA CONCEICAO"), (189, "0000000000"), (199, fee),
        (214, reasons),
    ]);
    let mut fields = vec![(1, "341"), (4, "0001"), (8, "3"), (9, s2.as_str()), (14, "U"), (16, code)];
    fields.extend_from_slice(u);
    [t, record(&fields)]
}

const ZERO: &str = "000000000000000";

#[rustfmt::skip]
fn retorno() -> String {
    let mut lines = vec![header(), lote_header()];
    lines.extend(title(1, "02", "109000000421", "CHG-A", "000000000015000", ZERO, "", &[]));
    // Rejected, with Itaú's codes (nota 23, tabela 1): nosso número já registrado (14) and
    // CEP do pagador inválido (95).
    lines.extend(title(3, "03", "109000000439", "CHG-B", "000000000008050", ZERO, "1495", &[]));
    // Paid: R$ 150,00 title, R$ 3,00 juros/multa, R$ 153,00 paid, fee R$ 2,50.
    lines.extend(title(5, "06", "109000000447", "CHG-C", "000000000015000", "000000000000250", "", &[
        (18, "000000000000300"), (33, ZERO), (48, ZERO), (63, ZERO), (78, "000000000015300"),
        (93, "000000000015050"), (108, ZERO), (123, ZERO), (138, "22122026"), (146, "23122026"),
    ]));
    lines.extend(title(7, "09", "109000000455", "CHG-D", "000000000004000", ZERO, "", &[]));
    lines.push(record(&[(1, "341"), (4, "0001"), (8, "5"), (18, "000010")]));
    lines.push(record(&[(1, "341"), (4, "9999"), (8, "9"), (18, "000001"), (24, "000012")]));
    lines.join("\r\n") + "\r\n"
}

#[test]
fn reads_registered_rejected_paid_and_written_off() {
    let r = parse_retorno(&retorno()).unwrap();
    assert_eq!(r.bank, "341");
    assert_eq!(r.inscription, "11222333000181");
    assert_eq!(r.convenio, "123456");
    assert_eq!(r.agencia, "57");
    assert_eq!(r.conta, "72192");
    assert_eq!(r.sequence, 12);
    assert_eq!(r.generated_on, Some(d(2026, 12, 23)));
    assert_eq!(r.entries.len(), 4);

    let e = &r.entries[0];
    assert_eq!(e.movement, Movement::Registered);
    assert_eq!(e.movement_label, "Entrada confirmada");
    assert_eq!(e.nosso_numero, "109000000421");
    assert_eq!(e.reference, "CHG-A");
    assert_eq!(e.due, Some(d(2026, 12, 20)));
    assert_eq!(e.amount, dec!(150.00));
    assert_eq!(e.settlement, None);

    let e = &r.entries[1];
    assert_eq!(e.movement, Movement::Rejected);
    assert_eq!(
        e.reasons,
        [
            "nosso número já registrado ou fora da faixa",
            "CEP do pagador não numérico ou inválido"
        ]
    );

    let e = &r.entries[2];
    assert_eq!(e.movement, Movement::Paid);
    assert_eq!(e.fee, dec!(2.50));
    let s = e.settlement.as_ref().unwrap();
    assert_eq!(s.date, d(2026, 12, 22));
    assert_eq!(s.credit_date, Some(d(2026, 12, 23)));
    assert_eq!(s.amount_paid, dec!(153.00));
    assert_eq!(s.interest, dec!(3.00));
    assert_eq!(s.net, dec!(150.50));

    let e = &r.entries[3];
    assert_eq!(e.movement, Movement::WrittenOff);
    assert_eq!(e.movement_label, "Baixa simples");
    assert_eq!(e.amount, dec!(40.00));
}

/// The fixture's own positions, read by the generic FEBRABAN layouts of cnab_yaml.
#[test]
fn fixture_positions_agree_with_cnab_yaml() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/oracle");
    assert!(
        dir.join("node_modules/@banco-br/cnab_yaml").is_dir(),
        "@banco-br/cnab_yaml is not installed: run scripts/setup.sh --test"
    );
    let file = std::env::temp_dir().join(format!("retorno-{}.ret", std::process::id()));
    std::fs::write(&file, retorno()).unwrap();
    let out = Command::new("node")
        .arg(dir.join("cnab.js"))
        .arg(&file)
        .output()
        .unwrap();
    std::fs::remove_file(&file).ok();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let records: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    let f = |i: usize, name: &str| records[i]["fields"][name].as_str().unwrap().to_string();
    assert_eq!(f(0, "codigo_remessa_retorno"), "2");
    assert_eq!(f(4, "codigo_movimento"), "03");
    assert_eq!(f(4, "identificacao_rejeicao").trim(), "1495");
    assert_eq!(f(6, "valor_tarifa"), "000000000000250");
    assert_eq!(f(7, "valor_acrescimos"), "000000000000300");
    assert_eq!(f(7, "valor_pago"), "000000000015300");
    assert_eq!(f(7, "valor_liquido"), "000000000015050");
    assert_eq!(f(7, "data_ocorrencia"), "22122026");
    assert_eq!(f(7, "data_credito"), "23122026");
    assert_eq!(f(11, "qtde_registros"), "000012");
}

#[test]
fn damaged_files_are_refused_with_the_reason() {
    let good = retorno();
    let lines: Vec<&str> = good.split("\r\n").filter(|l| !l.is_empty()).collect();

    // A line cut short.
    let mut cut = lines.clone();
    let short = &lines[3][..200];
    cut[3] = short;
    assert_eq!(
        parse_retorno(&cut.join("\r\n")),
        Err(CnabError::LineLength { line: 4, len: 200 })
    );
    // The file ends early: no trailer.
    let early = lines[..6].join("\n");
    assert_eq!(
        parse_retorno(&early).unwrap_err().to_string(),
        "arquivo de retorno danificado: falta o trailer de arquivo: o arquivo está incompleto"
    );
    // A segment U lost: the counts no longer add up, and the T has no U.
    let mut lost = lines.clone();
    lost.remove(3);
    let err = parse_retorno(&lost.join("\r\n")).unwrap_err().to_string();
    assert!(
        err.starts_with("arquivo de retorno danificado: o trailer diz 12 registros"),
        "{err}"
    );
    // A remessa given as retorno.
    let remessa = good.replacen(
        lines[0],
        &format!("{}1{}", &lines[0][..142], &lines[0][143..]),
        1,
    );
    assert_eq!(parse_retorno(&remessa), Err(CnabError::NotRetorno));
    assert_eq!(
        parse_retorno("").unwrap_err().to_string(),
        "arquivo de retorno danificado: arquivo vazio"
    );
    // Unknown rejection codes still say which code the bank sent.
    assert_eq!(
        retaguarda_formats::cnab240::rejection_reason("A7"),
        "motivo A7 (consulte a tabela de ocorrências do banco)"
    );
}
