//! `retaguarda boleto gerar`: the linha and barcode of an issued boleto, read back by
//! `retaguarda boleto`; pt-BR errors. The slip is pyboleto 0.3.1's published Itaú example
//! (tests/test_banco_itau.py: agência 0293, conta 01328, carteira 109, nosso número 157,
//! R$ 29,80, 19/10/2009).

use crate::common;
use common::{run, run_json};

#[test]
fn gerar_prints_the_linha_and_the_barcode() {
    let r = run(&[
        "boleto",
        "gerar",
        "--banco",
        "341",
        "--agencia",
        "0293",
        "--conta",
        "01328",
        "--carteira",
        "109",
        "--nosso-numero",
        "157",
        "--valor",
        "29,80",
        "--vencimento",
        "2009-10-19",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("Nosso número: 109/00000157-1"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("Linha digitável: 34191.09008 00015.710296 30132.800001 9 43950000002980"),
        "{}",
        r.stdout
    );
    assert!(r
        .stdout
        .contains("Código de barras: 34199439500000029801090000015710293013280000"));
}

#[test]
fn gerar_json_is_read_back_by_boleto() {
    let (code, v) = run_json(&[
        "boleto",
        "gerar",
        "--banco",
        "756",
        "--agencia",
        "4327",
        "--conta",
        "12345",
        "--carteira",
        "1",
        "--convenio",
        "1234567",
        "--nosso-numero",
        "42",
        "--valor",
        "1.234,56",
        "--vencimento",
        "2026-12-20",
    ]);
    assert_eq!(code, 0, "{v}");
    assert_eq!(v["fator_vencimento"], 1666);
    let linha = v["linha_digitavel"].as_str().unwrap();
    let (code, read) = run_json(&["boleto", linha, "--today", "2026-12-01"]);
    assert_eq!(code, 0, "{read}");
    assert_eq!(read["banco"], "756");
    assert_eq!(read["valor"], "1234.56");
    assert_eq!(read["vencimento"], "2026-12-20");
    assert_eq!(read["codigo_barras"], v["codigo_barras"]);
}

#[test]
fn gerar_errors_are_in_portuguese() {
    let r = run(&[
        "boleto",
        "gerar",
        "--banco",
        "001",
        "--agencia",
        "1234",
        "--conta",
        "5678",
        "--carteira",
        "17",
        "--nosso-numero",
        "1",
        "--valor",
        "10",
        "--vencimento",
        "2026-12-20",
    ]);
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stderr.trim(),
        "erro: convênio: é obrigatório para Banco do Brasil"
    );
    let r = run(&[
        "boleto",
        "gerar",
        "--banco",
        "341",
        "--agencia",
        "1",
        "--conta",
        "1",
        "--carteira",
        "109",
        "--nosso-numero",
        "1",
        "--valor",
        "10",
        "--vencimento",
        "20/12/2026",
    ]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr
            .contains("data '20/12/2026' inválida em --vencimento: use AAAA-MM-DD"),
        "{}",
        r.stderr
    );
}
