//! `retaguarda boleto`, run as a process.

use crate::common;

use common::{run, run_json};

#[test]
fn reads_the_published_linha_as_text() {
    let r = run(&[
        "boleto",
        "10492.00650 61000.100042 00997.263900 9 89810000021403",
        "--today",
        "2022-05-01",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stdout,
        "Boleto bancário\nBanco: 104\nValor: R$ 214,03\nVencimento: 10/05/2022\n\
Linha digitável: 10492.00650 61000.100042 00997.263900 9 89810000021403\n\
Código de barras: 10499898100000214032006561000100040099726390\n"
    );
}

#[test]
fn barcode_as_json_and_unquoted_pieces() {
    let (code, v) = run_json(&[
        "boleto",
        "10499898100000214032006561000100040099726390",
        "--today",
        "2022-05-01",
    ]);
    assert_eq!(code, 0);
    assert_eq!(v["valor"], "214.03");
    assert_eq!(v["vencimento"], "2022-05-10");
    assert_eq!(
        v["linha_digitavel"],
        "10492006506100010004200997263900989810000021403"
    );
    let r = run(&[
        "boleto",
        "10492.00650",
        "61000.100042",
        "00997.263900",
        "9",
        "89810000021403",
        "--today",
        "2022-05-01",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
}

#[test]
fn bad_boleto_and_bad_date_exit_non_zero() {
    let r = run(&[
        "boleto",
        "10492.00650 61000.100042 00997.263900 9 89810000021404",
    ]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("dígito verificador geral"),
        "{}",
        r.stderr
    );
    let r = run(&["boleto", "1049", "--today", "2022-05-01"]);
    assert_eq!(r.code, 1);
    let r = run(&[
        "boleto",
        "10499898100000214032006561000100040099726390",
        "--today",
        "01/05/2022",
    ]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("use AAAA-MM-DD"), "{}", r.stderr);
}

#[test]
fn convenio_slip_as_text() {
    let barcode =
        retaguarda_formats::Boleto::convenio_barcode(3, 6, 15_790, "00480000123456789012345678901")
            .unwrap();
    let r = run(&["boleto", &barcode, "--today", "2026-01-01"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.starts_with("Boleto de convênio (arrecadação)\n"));
    assert!(r.stdout.contains("Segmento: 3 (energia elétrica e gás)"));
    assert!(r.stdout.contains("Valor: R$ 157,90"));
    assert!(!r.stdout.contains("Vencimento"));
}
