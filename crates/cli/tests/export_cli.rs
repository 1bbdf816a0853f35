//! `retaguarda export`: hledger, beancount and CSV of a backup, to stdout or a file.

use crate::common;
use crate::recon_books;

use common::{run, run_json};

#[test]
fn exports_hledger_to_stdout_with_the_app_balances() {
    let dir = tempfile::tempdir().unwrap();
    let path = recon_books::write_book(dir.path());
    let r = run(&["export", "--format", "hledger", path.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // Bank: 1000 - 300 = 700, in postings 1000 and -300.
    assert!(
        r.stdout
            .contains("    Assets:Banco:Banco-do-Brasil  1000.00 BRL\n"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("    Assets:Banco:Banco-do-Brasil  -300.00 BRL\n"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("    Expenses:Custos-das-vendas:Materia-prima-e-insumos  300.00 BRL\n"),
        "{}",
        r.stdout
    );
    assert!(!r.stdout.contains("Aluguel"), "open entries are not booked");
}

#[test]
fn exports_beancount_and_csv_to_files() {
    let dir = tempfile::tempdir().unwrap();
    let path = recon_books::write_book(dir.path());
    let bean = dir.path().join("livro.beancount");
    let (code, v) = run_json(&[
        "export",
        "--format",
        "beancount",
        path.to_str().unwrap(),
        "-o",
        bean.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{v}");
    let text = std::fs::read_to_string(&bean).unwrap();
    assert!(
        text.contains("balance Assets:Banco:Banco-do-Brasil  700.00 BRL"),
        "{text}"
    );
    assert!(
        text.contains("balance Assets:Caixa:Caixa  50.00 BRL"),
        "{text}"
    );

    let csv = dir.path().join("lancamentos.csv");
    let r = run(&[
        "export",
        "--format",
        "csv",
        path.to_str().unwrap(),
        "-o",
        csv.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let br = std::fs::read_to_string(&csv).unwrap();
    assert!(br.starts_with("\u{feff}id;tipo;descricao;valor;"), "{br}");
    assert!(
        br.contains(";\"Encomenda; bolo\";45,90;20/03/2026;"),
        "{br}"
    );
    assert_eq!(br.lines().count(), 4);

    let r = run(&[
        "export",
        "--format",
        "csv",
        "--dialect",
        "iso",
        path.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.starts_with("id,tipo,descricao,valor,"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains(",Encomenda; bolo,45.90,2026-03-20,"),
        "{}",
        r.stdout
    );
}

#[test]
fn an_unknown_format_is_a_usage_error() {
    let r = run(&["export", "--format", "xlsx", "x.retaguarda"]);
    assert_eq!(r.code, 2);
}
