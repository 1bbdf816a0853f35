//! `retaguarda saldos BACKUP [--data AAAA-MM-DD]`: every account's balance at the end of a
//! day, as core's `balances` computes it, and the total.

use crate::common;
use crate::recon_books;

use common::{run, run_json};

#[test]
fn balances_on_a_date_as_text_and_json() {
    let dir = tempfile::tempdir().unwrap();
    let path = recon_books::write_book(dir.path());
    let p = path.to_str().unwrap();

    // Before the flour was paid on 01/02: the opening balances.
    let r = run(&["saldos", p, "--data", "2026-01-31"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stdout,
        "Saldos no fim de 31/01/2026:\n  Banco do Brasil (banco): R$ 1.000,00\n  \
         Caixa (caixa): R$ 50,00\nTotal: R$ 1.050,00\n"
    );

    // After it: 1000 - 300 in the bank.
    let (code, v) = run_json(&["saldos", p, "--data", "01/02/2026"]);
    assert_eq!(code, 0, "{v}");
    assert_eq!(v["data"], "2026-02-01");
    assert_eq!(v["contas"][0]["nome"], "Banco do Brasil");
    assert_eq!(v["contas"][0]["saldo"], "700.00");
    assert_eq!(v["contas"][1]["saldo"], "50.00");
    assert_eq!(v["total"], "750.00");

    // Before the accounts were opened.
    let (_, v) = run_json(&["saldos", p, "--data", "2025-12-31"]);
    assert_eq!(
        recon_books::dec(v["total"].as_str().unwrap()),
        recon_books::dec("0")
    );

    // Without --data: today, which is after every movement.
    let (code, v) = run_json(&["saldos", p]);
    assert_eq!(code, 0);
    assert_eq!(v["total"], "750.00");
}
