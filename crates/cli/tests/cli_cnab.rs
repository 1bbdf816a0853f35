//! `retaguarda cnab remessa` and `cnab retorno`: the remessa of a backup's boleto charges
//! (a new backup records them as sent), then the bank's retorno (built at FEBRABAN's CNAB
//! 240 positions) paying one of them, imported into a new backup; the same retorno again
//! changes nothing; a damaged one is refused.

use crate::common;
use crate::recon_books;

use std::path::Path;

use common::{run, run_json};
use recon_books::{date, dec, read_book};
use retaguarda_core::backup;
use retaguarda_core::carteira::CarteiraInput;
use retaguarda_core::charges::{ChargeMethod, ChargeStatus, NewCharge};
use retaguarda_core::ledger::{AccountKind, NewAccount};
use retaguarda_core::parties::PartyInput;
use retaguarda_core::{Business, Device, OpCtx};

fn write_backup(dir: &Path) -> std::path::PathBuf {
    let ctx = OpCtx::new(date("2026-03-10"), 1_773_144_000_000);
    let mut biz = Business::create(
        &Device::with_actor([1; 16], "Celular da Ana"),
        "Padaria Pão Quente",
        &ctx,
    )
    .unwrap();
    biz.update_profile(
        &ctx,
        "Padaria Pão Quente",
        Some("11.222.333/0001-81"),
        Some("São Paulo"),
        None,
    )
    .unwrap();
    let account = biz
        .create_account(
            &ctx,
            NewAccount {
                name: "Itaú".into(),
                kind: AccountKind::Bank,
                opening_balance: dec("0"),
                opening_date: date("2026-01-01"),
            },
        )
        .unwrap();
    let carteira = biz
        .save_carteira(
            &ctx,
            None,
            CarteiraInput {
                account,
                bank: "341".into(),
                agencia: "0057".into(),
                conta: "72192".into(),
                conta_dv: Some("3".into()),
                carteira: "109".into(),
                range_start: 1,
                range_end: Some(9999),
                ..CarteiraInput::default()
            },
        )
        .unwrap();
    let mut p = PartyInput::customer("Maria Souza");
    p.tax_id = Some("529.982.247-25".into());
    p.address = Some("Rua das Flores, 12, Centro, São Paulo - SP, 01310-100".into());
    let customer = biz.create_party(&ctx, p).unwrap();
    biz.create_boleto_charges(
        &ctx,
        &carteira,
        NewCharge {
            party: customer,
            amount: dec("150.00"),
            first_due_date: date("2026-12-20"),
            method: ChargeMethod::Boleto,
            description: "Encomenda".into(),
            installments: 1,
            category: None,
            account: None,
        },
    )
    .unwrap();
    let path = dir.join("padaria.retaguarda");
    std::fs::write(&path, backup::write(&mut biz)).unwrap();
    path
}

fn record(fields: &[(usize, &str)]) -> String {
    let mut line = vec![b' '; 240];
    for (from, value) in fields {
        line[from - 1..from - 1 + value.len()].copy_from_slice(value.as_bytes());
    }
    String::from_utf8(line).unwrap()
}

/// A retorno paying `nosso` with R$ 2,00 juros and a R$ 1,90 fee (FEBRABAN positions).
#[rustfmt::skip]
fn retorno(nosso: &str) -> String {
    [
        record(&[(1, "341"), (4, "0000"), (8, "0"), (53, "00057"), (59, "000000072192"), (143, "2"), (144, "22122026"), (158, "000005")]),
        record(&[(1, "341"), (4, "0001"), (8, "1"), (9, "T")]),
        record(&[(1, "341"), (4, "0001"), (8, "3"), (9, "00001"), (14, "T"), (16, "06"), (38, nosso),
            (74, "20122026"), (82, "000000000015000"), (199, "000000000000190")]),
        record(&[(1, "341"), (4, "0001"), (8, "3"), (9, "00002"), (14, "U"), (16, "06"), (18, "000000000000200"),
            (78, "000000000015200"), (138, "22122026"), (146, "23122026")]),
        record(&[(1, "341"), (4, "0001"), (8, "5"), (18, "000004")]),
        record(&[(1, "341"), (4, "9999"), (8, "9"), (18, "000001"), (24, "000006")]),
    ]
    .join("\r\n")
}

