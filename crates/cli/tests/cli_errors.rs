//! Every message the command line gives is pt-BR (issue 26): clap's own errors (invalid
//! value, missing or unknown argument, unknown command, invalid UTF-8), the operating
//! system's reasons and Automerge's; with `--json` the error is JSON on stdout; what a
//! message quotes of the input is capped. Help and version still work.

use crate::common;
use crate::recon_books;

use std::ffi::OsString;
use std::os::unix::ffi::OsStringExt;
use std::process::Command;

use common::{run, run_json, Run};

fn run_os(args: Vec<OsString>) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_retaguarda"))
        .args(args)
        .output()
        .unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

/// No trace of clap's or the system's English.
fn assert_no_english(text: &str) {
    for english in [
        "error:",
        "Usage",
        "For more information",
        "invalid value",
        "unexpected argument",
        "required",
        "possible values",
        "invalid UTF-8",
        "No such file",
        "os error",
        "Is a directory",
        "chunk",
        "not enough data",
        "tip:",
    ] {
        assert!(!text.contains(english), "{english:?} in {text}");
    }
}

/// The run failed with status 2 and this pt-BR message on stderr; with `--json` the same
/// message is JSON on stdout.
fn refused(args: &[&str], expected: &str) {
    let r = run(args);
    assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
    assert!(r.stderr.starts_with("erro: "), "{}", r.stderr);
    assert!(r.stderr.contains(expected), "{args:?}: {}", r.stderr);
    assert!(
        r.stderr.contains("Veja 'retaguarda --help'."),
        "{}",
        r.stderr
    );
    assert_no_english(&r.stderr);
    assert!(r.stdout.is_empty(), "{}", r.stdout);

    let mut with_json = vec!["--json"];
    with_json.extend_from_slice(args);
    let r = run(&with_json);
    assert_eq!(r.code, 2);
    let v: serde_json::Value =
        serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("{e}: {}", r.stdout));
    assert_eq!(v["ok"], false);
    assert!(v["erro"].as_str().unwrap().contains(expected), "{v}");
}

#[test]
fn clap_errors_are_pt_br() {
    refused(
        &["export", "--format", "xlsx", "x.retaguarda"],
        "valor inválido 'xlsx' para --format <FORMATO>; valores aceitos: hledger, beancount, csv",
    );
    refused(&["import", "ofx"], "falta o argumento obrigatório");
    refused(&["doc", "123", "--nada"], "argumento desconhecido '--nada'");
    refused(&["exportar"], "comando desconhecido 'exportar'");
    refused(
        &[
            "import",
            "ofx",
            "a",
            "b",
            "--account",
            "x",
            "--in-place",
            "-o",
            "y",
        ],
        "não pode ser usado junto com",
    );
    refused(
        &["saldos", "x.retaguarda", "--data", "31/02/2026"],
        "data '31/02/2026' inválida: use AAAA-MM-DD",
    );
    refused(
        &[
            "import",
            "ofx",
            "a",
            "b",
            "--account",
            "x",
            "--statement",
            "dois",
        ],
        "valor inválido 'dois' para --statement <N>",
    );
}

#[test]
fn invalid_utf8_is_refused_in_pt_br() {
    let args = vec![
        OsString::from("import"),
        OsString::from("ofx"),
        OsString::from("a.retaguarda"),
        OsString::from("b.ofx"),
        OsString::from("--account"),
        OsString::from_vec(b"Ita\xFA".to_vec()),
    ];
    let r = run_os(args.clone());
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("não é texto UTF-8 válido"),
        "{}",
        r.stderr
    );
    assert_no_english(&r.stderr);
    let mut json = vec![OsString::from("--json")];
    json.extend(args);
    let r = run_os(json);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert!(v["erro"].as_str().unwrap().contains("UTF-8"), "{v}");
}

#[test]
fn no_command_shows_the_help_or_a_json_error() {
    let r = run(&[]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("Uso: retaguarda"), "{}", r.stderr);
    let (code, v) = run_json(&[]);
    assert_eq!(code, 2);
    assert!(
        v["erro"].as_str().unwrap().starts_with("falta o comando"),
        "{v}"
    );
}

