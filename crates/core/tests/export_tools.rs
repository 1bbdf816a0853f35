//! The exports checked by the real tools: `hledger balance` on the journal and `bean-check`
//! on the beancount file must agree with the app's balance of every account.
//!
//! The tools come from `scripts/ledger-tools.sh`. When a tool is missing the test says so
//! and passes, unless the environment variable `CI` or `RETAGUARDA_REQUIRE_LEDGER_TOOLS`
//! is set (scripts/test.sh sets it): then a missing tool fails.

use crate::export_support;

use std::path::PathBuf;
use std::process::Command;

use export_support::*;
use retaguarda_core::export;
use retaguarda_core::Business;

/// The tool on PATH, or in the venv `scripts/ledger-tools.sh` creates.
fn find_tool(name: &str) -> Option<PathBuf> {
    let venv = std::env::var_os("LEDGER_TOOLS_VENV")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/ledger-tools-venv")
        });
    let in_venv = venv.join("bin").join(name);
    if in_venv.is_file() {
        return Some(in_venv);
    }
    let on_path = Command::new(name).arg("--version").output().is_ok();
    on_path.then(|| PathBuf::from(name))
}

fn tool_or_skip(name: &str) -> Option<PathBuf> {
    let found = find_tool(name);
    if found.is_none() {
        assert!(
            std::env::var_os("CI").is_none()
                && std::env::var_os("RETAGUARDA_REQUIRE_LEDGER_TOOLS").is_none(),
            "{name} não está instalado e CI está definido: rode scripts/ledger-tools.sh"
        );
        eprintln!("AVISO: {name} não encontrado; teste pulado (rode scripts/ledger-tools.sh)");
    }
    found
}

fn books() -> Vec<(Business, Vec<String>)> {
    let mut out = vec![fixed_book()];
    // A few generated books with many movements, from fixed seeds.
    use proptest::strategy::{Strategy, ValueTree};
    use proptest::test_runner::{Config, TestRunner};
    let mut runner = TestRunner::new_with_rng(
        Config::default(),
        proptest::test_runner::TestRng::deterministic_rng(
            proptest::test_runner::RngAlgorithm::ChaCha,
        ),
    );
    for _ in 0..3 {
        let (openings, moves) = moves().new_tree(&mut runner).expect("tree").current();
        out.push(random_book(&openings, &moves));
    }
    out
}

fn write_temp(text: &str, ext: &str, n: usize) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("retaguarda-export-tools-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(format!("book{n}.{ext}"));
    std::fs::write(&path, text).expect("write export");
    path
}

#[test]
fn hledger_balances_equal_the_app_balances() {
    let Some(hledger) = tool_or_skip("hledger") else {
        return;
    };
    for (n, (biz, accounts)) in books().into_iter().enumerate() {
        let path = write_temp(&export::hledger(&biz).unwrap(), "journal", n);
        let out = Command::new(&hledger)
            .arg("-f")
            .arg(&path)
            .args(["balance", "--flat", "-E", "-N", "-O", "csv"])
            .output()
            .expect("run hledger");
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "hledger falhou: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        // Rows are "account","amount"; a zero balance is written "0".
        let mut tool: std::collections::BTreeMap<String, rust_decimal::Decimal> =
            Default::default();
        for line in stdout.lines().skip(1) {
            let cols: Vec<&str> = line.split("\",\"").map(|c| c.trim_matches('"')).collect();
            assert_eq!(cols.len(), 2, "linha inesperada: {line}");
            let amount = cols[1].trim_end_matches("BRL").trim();
            tool.insert(cols[0].to_string(), dec(amount));
        }
        let names = export::account_names(&biz).unwrap();
        for id in &accounts {
            let want = biz.account_balance(id, far_future()).unwrap();
            let got = tool.get(&names[id]).copied().unwrap_or_default();
            assert_eq!(got, want, "livro {n}, conta {}:\n{stdout}", names[id]);
        }
    }
}

#[test]
fn bean_check_accepts_the_file_and_its_balance_assertions() {
    let Some(bean_check) = tool_or_skip("bean-check") else {
        return;
    };
    for (n, (biz, accounts)) in books().into_iter().enumerate() {
        let text = export::beancount(&biz).unwrap();
        let path = write_temp(&text, "beancount", n);
        let out = Command::new(&bean_check)
            .arg(&path)
            .output()
            .expect("run bean-check");
        assert!(
            out.status.success(),
            "bean-check falhou no livro {n}: {}{}\n{text}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        // The check is real: a wrong balance assertion makes bean-check fail.
        if let Some(id) = accounts.first() {
            let names = export::account_names(&biz).unwrap();
            let good = biz.account_balance(id, far_future()).unwrap();
            let mut g = good;
            g.rescale(2);
            let wrong = text.replace(
                &format!("balance {}  {} BRL", names[id], g),
                &format!(
                    "balance {}  {} BRL",
                    names[id],
                    g + rust_decimal::Decimal::ONE
                ),
            );
            assert_ne!(wrong, text, "assertion not found for {}", names[id]);
            let bad = write_temp(&wrong, "beancount", 100 + n);
            let out = Command::new(&bean_check)
                .arg(&bad)
                .output()
                .expect("run bean-check");
            assert!(
                !out.status.success(),
                "bean-check should reject a wrong balance"
            );
        }
    }
}
