//! CNAB 240 remessa, each bank's differences from FEBRABAN: a table per bank and record of
//! the positions its own layout moves, checked against two independent transcriptions of
//! the banks' manuals:
//! - the Python package python3-cnab 1.0.11 (`cnab240/bancos/<bank>/specs/*.json`, a
//!   field per position range), for Itaú, Bradesco, Santander, Caixa (`cef`) and Sicoob;
//! - the npm package @banco-br/cnab_yaml 2.1.0 (`cnab240/<bank>/…yml`), for Banco do Brasil
//!   (001), Santander (033), Caixa SIGCB (104/sigcb) and Sicoob (756), which also reads
//!   each generated file in the test below (crates/formats/tests/oracle/cnab.js with the
//!   bank's folder; installed by `scripts/setup.sh --test`).
//!
//! Composition inside a field the specs leave whole (Bradesco's identificação do título,
//! Sicoob's nosso número with parcela, modalidade and formulário) follows the banks'
//! manuals as the comments say.

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

struct Bench {
    bank: Bank,
    agencia: &'static str,
    agencia_dv: &'static str,
    conta: &'static str,
    conta_dv: &'static str,
    convenio: &'static str,
    carteira: &'static str,
    variacao: &'static str,
    transmission: &'static str,
}

impl Bench {
    fn account(&self) -> BoletoAccount {
        let opt = |s: &str| Some(s.to_string()).filter(|s| !s.is_empty());
        BoletoAccount {
            bank: self.bank,
            agencia: self.agencia.into(),
            agencia_dv: opt(self.agencia_dv),
            conta: self.conta.into(),
            conta_dv: opt(self.conta_dv),
            convenio: opt(self.convenio),
            carteira: self.carteira.into(),
        }
    }

    /// The nosso número of sequence 421 as the bank's CNAB wants it.
    fn nosso(&self) -> String {
        issue(&self.account(), 421, dec!(150.00), d(2026, 12, 20))
            .unwrap()
            .nosso_numero_cnab
    }

    fn lines(&self) -> Vec<String> {
        remessa(self)
            .to_text()
            .unwrap()
            .lines()
            .map(String::from)
            .collect()
    }
}

const ITAU: Bench = Bench {
    bank: Bank::Itau,
    agencia: "0057",
    agencia_dv: "",
    conta: "72192",
    conta_dv: "3",
    convenio: "",
    carteira: "109",
    variacao: "",
    transmission: "",
};

const BRADESCO: Bench = Bench {
    bank: Bank::Bradesco,
    agencia: "1234",
    agencia_dv: "5",
    conta: "0012345",
    conta_dv: "6",
    convenio: "4567890",
    carteira: "09",
    variacao: "",
    transmission: "",
};

const BB: Bench = Bench {
    bank: Bank::BancoDoBrasil,
    agencia: "1234",
    agencia_dv: "3",
    conta: "00012345",
    conta_dv: "6",
    convenio: "1234567",
    carteira: "17",
    variacao: "019",
    transmission: "",
};

const CAIXA: Bench = Bench {
    bank: Bank::Caixa,
    agencia: "1234",
    agencia_dv: "0",
    conta: "123456",
    conta_dv: "",
    convenio: "123456",
    carteira: "14",
    variacao: "",
    transmission: "",
};

const SANTANDER: Bench = Bench {
    bank: Bank::Santander,
    agencia: "1234",
    agencia_dv: "5",
    conta: "013000123",
    conta_dv: "4",
    convenio: "1234567",
    carteira: "101",
    variacao: "",
    transmission: "123400001234567",
};

const SICOOB: Bench = Bench {
    bank: Bank::Sicoob,
    agencia: "3069",
    agencia_dv: "",
    conta: "12345",
    conta_dv: "6",
    convenio: "1234567",
    carteira: "1",
    variacao: "",
    transmission: "",
};

