//! CNAB 240 remessa: every segment checked field by field against the positions of
//! FEBRABAN's "Layout padrão CNAB 240 — Cobrança" (a table per record), and the whole file
//! read by an independent reader built on the generic FEBRABAN layouts of the npm package
//! @banco-br/cnab_yaml (crates/formats/tests/oracle/cnab.js, installed by
//! `scripts/setup.sh --test`). The file is Bradesco's, the bank whose layout departs least
//! from FEBRABAN's; its few own values are marked (each bank's differences: cnab240_banks.rs).

use std::path::PathBuf;
use std::process::Command;

use chrono::NaiveDate;
use retaguarda_formats::boleto::Bank;
use retaguarda_formats::cnab240::{
    CnabError, Company, Inscription, Instruction, Payer, Remessa, Title,
};
use rust_decimal_macros::dec;
use serde_json::Value;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn company() -> Company {
    Company {
        bank: Bank::Bradesco,
        inscription: Inscription {
            digits: "11222333000181".into(),
        },
        name: "Padaria São João Ltda".into(),
        convenio: "123456".into(),
        agencia: "0057".into(),
        agencia_dv: "".into(),
        conta: "72192".into(),
        conta_dv: "3".into(),
        carteira: "09".into(),
        variacao: String::new(),
        transmission_code: String::new(),
    }
}

fn title(instruction: Instruction, nosso: &str, amount: rust_decimal::Decimal) -> Title {
    Title {
        instruction,
        nosso_numero: nosso.into(),
        carteira_code: '1',
        document: "C-0001".into(),
        due: d(2026, 12, 20),
        amount,
        issued_on: d(2026, 12, 1),
        juros_month_pct: Some(dec!(1.00)),
        multa_pct: Some(dec!(2.00)),
        discount: Some((d(2026, 12, 15), dec!(5.00))),
        protest_days: None,
        baixa_days: Some(30),
        reference: "chg-0001".into(),
        payer: Payer {
            inscription: Inscription {
                digits: "52998224725".into(),
            },
            name: "José da Conceição".into(),
            address: "Rua das Flores, 12".into(),
            district: "Centro".into(),
            cep: "01310-100".into(),
            city: "São Paulo".into(),
            uf: "SP".into(),
        },
        messages: vec!["Após o vencimento, juros de 1% ao mês.".into()],
    }
}

fn remessa() -> Remessa {
    Remessa {
        company: company(),
        sequence: 7,
        generated_at: d(2026, 12, 1).and_hms_opt(14, 30, 5).unwrap(),
        titles: vec![
            title(Instruction::Entrada, "109000000421", dec!(150.00)),
            title(Instruction::Baixa, "109000000397", dec!(80.50)),
        ],
    }
}

/// Asserts each (from, to, expected) of `table` on `line` (1-based, inclusive positions).
fn check(line: &str, what: &str, table: &[(usize, usize, &str)]) {
    assert_eq!(line.len(), 240, "{what}");
    let mut next = 1;
    for (from, to, expected) in table {
        assert_eq!(
            *from, next,
            "{what}: the table must cover every position in order"
        );
        assert_eq!(
            &line[from - 1..*to],
            *expected,
            "{what} positions {from}-{to}"
        );
        next = to + 1;
    }
    assert_eq!(next, 241, "{what}: the table must reach position 240");
}

fn blanks(n: usize) -> String {
    " ".repeat(n)
}