#[test]
fn help_and_version_still_work() {
    let r = run(&["--help"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    for heading in [
        "Uso: retaguarda",
        "Comandos:",
        "Opções:",
        "Mostra esta ajuda",
        "saldos",
    ] {
        assert!(r.stdout.contains(heading), "{heading} in {}", r.stdout);
    }
    assert!(!r.stdout.contains("Print help"), "{}", r.stdout);
    let r = run(&["import", "ofx", "--help"]);
    assert_eq!(r.code, 0);
    assert!(r.stdout.contains("--statement <N>"), "{}", r.stdout);
    assert!(r.stdout.contains("Argumentos:"), "{}", r.stdout);
    let r = run(&["--version"]);
    assert_eq!(r.code, 0);
    assert_eq!(
        r.stdout.trim(),
        format!("retaguarda {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn system_errors_are_pt_br() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nada.retaguarda");
    let r = run(&["backup", "inspect", missing.to_str().unwrap()]);
    assert_eq!(r.code, 3);
    assert_eq!(
        r.stderr.trim(),
        format!(
            "erro: não foi possível usar o arquivo {}: arquivo não encontrado",
            missing.display()
        )
    );
    let r = run(&["saldos", dir.path().to_str().unwrap()]);
    assert_eq!(r.code, 3);
    assert!(
        r.stderr.contains("é uma pasta, não um arquivo"),
        "{}",
        r.stderr
    );
    assert_no_english(&r.stderr);
}

#[test]
fn automerge_errors_are_pt_br() {
    let dir = tempfile::tempdir().unwrap();
    // A real backup header in front of a document cut short.
    let good = std::fs::read(recon_books::write_book(dir.path())).unwrap();
    let cut = dir.path().join("cortado.retaguarda");
    std::fs::write(&cut, &good[..good.len() / 2]).unwrap();
    for args in [
        vec!["backup", "inspect", cut.to_str().unwrap()],
        vec!["saldos", cut.to_str().unwrap()],
        vec!["export", "--format", "csv", cut.to_str().unwrap()],
    ] {
        let r = run(&args);
        assert_eq!(r.code, 1, "{args:?}");
        assert!(
            r.stderr.contains("o arquivo está danificado ou incompleto"),
            "{}",
            r.stderr
        );
        assert_no_english(&r.stderr);
    }
}

#[test]
fn hostile_input_is_quoted_only_in_part() {
    let huge = "9".repeat(100_000);
    let r = run(&[
        "pix",
        "encode",
        "--key",
        "+5511999990000",
        "--name",
        "Loja",
        "--city",
        "Recife",
        "--amount",
        &huge,
    ]);
    assert_eq!(r.code, 1, "{}", &r.stderr[..r.stderr.len().min(300)]);
    assert!(r.stderr.len() < 300, "{} bytes echoed", r.stderr.len());
    assert!(r.stderr.contains("(100000 caracteres)"), "{}", r.stderr);

    let r = run(&["saldos", "x.retaguarda", "--data", &huge]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.len() < 400, "{} bytes echoed", r.stderr.len());

    let r = run(&["export", "--format", &huge, "x.retaguarda"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.len() < 400, "{} bytes echoed", r.stderr.len());

    let dir = tempfile::tempdir().unwrap();
    let ofx = dir.path().join("x.ofx");
    std::fs::write(
        &ofx,
        format!(
            "OFXHEADER:100\n\n<OFX><BANKMSGSRSV1><STMTTRNRS><STMTRS><CURDEF>BRL\
             <BANKACCTFROM><BANKID>1<ACCTID>9</BANKACCTFROM><BANKTRANLIST>\
             <STMTTRN><DTPOSTED>20260301<TRNAMT>{huge}<FITID>1</STMTTRN>\
             </BANKTRANLIST></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>"
        ),
    )
    .unwrap();
    let backup = recon_books::write_book(dir.path());
    let r = run(&[
        "import",
        "ofx",
        backup.to_str().unwrap(),
        ofx.to_str().unwrap(),
        "--account",
        "Caixa",
    ]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.len() < 400, "{} bytes echoed", r.stderr.len());
    assert!(
        r.stderr.contains("valor inválido em TRNAMT"),
        "{}",
        r.stderr
    );
}