fn remessa(b: &Bench) -> Remessa {
    let company = Company {
        bank: b.bank,
        inscription: Inscription {
            digits: "11222333000181".into(),
        },
        name: "Padaria São João Ltda".into(),
        convenio: b.convenio.into(),
        agencia: b.agencia.into(),
        agencia_dv: b.agencia_dv.into(),
        conta: b.conta.into(),
        conta_dv: b.conta_dv.into(),
        carteira: b.carteira.into(),
        variacao: b.variacao.into(),
        transmission_code: b.transmission.into(),
    };
    let title = Title {
        instruction: Instruction::Entrada,
        nosso_numero: b.nosso(),
        carteira_code: '1',
        document: "C-0001".into(),
        due: d(2026, 12, 20),
        amount: dec!(150.00),
        issued_on: d(2026, 12, 1),
        juros_month_pct: Some(dec!(1.00)),
        multa_pct: Some(dec!(2.00)),
        discount: None,
        protest_days: None,
        baixa_days: Some(30),
        reference: "chg-0001".into(),
        payer: Payer {
            inscription: Inscription {
                digits: "52998224725".into(),
            },
            name: "José da Conceição Pereira da Silva Neto".into(),
            address: "Rua das Flores, 12".into(),
            district: "Centro".into(),
            cep: "01310-100".into(),
            city: "São Paulo".into(),
            uf: "SP".into(),
        },
        messages: vec!["Após o vencimento, juros de 1% ao mês.".into()],
    };
    Remessa {
        company,
        sequence: 7,
        generated_at: d(2026, 12, 1).and_hms_opt(14, 30, 5).unwrap(),
        titles: vec![title],
    }
}

/// Asserts each (from, to, expected) of `table` on `line` (1-based, inclusive).
fn check(line: &str, what: &str, table: &[(usize, usize, &str)]) {
    assert_eq!(line.len(), 240, "{what}");
    for (from, to, expected) in table {
        assert_eq!(
            &line[from - 1..*to],
            *expected,
            "{what}, positions {from}-{to}"
        );
    }
}

fn pad(s: &str, n: usize) -> String {
    format!("{s:<n$}")
}

fn blanks(n: usize) -> String {
    " ".repeat(n)
}

// Source: python3-cnab 1.0.11, cnab240/bancos/itau/specs/{header_arquivo,
// header_lote_cobranca,segmento_p,segmento_q,segmento_r}.json (Itaú's "Cobrança CNAB 240").
#[rustfmt::skip]
#[test]
fn itau_places_agencia_conta_and_nosso_numero_its_own_way() {
    let l = ITAU.lines();
    let nosso = ITAU.nosso();
    assert_eq!(&nosso[..3], "109");
    check(&l[0], "Itaú, header de arquivo", &[
        (33, 52, &blanks(20)), (53, 53, "0"), (54, 57, "0057"), (58, 58, " "),
        (59, 65, "0000000"), (66, 70, "72192"), (71, 71, " "), (72, 72, "3"),
        (164, 166, "040"),
    ]);
    check(&l[1], "Itaú, header de lote", &[
        (14, 16, "030"), (34, 53, &blanks(20)), (54, 54, "0"), (55, 58, "0057"), (59, 59, " "),
        (60, 66, "0000000"), (67, 71, "72192"), (72, 72, " "), (73, 73, "3"),
    ]);
    check(&l[2], "Itaú, segmento P", &[
        (18, 18, "0"), (19, 22, "0057"), (23, 23, " "), (24, 30, "0000000"), (31, 35, "72192"),
        (36, 36, " "), (37, 37, "3"),
        // carteira, nosso número, its DAC.
        (38, 40, "109"), (41, 48, "00000421"), (49, 49, &nosso[11..12]),
        (50, 57, &blanks(8)), (58, 62, "00000"), (63, 72, &pad("C-0001", 10)),
        (73, 77, &blanks(5)), (78, 85, "20122026"), (86, 100, "000000000015000"),
        (225, 226, "30"), (227, 239, &"0".repeat(13)),
    ]);
    check(&l[3], "Itaú, segmento Q", &[
        (34, 63, &pad("JOSE DA CONCEICAO PEREIRA DA S", 30)), (64, 73, &blanks(10)),
        (129, 133, "01310"), (134, 136, "100"), (213, 240, &blanks(28)),
    ]);
    check(&l[4], "Itaú, segmento R", &[(140, 199, &blanks(60))]);
}