#[test]
fn remessa_then_retorno_pays_the_charge() {
    let dir = tempfile::tempdir().unwrap();
    let backup_path = write_backup(dir.path());
    let original = std::fs::read(&backup_path).unwrap();
    let rem = dir.path().join("arquivo.rem");
    let r = run(&[
        "cnab",
        "remessa",
        backup_path.to_str().unwrap(),
        "--account",
        "itaú",
        "-o",
        rem.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("Remessa 1 gravada em"), "{}", r.stdout);
    assert!(
        r.stdout
            .contains("1 registro(s) de boleto, 0 pedido(s) de baixa"),
        "{}",
        r.stdout
    );
    assert_eq!(
        std::fs::read(&backup_path).unwrap(),
        original,
        "the original backup is untouched"
    );
    let text = std::fs::read_to_string(&rem).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 7);
    assert!(lines.iter().all(|l| l.len() == 240));
    assert_eq!(&lines[2][13..17], "P 01");

    let sent = dir.path().join("padaria-remessa.retaguarda");
    let biz = read_book(&sent);
    let (id, charge) = biz
        .charges(date("2026-12-01"))
        .unwrap()
        .into_iter()
        .map(|v| (v.id, v.charge))
        .next()
        .unwrap();
    assert_eq!(charge.boleto.as_ref().unwrap().sent_in, Some(1));
    let nosso = biz.boleto_slip(&id).unwrap().issued.nosso_numero_cnab;
    assert_eq!(lines[2][37..57].trim(), nosso);

    let ret = dir.path().join("arquivo.ret");
    std::fs::write(&ret, retorno(&nosso)).unwrap();
    let out = dir.path().join("pago.retaguarda");
    let r = run(&[
        "cnab",
        "retorno",
        sent.to_str().unwrap(),
        ret.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("Registrados: 0  Rejeitados: 0  Pagos: 1  Baixados: 0  Sem cobrança: 0\nTarifas: R$ 1,90"), "{}", r.stdout);
    let paid = read_book(&out);
    let view = paid.charge_view(&id, date("2026-12-22")).unwrap();
    assert_eq!(view.status, ChargeStatus::Paid);
    assert_eq!(view.charge.paid.unwrap().date, date("2026-12-22"));

    // The same retorno on the paid backup: nothing changes.
    let again = dir.path().join("de-novo.retaguarda");
    let r = run(&[
        "cnab",
        "retorno",
        out.to_str().unwrap(),
        ret.to_str().unwrap(),
        "-o",
        again.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stdout.trim(),
        "Este retorno já foi importado: nada mudou."
    );
    assert!(!again.exists());

    // A damaged retorno is refused.
    std::fs::write(&ret, &retorno(&nosso)[..700]).unwrap();
    let r = run(&[
        "cnab",
        "retorno",
        sent.to_str().unwrap(),
        ret.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr
            .contains("linha 3 do arquivo de retorno tem 216 caracteres"),
        "{}",
        r.stderr
    );
}

#[test]
fn remessa_of_an_account_without_carteira_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let backup_path = write_backup(dir.path());
    let rem = dir.path().join("arquivo.rem");
    let (code, v) = run_json(&[
        "cnab",
        "remessa",
        backup_path.to_str().unwrap(),
        "--account",
        "caixa",
        "-o",
        rem.to_str().unwrap(),
    ]);
    assert_eq!(code, 1);
    assert_eq!(v["erro"], "conta 'caixa' não encontrada");
    assert!(!rem.exists());
}
