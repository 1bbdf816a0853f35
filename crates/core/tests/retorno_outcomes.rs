//! What a retorno does to a charge beyond marking it: the bank's baixa closes an open charge
//! (and its receivable); a rejected boleto is corrected and goes in the next remessa with the
//! same nosso número, keeping the bank's earlier reason; and after it is registered, paying
//! it records the bank's fee as a settled expense on the carteira's account.

use crate::boleto_support;
use crate::common;
use boleto_support::*;
use common::*;
use retaguarda_core::charges::ChargeStatus;
use retaguarda_core::ledger::{categories, EntryKind};
use retaguarda_core::parties::PartyInput;

fn at() -> chrono::NaiveDateTime {
    date("2026-03-10").and_hms_opt(9, 0, 0).unwrap()
}

fn nosso(s: &Setup, id: &str) -> String {
    s.biz.boleto_slip(id).unwrap().issued.nosso_numero_cnab
}

fn plain<'a>(code: &'a str, nosso: &'a str, reasons: &'a str) -> Ret<'a> {
    Ret {
        code,
        nosso,
        amount: "000000000015000",
        fee: "000000000000000",
        reasons,
        paid: None,
    }
}

#[test]
fn the_banks_baixa_closes_an_open_charge() {
    let mut s = setup();
    let ids = s
        .biz
        .create_boleto_charges(&ctx(), &s.carteira, boleto_charge(&s.customer, "300.00", 2))
        .unwrap();
    s.biz.generate_remessa(&ctx(), &s.carteira, at()).unwrap();
    let n0 = nosso(&s, &ids[0]);
    let text = retorno("000040", &[plain("09", &n0, "")]);
    let summary = s
        .biz
        .import_retorno(&ctx_on("2026-05-02"), &s.carteira, &text)
        .unwrap();
    assert_eq!((summary.written_off, summary.closed), (1, 1));
    let view = s.biz.charge_view(&ids[0], date("2026-05-02")).unwrap();
    assert_eq!(view.status, ChargeStatus::Cancelled);
    let cancelled = view.charge.cancelled.clone().unwrap();
    assert_eq!(cancelled.date, date("2026-05-02"));
    assert_eq!(
        cancelled.reason.as_deref(),
        Some("Baixado pelo banco (Baixa simples)")
    );
    assert_eq!(
        view.charge.boleto.unwrap().bank_status(),
        "Baixado no banco"
    );
    // Its receivable leaves the open amounts; the other installment stays open.
    let entry = s
        .biz
        .entries()
        .unwrap()
        .into_iter()
        .find(|(id, _)| *id == view.charge.entry)
        .unwrap();
    assert!(entry.1.cancelled.is_some());
    let other = s.biz.charge_view(&ids[1], date("2026-05-02")).unwrap();
    assert_eq!(other.status, ChargeStatus::Overdue);
    // A baixa the business asked for (charge already cancelled) changes only the boleto.
    s.biz.cancel_charge(&ctx(), &ids[1], None).unwrap();
    let second = s.biz.generate_remessa(&ctx(), &s.carteira, at()).unwrap();
    assert_eq!(second.baixas, 1);
    let n1 = nosso(&s, &ids[1]);
    let text = retorno("000041", &[plain("09", &n1, "")]);
    let summary = s
        .biz
        .import_retorno(&ctx_on("2026-05-03"), &s.carteira, &text)
        .unwrap();
    assert_eq!((summary.written_off, summary.closed), (1, 0));
    let other = s.biz.charge_view(&ids[1], date("2026-05-03")).unwrap();
    assert_eq!(other.charge.cancelled.unwrap().reason, None);
}