// Tables of positions read best one field after another on a line.
#[rustfmt::skip]
#[test]
fn every_record_at_its_febraban_positions() {
    let text = remessa().to_text().unwrap();
    assert!(text.ends_with("\r\n"));
    let lines: Vec<&str> = text.split("\r\n").filter(|l| !l.is_empty()).collect();
    // Header, lote header, P Q R for each of two titles, lote trailer, file trailer.
    assert_eq!(lines.len(), 10);
    let b30 = |s: &str| format!("{s:<30}");
    let b40 = |s: &str| format!("{s:<40}");

    check(lines[0], "header de arquivo", &[
        (1, 3, "237"), (4, 7, "0000"), (8, 8, "0"), (9, 17, &blanks(9)),
        // Bradesco: the convênio (código da empresa) is numeric.
        (18, 18, "2"), (19, 32, "11222333000181"), (33, 52, "00000000000000123456"),
        (53, 57, "00057"), (58, 58, " "), (59, 70, "000000072192"), (71, 71, "3"), (72, 72, " "),
        (73, 102, &b30("PADARIA SAO JOAO LTDA")), (103, 132, &b30("BRADESCO")), (133, 142, &blanks(10)),
        (143, 143, "1"), (144, 151, "01122026"), (152, 157, "143005"), (158, 163, "000007"),
        // Bradesco: layout 084 at density 06250.
        (164, 166, "084"), (167, 171, "06250"), (172, 240, &blanks(69)),
    ]);
    check(lines[1], "header de lote", &[
        (1, 3, "237"), (4, 7, "0001"), (8, 8, "1"), (9, 9, "R"), (10, 11, "01"), (12, 13, "  "),
        // Bradesco: lote layout 042 and the numeric convênio.
        (14, 16, "042"), (17, 17, " "), (18, 18, "2"), (19, 33, "011222333000181"),
        (34, 53, "00000000000000123456"), (54, 58, "00057"), (59, 59, " "),
        (60, 71, "000000072192"), (72, 72, "3"), (73, 73, " "), (74, 103, &b30("PADARIA SAO JOAO LTDA")),
        (104, 183, &blanks(80)), (184, 191, "00000007"), (192, 199, "01122026"), (200, 207, "00000000"),
        (208, 240, &blanks(33)),
    ]);
    check(lines[2], "segmento P", &[
        (1, 3, "237"), (4, 7, "0001"), (8, 8, "3"), (9, 13, "00001"), (14, 14, "P"), (15, 15, " "),
        (16, 17, "01"), (18, 22, "00057"), (23, 23, " "), (24, 35, "000000072192"), (36, 36, "3"),
        // Bradesco: carteira, zeros, nosso número and its digit.
        (37, 37, " "), (38, 57, "00900000109000000421"), (58, 58, "1"), (59, 59, "1"),
        (60, 60, "1"), (61, 61, "2"), (62, 62, "2"), (63, 77, &format!("{:<15}", "C-0001")),
        (78, 85, "20122026"), (86, 100, "000000000015000"), (101, 105, "00000"), (106, 106, " "),
        (107, 108, "02"), (109, 109, "N"), (110, 117, "01122026"),
        // Juros: 2 = taxa mensal, from the day after the due date.
        (118, 118, "2"), (119, 126, "21122026"), (127, 141, "000000000000100"),
        // Desconto: 1 = valor fixo até a data.
        (142, 142, "1"), (143, 150, "15122026"), (151, 165, "000000000000500"),
        (166, 180, "000000000000000"), (181, 195, "000000000000000"),
        (196, 220, &format!("{:<25}", "CHG-0001")),
        // 3 = não protestar; 1 = baixar após 30 dias.
        (221, 221, "3"), (222, 223, "00"), (224, 224, "1"), (225, 227, "030"),
        (228, 229, "09"), (230, 239, "0000000000"), (240, 240, " "),
    ]);
    check(lines[3], "segmento Q", &[
        (1, 3, "237"), (4, 7, "0001"), (8, 8, "3"), (9, 13, "00002"), (14, 14, "Q"), (15, 15, " "),
        (16, 17, "01"), (18, 18, "1"), (19, 33, "000052998224725"), (34, 73, &b40("JOSE DA CONCEICAO")),
        (74, 113, &b40("RUA DAS FLORES 12")), (114, 128, &format!("{:<15}", "CENTRO")),
        (129, 133, "01310"), (134, 136, "100"), (137, 151, &format!("{:<15}", "SAO PAULO")),
        (152, 153, "SP"), (154, 154, "0"), (155, 169, "000000000000000"), (170, 209, &blanks(40)),
        (210, 212, "000"), (213, 232, &blanks(20)), (233, 240, &blanks(8)),
    ]);
    check(lines[4], "segmento R", &[
        (1, 3, "237"), (4, 7, "0001"), (8, 8, "3"), (9, 13, "00003"), (14, 14, "R"), (15, 15, " "),
        (16, 17, "01"), (18, 18, "0"), (19, 26, "00000000"), (27, 41, "000000000000000"),
        (42, 42, "0"), (43, 50, "00000000"), (51, 65, "000000000000000"),
        // Multa: 2 = percentual, from the day after the due date.
        (66, 66, "2"), (67, 74, "21122026"), (75, 89, "000000000000200"), (90, 99, &blanks(10)),
        (100, 139, &b40("APOS O VENCIMENTO JUROS DE 1 AO MES.")), (140, 179, &blanks(40)),
        (180, 199, &blanks(20)), (200, 207, "00000000"), (208, 210, "000"), (211, 215, "00000"),
        (216, 216, " "), (217, 228, "000000000000"), (229, 230, "  "), (231, 231, "0"),
        (232, 240, &blanks(9)),
    ]);
    // The second title is a pedido de baixa: movement 02.
    assert_eq!(&lines[5][13..17], "P 02");
    assert_eq!(&lines[5][37..57], "00900000109000000397");
    check(lines[8], "trailer de lote", &[
        (1, 3, "237"), (4, 7, "0001"), (8, 8, "5"), (9, 17, &blanks(9)),
        (18, 23, "000008"), (24, 29, "000002"), (30, 46, "00000000000023050"),
        (47, 115, &"0".repeat(69)), (116, 240, &blanks(125)),
    ]);
    check(lines[9], "trailer de arquivo", &[
        (1, 3, "237"), (4, 7, "9999"), (8, 8, "9"), (9, 17, &blanks(9)),
        (18, 23, "000001"), (24, 29, "000010"), (30, 35, "000000"), (36, 240, &blanks(205)),
    ]);
}