// Source: python3-cnab 1.0.11, cnab240/bancos/bradesco/specs/{header_arquivo,
// header_lote_cobranca,segmento_p}.json; the identificação do título (38-57) is carteira,
// zeros, nosso número and its digit per Bradesco's "Layout CNAB 240 — cobrança".
#[rustfmt::skip]
#[test]
fn bradesco_writes_layout_084_and_splits_the_identificacao_do_titulo() {
    let l = BRADESCO.lines();
    let nosso = BRADESCO.nosso();
    assert_eq!(nosso.len(), 12);
    check(&l[0], "Bradesco, header de arquivo", &[
        (33, 52, "00000000000004567890"), (53, 57, "01234"), (58, 58, "5"),
        (59, 70, "000000012345"), (71, 71, "6"), (164, 166, "084"), (167, 171, "06250"),
    ]);
    check(&l[1], "Bradesco, header de lote", &[
        (14, 16, "042"), (34, 53, "00000000000004567890"), (54, 58, "01234"),
    ]);
    check(&l[2], "Bradesco, segmento P", &[
        (18, 22, "01234"), (23, 23, "5"), (24, 35, "000000012345"), (36, 36, "6"),
        (38, 40, "009"), (41, 45, "00000"), (46, 56, &nosso[..11]), (57, 57, &nosso[11..]),
        (63, 77, &pad("C-0001", 15)),
    ]);
}

// Source: @banco-br/cnab_yaml 2.1.0, cnab240/001/{header_arquivo,header_lote}.yml (Banco do
// Brasil's "Layout de arquivo CNAB 240 — cobrança").
#[rustfmt::skip]
#[test]
fn banco_do_brasil_splits_the_convenio_field() {
    let l = BB.lines();
    check(&l[0], "BB, header de arquivo", &[
        (33, 41, "001234567"), (42, 45, "0014"), (46, 47, "17"), (48, 50, "019"), (51, 52, "  "),
        (53, 57, "01234"), (58, 58, "3"), (59, 70, "000000012345"), (71, 71, "6"),
    ]);
    check(&l[1], "BB, header de lote", &[
        (34, 42, "001234567"), (43, 46, "0014"), (47, 48, "17"), (49, 51, "019"), (52, 53, "  "),
    ]);
    check(&l[2], "BB, segmento P", &[(38, 57, &pad("12345670000000421", 20))]);
}

// Source: python3-cnab 1.0.11, cnab240/bancos/cef/specs/{header_arquivo,header_lote_cobranca,
// segmento_p}.json and @banco-br/cnab_yaml 2.1.0, cnab240/104/sigcb (Caixa's "Leiaute CNAB
// 240 SIGCB").
#[rustfmt::skip]
#[test]
fn caixa_sigcb_uses_the_codigo_do_beneficiario() {
    let l = CAIXA.lines();
    let nosso = CAIXA.nosso();
    assert_eq!(nosso.len(), 17);
    check(&l[0], "Caixa, header de arquivo", &[
        (33, 52, &"0".repeat(20)), (53, 57, "01234"), (58, 58, "0"), (59, 64, "123456"),
        (65, 72, "00000000"), (164, 166, "050"), (167, 171, "00000"),
    ]);
    check(&l[1], "Caixa, header de lote", &[
        (14, 16, "030"), (34, 39, "123456"), (40, 53, &"0".repeat(14)), (54, 58, "01234"),
        (59, 59, "0"), (60, 65, "123456"), (66, 73, "00000000"),
    ]);
    check(&l[2], "Caixa, segmento P", &[
        (18, 22, "01234"), (23, 23, "0"), (24, 29, "123456"), (30, 40, &"0".repeat(11)),
        // modalidade 14 and the 15-digit nosso número.
        (41, 42, "14"), (43, 57, &nosso[2..]), (62, 62, "0"), (63, 73, &pad("C-0001", 11)),
        (74, 77, &blanks(4)),
    ]);
    check(&l[5], "Caixa, trailer de lote", &[(93, 123, &blanks(31))]);
}

