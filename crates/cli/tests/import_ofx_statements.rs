//! `retaguarda import ofx` and the files that used to mislead (issue 26): a statement cut
//! short is refused and nothing is written; a file with several statements needs
//! `--statement N` and lists them otherwise; a card statement is refused into a bank
//! account; suggested categories are shown by name.

use crate::common;
use crate::recon_books;

use common::{run, run_json};
use recon_books::read_book;

fn fixture(name: &str) -> String {
    format!(
        "{}/../formats/tests/fixtures/ofx/{name}",
        env!("CARGO_MANIFEST_DIR")
    )
}

/// Files in the directory, sorted.
fn files(dir: &std::path::Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    v.sort();
    v
}

#[test]
fn a_truncated_statement_is_refused_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let backup = recon_books::write_book(dir.path());
    let whole = std::fs::read_to_string(fixture("sgml_utf8.ofx")).unwrap();
    let ofx = dir.path().join("extrato.ofx");
    // Cut inside the first amount, and before the first transaction.
    for cut in [
        whole.find("<TRNAMT>-12").unwrap() + "<TRNAMT>-1".len(),
        whole.find("<STMTTRN>").unwrap(),
    ] {
        std::fs::write(&ofx, &whole[..cut]).unwrap();
        let before = files(dir.path());
        let r = run(&[
            "import",
            "ofx",
            backup.to_str().unwrap(),
            ofx.to_str().unwrap(),
            "--account",
            "Banco do Brasil",
        ]);
        assert_eq!(r.code, 1, "{}", r.stdout);
        assert!(r.stderr.contains("arquivo incompleto"), "{}", r.stderr);
        assert!(!r.stdout.contains("Linhas novas"), "{}", r.stdout);
        assert_eq!(files(dir.path()), before, "no backup written");
    }
}

#[test]
fn several_statements_need_a_choice_and_are_listed() {
    let dir = tempfile::tempdir().unwrap();
    let backup = recon_books::write_book(dir.path());
    let multi = fixture("multi_statement.ofx");
    let args = [
        "import",
        "ofx",
        backup.to_str().unwrap(),
        &multi,
        "--account",
        "Banco do Brasil",
    ];
    let r = run(&args);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr
            .contains("tem 3 extratos; escolha um com --statement N"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains(
            "1: conta bancária banco 0341 agência 1234 56789-0 (corrente), 01/03/2025 a 10/03/2025, 2 lançamento(s)"
        ),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains("2: conta bancária banco 0341 agência 1234 56789-0/500 (poupança)"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("3: cartão de crédito 5555********1234"),
        "{}",
        r.stderr
    );
    assert_eq!(files(dir.path()), ["padaria.retaguarda"], "nothing written");

    let (code, v) = run_json(&args);
    assert_eq!(code, 1);
    assert_eq!(v["ok"], false);
    let list = v["extratos"].as_array().unwrap();
    assert_eq!(list.len(), 3);
    assert_eq!(list[2]["tipo"], "cartao_credito");
    assert_eq!(list[1]["conta"], "56789-0/500");

    // A number the file does not have.
    let mut nine = args.to_vec();
    nine.extend(["--statement", "9"]);
    let r = run(&nine);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("não tem o extrato 9"), "{}", r.stderr);

    // The poupança, chosen.
    let mut two = args.to_vec();
    two.extend(["--statement", "2"]);
    let (code, v) = run_json(&two);
    assert_eq!(code, 0, "{v}");
    assert_eq!(v["importadas"], 1);
    assert_eq!(v["linhas"][0]["fitid"], "PP-1");
    let biz = read_book(&dir.path().join("padaria-conciliado.retaguarda"));
    let lines: usize = biz
        .accounts()
        .unwrap()
        .iter()
        .map(|(id, _)| biz.bank_lines(id).unwrap().len())
        .sum();
    assert_eq!(lines, 1);
}

#[test]
fn a_card_statement_is_refused_into_a_bank_account() {
    let dir = tempfile::tempdir().unwrap();
    let backup = recon_books::write_book(dir.path());
    let r = run(&[
        "import",
        "ofx",
        backup.to_str().unwrap(),
        &fixture("credit_card.ofx"),
        "--account",
        "Banco do Brasil",
    ]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("Este extrato é de cartão de crédito (cartão 5555********1234) e \"Banco do Brasil\" é uma conta bancária"),
        "{}",
        r.stderr
    );
    assert_eq!(files(dir.path()), ["padaria.retaguarda"], "nothing written");
}

#[test]
fn suggested_categories_are_names_in_json() {
    let dir = tempfile::tempdir().unwrap();
    let backup = recon_books::write_book(dir.path());
    let ofx = dir.path().join("extrato.ofx");
    std::fs::write(
        &ofx,
        "OFXHEADER:100\nDATA:OFXSGML\n\n<OFX><BANKMSGSRSV1><STMTTRNRS><STMTRS><CURDEF>BRL\
         <BANKACCTFROM><BANKID>001<ACCTID>1</BANKACCTFROM><BANKTRANLIST>\
         <STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20260307<TRNAMT>-120,50<FITID>F2\
         <MEMO>PIX ENVIADO MOINHO DIAS</STMTTRN>\
         <STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20260307<TRNAMT>-7,00<FITID>F3\
         <MEMO>PIX TRANSF JOAO</STMTTRN>\
         </BANKTRANLIST></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>",
    )
    .unwrap();
    let (code, v) = run_json(&[
        "import",
        "ofx",
        backup.to_str().unwrap(),
        ofx.to_str().unwrap(),
        "--account",
        "Banco do Brasil",
    ]);
    assert_eq!(code, 0, "{v}");
    let flour = &v["linhas"][0]["detalhe"];
    assert_eq!(
        flour["categoria_sugerida"], "Matéria-prima e insumos",
        "{v}"
    );
    assert_eq!(flour["categoria_sugerida_id"], "cat.despesas.insumos");
    let joao = &v["linhas"][1]["detalhe"];
    assert!(joao["categoria_sugerida"].is_null(), "{v}");
    assert!(!v.to_string().contains("\"cat.despesas.aluguel\""), "{v}");
}