#[test]
fn read_by_the_cnab_yaml_generic_layouts() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/oracle");
    assert!(
        dir.join("node_modules/@banco-br/cnab_yaml").is_dir(),
        "@banco-br/cnab_yaml is not installed: run scripts/setup.sh --test"
    );
    let file = std::env::temp_dir().join(format!("remessa-{}.rem", std::process::id()));
    std::fs::write(&file, remessa().to_text().unwrap()).unwrap();
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
    let kinds: Vec<String> = records
        .iter()
        .map(|r| {
            r["segment"]
                .as_str()
                .unwrap_or(r["record"].as_str().unwrap())
                .to_string()
        })
        .collect();
    assert_eq!(kinds, ["0", "1", "P", "Q", "R", "P", "Q", "R", "5", "9"]);
    // Numeric fields hold digits (blank DVs aside): Bradesco's convênio and identificação do
    // título are numeric, as these generic layouts (taken from Caixa) want.
    let non_numeric: Vec<(usize, String)> = records
        .iter()
        .enumerate()
        .flat_map(|(i, r)| {
            r["nonNumeric"]
                .as_array()
                .unwrap()
                .iter()
                .map(move |n| (i, n.as_str().unwrap().to_string()))
        })
        .collect();
    assert_eq!(non_numeric, []);
    let f = |i: usize, name: &str| records[i]["fields"][name].as_str().unwrap().to_string();
    assert_eq!(f(0, "codigo_remessa_retorno"), "1");
    assert_eq!(f(0, "numero_sequencial_arquivo"), "000007");
    assert_eq!(f(1, "numero_sequencial_arquivo"), "00000007");
    assert_eq!(f(2, "codigo_ocorrencia"), "01");
    // The generic layout (Caixa's) reads the nosso número from 47-57 only.
    assert_eq!(f(2, "nosso_numero"), "09000000421");
    assert_eq!(f(2, "vencimento"), "20122026");
    assert_eq!(f(2, "valor_titulo"), "000000000015000");
    assert_eq!(f(2, "valor_juros_mora"), "000000000000100");
    assert_eq!(f(2, "uso_empresa").trim(), "CHG-0001");
    assert_eq!(f(3, "nome"), format!("{:<40}", "JOSE DA CONCEICAO"));
    assert_eq!(f(3, "cep"), "01310100");
    assert_eq!(f(4, "codigo_multa"), "2");
    assert_eq!(f(4, "valor_multa"), "000000000000200");
    assert_eq!(f(5, "codigo_ocorrencia"), "02");
    assert_eq!(f(8, "qtde_registro_lote"), "000008");
    assert_eq!(f(8, "valor_total_titulo_simples"), "00000000000023050");
    assert_eq!(f(9, "qtde_registros"), "000010");
}

#[test]
fn refusals_in_portuguese() {
    let mut r = remessa();
    r.titles.clear();
    assert_eq!(r.to_text(), Err(CnabError::Empty));
    let mut r = remessa();
    r.titles[0].payer.cep = "0131".into();
    assert_eq!(
        r.to_text().unwrap_err().to_string(),
        "campo CEP do pagador não cabe no arquivo CNAB: o CEP tem 8 dígitos"
    );
    let mut r = remessa();
    r.company.conta = "1234567890123".into();
    assert_eq!(
        r.to_text().unwrap_err().to_string(),
        "campo conta não cabe no arquivo CNAB: tem mais de 12 dígitos"
    );
}
