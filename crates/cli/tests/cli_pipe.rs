//! A reader that goes away early (`retaguarda export ... | head -1`) ends the run quietly:
//! status 0, nothing on stderr, no "Broken pipe" panic and no SIGABRT (issue 26). Tested
//! with a real pipe whose reading end is closed after the first line.

use crate::recon_books;

use std::io::{BufRead, BufReader};
use std::os::unix::process::ExitStatusExt;
use std::process::{Command, Stdio};

use recon_books::{date, dec};
use retaguarda_core::backup;
use retaguarda_core::ledger::{EntryKind, NewEntry};
use retaguarda_core::OpCtx;

/// Runs the binary, reads one line of its output, closes the pipe and waits for it.
fn first_line_then_close(args: &[&str]) -> (String, std::process::ExitStatus, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_retaguarda"))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut reader = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    reader.read_line(&mut line).unwrap();
    drop(reader);
    let out = child.wait_with_output().unwrap();
    (
        line,
        out.status,
        String::from_utf8_lossy(&out.stderr).to_string(),
    )
}

fn assert_quiet(status: std::process::ExitStatus, stderr: &str) {
    assert_eq!(
        status.signal(),
        None,
        "killed by a signal: {status:?}; {stderr}"
    );
    assert_eq!(status.code(), Some(0), "{stderr}");
    assert!(stderr.is_empty(), "{stderr}");
}

#[test]
fn export_piped_into_a_reader_that_stops_early() {
    let dir = tempfile::tempdir().unwrap();
    let mut biz = recon_books::book();
    let ctx = OpCtx::new(date("2026-03-10"), 1_773_144_000_000);
    // About 130 KB of CSV: more than a pipe holds (64 KB), so writing must hit the closed end.
    for i in 0..800 {
        biz.create_entry(
            &ctx,
            NewEntry::new(
                EntryKind::Payable,
                format!("Compra de farinha número {i} para a padaria do centro da cidade"),
                dec("10.00"),
                date("2026-03-01"),
            ),
        )
        .unwrap();
    }
    let path = dir.path().join("grande.retaguarda");
    std::fs::write(&path, backup::write(&mut biz)).unwrap();

    let (line, status, stderr) =
        first_line_then_close(&["export", "--format", "csv", path.to_str().unwrap()]);
    assert!(line.starts_with("\u{feff}id;tipo;"), "{line}");
    assert_quiet(status, &stderr);

    let (_, status, stderr) =
        first_line_then_close(&["export", "--format", "hledger", path.to_str().unwrap()]);
    assert_quiet(status, &stderr);
}

#[test]
fn import_piped_into_a_reader_that_stops_early_still_writes_its_backup() {
    let dir = tempfile::tempdir().unwrap();
    let backup = recon_books::write_book(dir.path());
    let mut ofx = String::from(
        "OFXHEADER:100\n\n<OFX><BANKMSGSRSV1><STMTTRNRS><STMTRS><CURDEF>BRL\
         <BANKACCTFROM><BANKID>1<ACCTID>9</BANKACCTFROM><BANKTRANLIST>\n",
    );
    for i in 0..1_600 {
        ofx.push_str(&format!(
            "<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20260305<TRNAMT>-{}.25<FITID>L{i}\
             <MEMO>COMPRA CARTAO LOJA NUMERO {i} CENTRO</STMTTRN>\n",
            i % 90 + 1
        ));
    }
    ofx.push_str("</BANKTRANLIST></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>\n");
    let path = dir.path().join("extrato.ofx");
    std::fs::write(&path, ofx).unwrap();
    let (line, status, stderr) = first_line_then_close(&[
        "import",
        "ofx",
        backup.to_str().unwrap(),
        path.to_str().unwrap(),
        "--account",
        "Banco do Brasil",
    ]);
    assert!(line.starts_with("novo: "), "{line}");
    assert_quiet(status, &stderr);
    let written = recon_books::read_book(&dir.path().join("padaria-conciliado.retaguarda"));
    let lines: usize = written
        .accounts()
        .unwrap()
        .iter()
        .map(|(id, _)| written.bank_lines(id).unwrap().len())
        .sum();
    assert_eq!(lines, 1_600);
}