#[test]
fn a_rejected_boleto_is_corrected_and_sent_again() {
    let mut s = setup();
    // A customer whose address the bank refuses (CEP of no city).
    let mut input = PartyInput::customer("José Pereira");
    input.tax_id = Some("123.456.789-09".into());
    input.address = Some("Rua Torta, 1, Centro, São Paulo - SP, 00000-000".into());
    let jose = s.biz.create_party(&ctx(), input).unwrap();
    let ids = s
        .biz
        .create_boleto_charges(&ctx(), &s.carteira, boleto_charge(&jose, "150.00", 1))
        .unwrap();
    let id = ids[0].clone();
    let first = s.biz.generate_remessa(&ctx(), &s.carteira, at()).unwrap();
    assert_eq!(first.entries, 1);
    let n = nosso(&s, &id);
    let text = retorno("000050", &[plain("03", &n, "95")]);
    let summary = s
        .biz
        .import_retorno(&ctx_on("2026-03-11"), &s.carteira, &text)
        .unwrap();
    assert_eq!(
        summary.rejected,
        vec![(
            id.clone(),
            "CEP do pagador não numérico ou inválido".to_string()
        )]
    );

    // Nothing to send until the person corrects and re-sends it.
    let carteira = s.carteira.clone();
    assert_rejected_unchanged(&mut s.biz, |b| b.generate_remessa(&ctx(), &carteira, at()));
    // Only a rejected boleto can be re-sent.
    let other = s
        .biz
        .create_boleto_charges(&ctx(), &s.carteira, boleto_charge(&s.customer, "10.00", 1))
        .unwrap();
    let other_id = other[0].clone();
    let err = assert_rejected_unchanged(&mut s.biz, |b| b.resend_boleto(&ctx(), &other_id));
    assert_eq!(
        err.to_string(),
        "Só um boleto rejeitado pelo banco pode ser reenviado."
    );
    s.biz.cancel_charge(&ctx(), &other_id, None).unwrap();

    let mut fixed = PartyInput::customer("José Pereira");
    fixed.tax_id = Some("123.456.789-09".into());
    fixed.address = Some("Rua Torta, 1, Centro, São Paulo - SP, 01310-100".into());
    s.biz.update_party(&ctx(), &jose, fixed).unwrap();
    s.biz.resend_boleto(&ctx(), &id).unwrap();
    let b = s
        .biz
        .charge_view(&id, date("2026-03-12"))
        .unwrap()
        .charge
        .boleto
        .unwrap();
    assert_eq!(b.bank_status(), "Aguardando envio na remessa");
    assert_eq!(
        b.earlier_rejections,
        vec!["CEP do pagador não numérico ou inválido".to_string()]
    );

    // The next remessa carries it again, same nosso número, with the corrected CEP.
    let second = s.biz.generate_remessa(&ctx(), &s.carteira, at()).unwrap();
    assert_eq!((second.sequence, second.entries), (2, 1));
    let p = second
        .text
        .lines()
        .find(|l| &l[13..14] == "P")
        .unwrap()
        .to_string();
    assert_eq!(&p[15..17], "01");
    assert_eq!(p[37..57].trim(), n);
    let q = second.text.lines().find(|l| &l[13..14] == "Q").unwrap();
    assert_eq!(&q[128..136], "01310100");

    // Registered, then paid: the bank's fee is a settled expense on the account.
    let text = retorno(
        "000051",
        &[
            plain("02", &n, ""),
            Ret {
                code: "06",
                nosso: &n,
                amount: "000000000015000",
                fee: "000000000000195",
                reasons: "",
                paid: Some(("000000000000000", "000000000015000", "20032026")),
            },
        ],
    );
    let summary = s
        .biz
        .import_retorno(&ctx_on("2026-03-20"), &s.carteira, &text)
        .unwrap();
    assert_eq!((summary.registered, summary.paid), (1, 1));
    assert_eq!(summary.fees, dec("1.95"));
    let view = s.biz.charge_view(&id, date("2026-03-20")).unwrap();
    assert_eq!(view.status, ChargeStatus::Paid);
    let source = format!("charge:{id}");
    let fee = s
        .biz
        .entries()
        .unwrap()
        .into_iter()
        .find(|(_, e)| e.kind == EntryKind::Payable && e.source.as_deref() == Some(&source))
        .unwrap();
    assert_eq!(fee.1.amount, dec("1.95"));
    assert_eq!(fee.1.category.as_deref(), Some(categories::OTHER_EXPENSES));
    assert_eq!(fee.1.open_amount(), dec("0"));
    assert_eq!(fee.1.account.as_deref(), Some(s.account.as_str()));
}
