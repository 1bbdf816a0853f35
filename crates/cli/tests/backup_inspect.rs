//! `retaguarda backup inspect`: what a backup holds, as text and JSON; a wrong file fails
//! with a pt-BR message.

use crate::common;
use crate::recon_books;

use common::{run, run_json};

#[test]
fn inspect_prints_business_counts_and_devices() {
    let dir = tempfile::tempdir().unwrap();
    let path = recon_books::write_book(dir.path());
    let p = path.to_str().unwrap();
    let (code, v) = run_json(&["backup", "inspect", p]);
    assert_eq!(code, 0, "{v}");
    assert_eq!(v["negocio"], "Padaria Pão Quente");
    assert_eq!(v["registros"]["contas"], 2);
    assert_eq!(v["registros"]["lancamentos"], 3);
    assert!(v["registros"].get("entries").is_none(), "{v}");
    assert_eq!(v["aparelhos"], serde_json::json!(["Celular da Ana"]));
    assert!(v["alteracoes"].as_u64().unwrap() >= 6, "{v}");
    assert!(v["ultima_alteracao_ms"].as_i64().unwrap() > 0);

    let r = run(&["backup", "inspect", p]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("Negócio: Padaria Pão Quente"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("  Lançamentos: 3"), "{}", r.stdout);
    assert!(r.stdout.contains("  Contas: 2"), "{}", r.stdout);
    assert!(r.stdout.contains("  Categorias: "), "{}", r.stdout);
    for english in ["entries", "accounts", "categories"] {
        assert!(!r.stdout.contains(english), "{english} in {}", r.stdout);
    }
    assert!(
        r.stdout.contains("Aparelhos: Celular da Ana"),
        "{}",
        r.stdout
    );
}

#[test]
fn a_file_that_is_not_a_backup_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.retaguarda");
    std::fs::write(&path, b"hello").unwrap();
    let r = run(&["backup", "inspect", path.to_str().unwrap()]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("não é um backup do Retaguarda"),
        "{}",
        r.stderr
    );
    let r = run(&[
        "backup",
        "inspect",
        dir.path().join("nada").to_str().unwrap(),
    ]);
    assert_eq!(r.code, 3, "{}", r.stderr);
}

#[test]
fn inspect_counts_what_two_offline_devices_added_to_collections_each_created() {
    use retaguarda_core::parties::PartyInput;
    use retaguarda_core::{backup, Device};

    let mut first = recon_books::book();
    let mut second = first.fork(&Device::with_actor([2; 16], "Notebook"));
    let ctx = retaguarda_core::OpCtx::new(recon_books::date("2026-03-10"), 1_773_144_000_000);
    // Neither device has a `parties` collection yet, so each creates its own offline.
    assert!(first.parties().unwrap().is_empty());
    for (biz, names) in [
        (&mut first, ["Ana", "Bia"]),
        (&mut second, ["Caio", "Duda"]),
    ] {
        for name in names {
            biz.create_party(&ctx, PartyInput::customer(name)).unwrap();
        }
    }
    first.merge(&mut second).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("merged.retaguarda");
    std::fs::write(&path, backup::write(&mut first)).unwrap();

    let (code, v) = run_json(&["backup", "inspect", path.to_str().unwrap()]);
    assert_eq!(code, 0, "{v}");
    assert_eq!(v["registros"]["clientes_fornecedores"], 4, "{v}");
    assert_eq!(v["registros"]["lancamentos"], 3, "{v}");
}