// Source: python3-cnab 1.0.11, cnab240/bancos/santander/specs/{header_arquivo,
// header_lote_cobranca,segmento_p}.json and @banco-br/cnab_yaml 2.1.0, cnab240/033
// (Santander's "Layout CNAB 240 — cobrança").
#[rustfmt::skip]
#[test]
fn santander_uses_the_codigo_de_transmissao() {
    let l = SANTANDER.lines();
    let nosso = SANTANDER.nosso();
    assert_eq!(nosso.len(), 13);
    check(&l[0], "Santander, header de arquivo", &[
        (9, 16, &blanks(8)), (17, 17, "2"), (18, 32, "011222333000181"),
        (33, 47, "123400001234567"), (48, 72, &blanks(25)), (152, 157, &blanks(6)),
        (164, 166, "040"), (167, 240, &blanks(74)),
    ]);
    check(&l[1], "Santander, header de lote", &[
        (14, 16, "030"), (34, 53, &blanks(20)), (54, 68, "123400001234567"), (69, 73, &blanks(5)),
    ]);
    check(&l[2], "Santander, segmento P", &[
        (18, 21, "1234"), (22, 22, "5"), (23, 31, "013000123"), (32, 32, "4"),
        (33, 41, "013000123"), (42, 42, "4"), (43, 44, "  "), (45, 57, &nosso),
        (58, 58, "5"), (225, 225, "0"), (226, 227, "30"), (228, 229, "00"), (230, 240, &blanks(11)),
    ]);
    check(&l[3], "Santander, segmento Q", &[(213, 221, "000000000"), (222, 240, &blanks(19))]);
    check(&l[4], "Santander, segmento R", &[(42, 65, &blanks(24))]);
}

// Source: python3-cnab 1.0.11, cnab240/bancos/sicoob/specs/{header_arquivo,
// header_lote_cobranca}.json and @banco-br/cnab_yaml 2.1.0, cnab240/756; the nosso número
// field (38-57) is number and digit (10), parcela, modalidade, formulário and blanks per
// Sicoob's "Layout CNAB 240 — cobrança bancária".
#[rustfmt::skip]
#[test]
fn sicoob_fills_parcela_and_modalidade_beside_the_nosso_numero() {
    let l = SICOOB.lines();
    let nosso = SICOOB.nosso();
    assert_eq!(nosso.len(), 8);
    check(&l[0], "Sicoob, header de arquivo", &[(33, 52, &blanks(20)), (164, 166, "081")]);
    check(&l[1], "Sicoob, header de lote", &[(14, 16, "040")]);
    check(&l[2], "Sicoob, segmento P", &[
        (38, 47, &format!("00{nosso}")), (48, 49, "01"), (50, 51, "01"), (52, 52, "4"),
        (53, 57, &blanks(5)),
    ]);
}

