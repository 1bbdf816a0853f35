//! A charge's page is one query: the open amount, the Pix code or why there is none, the
//! accounts to pay into (the bank first), the reminder log newest first, and the reminder
//! message with the wa.me number.

use crate::common;
use common::*;
use retaguarda_core::charges::{PayInto, PixCode, ReminderChannel};
use retaguarda_core::formats::pix::BrCode;
use retaguarda_core::parties::PartyInput;

fn customer(biz: &mut retaguarda_core::Business) -> String {
    biz.create_party(
        &ctx(),
        PartyInput {
            phone: Some("(21) 99876-5432".into()),
            email: Some("ana@exemplo.com.br".into()),
            ..PartyInput::customer("Ana Reis")
        },
    )
    .unwrap()
}

#[test]
fn without_a_pix_key_the_page_asks_for_it_and_pays_into_a_new_cash_drawer() {
    let mut biz = new_business();
    let ana = customer(&mut biz);
    let id = charge(&mut biz, &ana, "45.90", "2026-03-20");
    let detail = biz.charge_detail(&id, date("2026-03-10")).unwrap().unwrap();
    assert_eq!(detail.pix, Some(PixCode::MissingKey));
    assert_eq!(detail.party_name, "Ana Reis");
    assert_eq!(detail.business, "Padaria Pão Quente");
    assert_eq!(detail.open_amount, dec("45.90"));
    assert_eq!(detail.default_pay_into(), PayInto::NewCash);
    assert_eq!(detail.whatsapp_number().as_deref(), Some("5521998765432"));
    assert_eq!(
        detail.reminder_subject(),
        "Cobrança R$ 45,90 - vencimento 20/03/2026"
    );
    assert_eq!(
        detail.reminder_message(),
        "Olá, Ana Reis! Aqui é da Padaria Pão Quente. Lembrete da cobrança \"Encomenda\" no \
         valor de R$ 45,90, com vencimento em 20/03/2026.\n\nObrigado!"
    );
    assert!(biz
        .charge_detail("nao-existe", date("2026-03-10"))
        .unwrap()
        .is_none());
}

#[test]
fn with_the_pix_key_the_code_is_in_the_message_and_reads_back() {
    let mut biz = new_business();
    let ana = customer(&mut biz);
    let id = charge(&mut biz, &ana, "45.90", "2026-03-20");
    let err = biz.set_pix_key(&ctx(), "  ", "São Paulo").unwrap_err();
    assert_eq!(
        err.to_string(),
        "Chave Pix: informe a chave Pix do negócio."
    );
    biz.set_pix_key(&ctx(), "pix@padaria.com.br", "São Paulo")
        .unwrap();
    // The rest of the profile is kept.
    assert_eq!(biz.profile().unwrap().name, "Padaria Pão Quente");
    let detail = biz.charge_detail(&id, date("2026-03-10")).unwrap().unwrap();
    assert_eq!(detail.business_city.as_deref(), Some("São Paulo"));
    let Some(PixCode::Ready(code)) = detail.pix.clone() else {
        panic!("no Pix code: {:?}", detail.pix);
    };
    // Read back by the formats crate's BR Code parser (CRC and field lengths checked).
    let read = BrCode::parse(&code).unwrap();
    assert_eq!(read.amount, Some(dec("45.90")));
    assert_eq!(read.key.as_deref(), Some("pix@padaria.com.br"));
    assert_eq!(read.city, "Sao Paulo");
    assert!(detail
        .reminder_message()
        .contains(&format!("Pix copia e cola:\n{code}")));
}

#[test]
fn the_bank_is_offered_first_and_the_log_is_newest_first() {
    let mut biz = new_business();
    let cash = cash_account(&mut biz, "0");
    let bank = bank_account(&mut biz, "0");
    let ana = customer(&mut biz);
    let id = charge(&mut biz, &ana, "60.00", "2026-03-20");
    biz.record_reminder(&ctx_on("2026-03-11"), &id, ReminderChannel::WhatsApp, None)
        .unwrap();
    biz.record_reminder(
        &ctx_on("2026-03-13"),
        &id,
        ReminderChannel::Email,
        Some("segunda"),
    )
    .unwrap();
    let detail = biz.charge_detail(&id, date("2026-03-13")).unwrap().unwrap();
    assert_eq!(detail.default_pay_into(), PayInto::Account(bank.clone()));
    assert_eq!(detail.accounts.len(), 2);
    let channels: Vec<_> = detail.reminders.iter().map(|r| r.channel).collect();
    assert_eq!(
        channels,
        vec![ReminderChannel::Email, ReminderChannel::WhatsApp]
    );
    // Paid into the cash drawer: the page names it and offers no Pix code any more.
    biz.pay_charge_into(
        &ctx_on("2026-03-14"),
        &id,
        date("2026-03-14"),
        PayInto::Account(cash),
    )
    .unwrap();
    let detail = biz.charge_detail(&id, date("2026-03-14")).unwrap().unwrap();
    assert_eq!(detail.paid_account.as_deref(), Some("Caixa da loja"));
    assert_eq!(detail.pix, None);
    assert_eq!(detail.open_amount, dec("0.00"));
}
