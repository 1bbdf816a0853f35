//! `retaguarda import ofx`: imports a statement into a new backup (the original stays
//! untouched unless `--in-place`), prints matched, suggested and new lines.

use crate::common;
use crate::recon_books;

use common::{run, run_json};
use recon_books::{date, dec, read_book};
use retaguarda_core::ledger::EntryStatus;

const OFX: &str = "OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\n\n<OFX>\n<BANKMSGSRSV1><STMTTRNRS><STMTRS>\n<CURDEF>BRL\n<BANKACCTFROM>\n<BANKID>001\n<ACCTID>1234-5\n</BANKACCTFROM>\n<BANKTRANLIST>\n<DTSTART>20260301\n<DTEND>20260310\n\
<STMTTRN>\n<TRNTYPE>DEBIT\n<DTPOSTED>20260306[-3:BRT]\n<TRNAMT>-800,00\n<FITID>F1\n<MEMO>PAG ALUGUEL IMOBILIARIA\n</STMTTRN>\n\
<STMTTRN>\n<TRNTYPE>DEBIT\n<DTPOSTED>20260307\n<TRNAMT>-120,50\n<FITID>F2\n<MEMO>PIX ENVIADO MOINHO DIAS\n</STMTTRN>\n\
</BANKTRANLIST>\n<LEDGERBAL>\n<BALAMT>-220,50\n<DTASOF>20260310\n</LEDGERBAL>\n</STMTRS></STMTTRNRS></BANKMSGSRSV1>\n</OFX>\n";

#[test]
fn import_writes_a_new_backup_and_reports_each_line() {
    let dir = tempfile::tempdir().unwrap();
    let backup = recon_books::write_book(dir.path());
    let original = std::fs::read(&backup).unwrap();
    let ofx = dir.path().join("extrato.ofx");
    std::fs::write(&ofx, OFX).unwrap();

    let r = run(&[
        "import",
        "ofx",
        backup.to_str().unwrap(),
        ofx.to_str().unwrap(),
        "--account",
        "banco do brasil",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains(
            "conciliado: 06/03/2026 -R$ 800,00 PAG ALUGUEL IMOBILIARIA -> Aluguel de março"
        ),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains(
            "novo: 07/03/2026 -R$ 120,50 PIX ENVIADO MOINHO DIAS (categoria sugerida: Matéria-prima e insumos)"
        ),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("Conciliadas: 1  Sugestões: 0  Novas: 1"),
        "{}",
        r.stdout
    );
    assert_eq!(
        std::fs::read(&backup).unwrap(),
        original,
        "the original backup is untouched"
    );
    let new = dir.path().join("padaria-conciliado.retaguarda");
    let biz = read_book(&new);
    let bank = biz
        .accounts()
        .unwrap()
        .into_iter()
        .find(|(_, a)| a.name == "Banco do Brasil")
        .unwrap()
        .0;
    assert_eq!(biz.bank_lines(&bank).unwrap().len(), 2);

    // Importing the same file into the new backup in place adds nothing.
    let (code, v) = run_json(&[
        "import",
        "ofx",
        new.to_str().unwrap(),
        ofx.to_str().unwrap(),
        "--account",
        &bank,
        "--in-place",
    ]);
    assert_eq!(code, 0, "{v}");
    assert_eq!(
        (v["importadas"].as_u64(), v["duplicadas"].as_u64()),
        (Some(0), Some(2))
    );
}

#[test]
fn confirm_and_create_new_settle_the_books() {
    let dir = tempfile::tempdir().unwrap();
    let backup = recon_books::write_book(dir.path());
    let ofx = dir.path().join("extrato.ofx");
    std::fs::write(&ofx, OFX).unwrap();
    let out = dir.path().join("novo.retaguarda");
    let (code, v) = run_json(&[
        "import",
        "ofx",
        backup.to_str().unwrap(),
        ofx.to_str().unwrap(),
        "--account",
        "Banco do Brasil",
        "-o",
        out.to_str().unwrap(),
        "--confirm",
        "--create-new",
    ]);
    assert_eq!(code, 0, "{v}");
    assert_eq!(
        (v["confirmadas"].as_u64(), v["lancadas"].as_u64()),
        (Some(1), Some(1))
    );
    // 1000 - 300 - 800 - 120.50 = -220.50, as the bank says.
    assert_eq!(v["saldo"]["diferenca"], "0.00");
    let biz = read_book(&out);
    let rent = biz
        .entries()
        .unwrap()
        .into_iter()
        .find(|(_, e)| e.description == "Aluguel de março")
        .unwrap()
        .1;
    assert_eq!(rent.status(), EntryStatus::Paid);
    assert_eq!(
        rent.payments.values().next().unwrap().date,
        date("2026-03-06")
    );
    let bank = biz
        .accounts()
        .unwrap()
        .into_iter()
        .find(|(_, a)| a.name == "Banco do Brasil")
        .unwrap()
        .0;
    assert_eq!(
        biz.account_balance(&bank, date("2026-03-31")).unwrap(),
        dec("-220.50")
    );
}

#[test]
fn bad_arguments_fail_with_pt_br_messages() {
    let dir = tempfile::tempdir().unwrap();
    let backup = recon_books::write_book(dir.path());
    let ofx = dir.path().join("extrato.ofx");
    std::fs::write(&ofx, OFX).unwrap();
    let r = run(&[
        "import",
        "ofx",
        backup.to_str().unwrap(),
        ofx.to_str().unwrap(),
        "--account",
        "Itaú",
    ]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("conta 'Itaú' não encontrada"),
        "{}",
        r.stderr
    );
    std::fs::write(&ofx, "não é ofx").unwrap();
    let r = run(&[
        "import",
        "ofx",
        backup.to_str().unwrap(),
        ofx.to_str().unwrap(),
        "--account",
        "Caixa",
    ]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("OFX"), "{}", r.stderr);
    let r = run(&[
        "import",
        "ofx",
        backup.to_str().unwrap(),
        ofx.to_str().unwrap(),
        "--account",
        "Caixa",
        "--in-place",
        "-o",
        "x",
    ]);
    assert_eq!(r.code, 2);
}