/// Runs the cnab_yaml reader with `bank`'s folder over `b`'s remessa.
fn read_with_cnab_yaml(b: &Bench, bank: &str) -> Vec<Value> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/oracle");
    assert!(
        dir.join("node_modules/@banco-br/cnab_yaml").is_dir(),
        "@banco-br/cnab_yaml is not installed: run scripts/setup.sh --test"
    );
    let file = std::env::temp_dir().join(format!(
        "remessa-{}-{}.rem",
        bank.replace('/', "-"),
        std::process::id()
    ));
    std::fs::write(&file, remessa(b).to_text().unwrap()).unwrap();
    let out = Command::new("node")
        .arg(dir.join("cnab.js"))
        .arg(&file)
        .arg(bank)
        .output()
        .unwrap();
    std::fs::remove_file(&file).ok();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let records: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    let kinds: Vec<&str> = records
        .iter()
        .map(|r| {
            r["segment"]
                .as_str()
                .unwrap_or(r["record"].as_str().unwrap())
        })
        .collect();
    assert_eq!(kinds, ["0", "1", "P", "Q", "R", "5", "9"], "{bank}");
    records
}

fn field(records: &[Value], i: usize, name: &str) -> String {
    records[i]["fields"][name]
        .as_str()
        .unwrap_or_else(|| panic!("record {i} has no field {name}"))
        .to_string()
}

#[test]
fn each_bank_file_is_read_by_that_banks_cnab_yaml_layout() {
    let r = read_with_cnab_yaml(&BB, "001");
    assert_eq!(field(&r, 0, "codigo_convenio"), "001234567");
    assert_eq!(field(&r, 0, "cobranca_cedente"), "0014");
    assert_eq!(field(&r, 0, "carteira"), "17");
    assert_eq!(field(&r, 0, "variacao_carteira"), "019");
    assert_eq!(field(&r, 1, "codigo_convenio"), "001234567");
    assert_eq!(field(&r, 1, "variacao_carteira"), "019");
    assert_eq!(field(&r, 2, "nosso_numero").trim(), "12345670000000421");

    let r = read_with_cnab_yaml(&SANTANDER, "033");
    assert_eq!(field(&r, 0, "codigo_transmissao"), "123400001234567");
    assert_eq!(field(&r, 1, "codigo_transmissao"), "123400001234567");
    assert_eq!(field(&r, 2, "agencia"), "1234");
    assert_eq!(field(&r, 2, "conta"), "013000123");
    assert_eq!(field(&r, 2, "conta_cobranca"), "013000123");
    assert_eq!(field(&r, 2, "nosso_numero"), SANTANDER.nosso());
    assert_eq!(field(&r, 2, "prazo_baixa"), "30");
    assert_eq!(field(&r, 3, "sequencial_parcela"), "000");
    assert_eq!(field(&r, 4, "reservado_santander_01").trim(), "");

    let r = read_with_cnab_yaml(&CAIXA, "104/sigcb");
    assert_eq!(field(&r, 0, "codigo_cedente"), "123456");
    assert_eq!(field(&r, 0, "versao_layout_arquivo"), "050");
    assert_eq!(field(&r, 1, "codigo_cedente"), "123456");
    assert_eq!(field(&r, 2, "codigo_cedente"), "123456");
    assert_eq!(field(&r, 2, "modalidade_carteira"), "14");
    assert_eq!(field(&r, 2, "nosso_numero"), CAIXA.nosso()[2..]);

    let r = read_with_cnab_yaml(&SICOOB, "756");
    assert_eq!(field(&r, 0, "versao_layout_arquivo"), "081");
    assert_eq!(field(&r, 1, "versao_layout_lote"), "040");
    assert_eq!(
        field(&r, 2, "nosso_numero"),
        format!("00{}0101{}", SICOOB.nosso(), "4     ")
    );
    // Every numeric field of each bank's layout holds digits, blank DVs aside.
    for (bench, bank) in [(&BB, "001"), (&CAIXA, "104/sigcb"), (&SICOOB, "756")] {
        let r = read_with_cnab_yaml(bench, bank);
        let bad: Vec<String> = r
            .iter()
            .flat_map(|x| x["nonNumeric"].as_array().unwrap().clone())
            .map(|v| v.as_str().unwrap().to_string())
            .filter(|n| n != "nosso_numero" && n != "codigo_convenio")
            .collect();
        assert!(bad.is_empty(), "{bank}: {bad:?}");
    }
}
