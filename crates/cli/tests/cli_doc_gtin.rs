//! `retaguarda doc` and `retaguarda gtin`, run as a process.

use crate::common;

use common::{run, run_json};

#[test]
fn doc_valid_cpf_and_alphanumeric_cnpj() {
    let r = run(&["doc", "52998224725"]);
    assert_eq!(r.code, 0);
    assert_eq!(r.stdout, "CPF válido: 529.982.247-25\n");
    let (code, v) = run_json(&["doc", "12.abc.345/01de-35"]);
    assert_eq!(code, 0);
    assert_eq!(v["tipo"], "CNPJ");
    assert_eq!(v["alfanumerico"], true);
    assert_eq!(v["formatado"], "12.ABC.345/01DE-35");
}

#[test]
fn doc_invalid_reports_valido_false_with_the_reason_and_exits_one() {
    let r = run(&["doc", "11.222.333/0001-82"]);
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stdout,
        "CNPJ inválido: os dígitos verificadores não conferem (esperado 81)\n"
    );
    // The report is the result, so it is not repeated as an error.
    assert_eq!(r.stderr, "");

    let (code, v) = run_json(&["doc", "11.222.333/0001-82"]);
    assert_eq!(code, 1);
    assert_eq!(v["ok"], false);
    assert_eq!(v["valido"], false);
    assert_eq!(v["tipo"], "CNPJ");
    assert_eq!(
        v["motivo"],
        "os dígitos verificadores não conferem (esperado 81)"
    );
    assert_eq!(
        v["erro"],
        "CNPJ inválido: os dígitos verificadores não conferem (esperado 81)"
    );

    // A valid CPF with its last digit changed: the kind comes from the length.
    let (code, v) = run_json(&["doc", "529.982.247-26"]);
    assert_eq!(code, 1);
    assert_eq!(v["valido"], false);
    assert_eq!(v["tipo"], "CPF");
    assert_eq!(
        v["motivo"],
        "os dígitos verificadores não conferem (esperado 25)"
    );

    let r = run(&["doc", "111.111.111-11"]);
    assert_eq!(r.code, 1);
    assert_eq!(r.stdout, "CPF inválido: todos os dígitos são iguais\n");
    let (_, v) = run_json(&["doc", "5299822472A"]);
    assert_eq!(v["tipo"], "CPF");
    assert_eq!(v["motivo"], "tem letra em posição que só aceita números");
}

#[test]
fn doc_invalid_without_a_kind_says_so() {
    let (code, v) = run_json(&["doc", "123"]);
    assert_eq!(code, 1);
    assert_eq!(v["ok"], false);
    assert_eq!(v["valido"], false);
    assert!(v["tipo"].is_null(), "{v}");
    assert_eq!(
        v["motivo"],
        "o documento tem 3 caracteres; um CPF tem 11 dígitos e um CNPJ tem 14"
    );
    let r = run(&["doc", "529.982.247-2#"]);
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stdout,
        "Documento inválido: caractere inválido '#' no documento\n"
    );
}

#[test]
fn gtin_valid_and_invalid() {
    let r = run(&["gtin", "7891000315507"]);
    assert_eq!(r.code, 0);
    assert_eq!(r.stdout, "GTIN-13 válido: 7891000315507\n");
    let (code, v) = run_json(&["gtin", "96385074"]);
    assert_eq!(code, 0);
    assert_eq!(v["gtin14"], "00000096385074");
    let r = run(&["gtin", "7891000315508"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("dígito verificador deveria ser 7"));
}

#[test]
fn wrong_command_line_exits_two() {
    assert_eq!(run(&["nada"]).code, 2);
    assert_eq!(run(&["doc"]).code, 2);
}
