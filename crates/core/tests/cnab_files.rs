//! Remessa and retorno of a carteira: the remessa carries the charges not yet sent (and a
//! pedido de baixa for a cancelled one), each charge records its file and the carteira its
//! sequence; the retorno marks charges registered, rejected, paid (with juros and the bank's
//! fee in the ledger) and written off in one change, twice changes nothing, and another
//! carteira's or a damaged file is refused with nothing changed.

use crate::boleto_support;
use crate::common;
use boleto_support::*;
use common::*;
use retaguarda_core::charges::ChargeStatus;
use retaguarda_core::formats::cnab240;
use retaguarda_core::ledger::{categories, EntryKind};

fn at() -> chrono::NaiveDateTime {
    date("2026-03-10").and_hms_opt(9, 0, 0).unwrap()
}

fn nosso(s: &Setup, id: &str) -> String {
    s.biz.boleto_slip(id).unwrap().issued.nosso_numero_cnab
}

#[test]
fn remessa_sends_each_charge_once_and_asks_for_baixa_after_a_cancel() {
    let mut s = setup();
    let ids = s
        .biz
        .create_boleto_charges(&ctx(), &s.carteira, boleto_charge(&s.customer, "200.00", 2))
        .unwrap();
    let first = s.biz.generate_remessa(&ctx(), &s.carteira, at()).unwrap();
    assert_eq!(first.sequence, 1);
    assert_eq!((first.entries, first.baixas), (2, 0));
    assert_eq!(first.file_name, "remessa-341-000001.rem");
    let lines: Vec<&str> = first.text.lines().collect();
    // Header, lote, P Q R twice, trailers.
    assert_eq!(lines.len(), 10);
    assert_eq!(&lines[0][157..163], "000001");
    assert_eq!(&lines[2][13..17], "P 01");
    assert_eq!(lines[2][37..57].trim(), nosso(&s, &ids[0]));
    for id in &ids {
        let b = s
            .biz
            .charge_view(id, date("2026-03-10"))
            .unwrap()
            .charge
            .boleto
            .unwrap();
        assert_eq!(b.sent_in, Some(1));
    }
    let c = s.biz.carteira(&s.carteira).unwrap();
    assert_eq!(c.remessas.values().next().unwrap().entries, ids);

    // Nothing new: refused, unchanged.
    let carteira = s.carteira.clone();
    let err =
        assert_rejected_unchanged(&mut s.biz, |b| b.generate_remessa(&ctx(), &carteira, at()));
    assert_eq!(
        err.to_string(),
        "Não há cobranças por boleto para enviar ao banco nesta carteira."
    );

    // A new charge and a cancelled one: an entrada and a pedido de baixa in file 2.
    let new = s
        .biz
        .create_boleto_charges(&ctx(), &s.carteira, boleto_charge(&s.customer, "80.00", 1))
        .unwrap();
    s.biz
        .cancel_charge(&ctx(), &ids[1], Some("Cliente desistiu"))
        .unwrap();
    let second = s.biz.generate_remessa(&ctx(), &s.carteira, at()).unwrap();
    assert_eq!(second.sequence, 2);
    assert_eq!((second.entries, second.baixas), (1, 1));
    let records: Vec<&str> = second.text.lines().filter(|l| &l[13..14] == "P").collect();
    let moves: Vec<(&str, String)> = records
        .iter()
        .map(|l| (&l[15..17], l[37..57].trim().to_string()))
        .collect();
    assert!(moves.contains(&("01", nosso(&s, &new[0]))));
    assert!(moves.contains(&("02", nosso(&s, &ids[1]))));
    let b = s
        .biz
        .charge_view(&ids[1], date("2026-03-10"))
        .unwrap()
        .charge
        .boleto
        .unwrap();
    assert_eq!(b.baixa_sent_in, Some(2));
    assert_eq!(b.bank_status(), "Pedido de baixa enviado na remessa 2");
}

#[test]
fn remessa_needs_the_payer_document_and_address() {
    let mut s = setup();
    let mut input = retaguarda_core::parties::PartyInput::customer("João Sem Cadastro");
    input.tax_id = Some("111.444.777-35".into());
    let joao = s.biz.create_party(&ctx(), input).unwrap();
    s.biz
        .create_boleto_charges(&ctx(), &s.carteira, boleto_charge(&joao, "90.00", 1))
        .unwrap();
    let carteira = s.carteira.clone();
    let err =
        assert_rejected_unchanged(&mut s.biz, |b| b.generate_remessa(&ctx(), &carteira, at()));
    assert!(
        err.to_string()
            .starts_with("Cadastre o endereço de \"João Sem Cadastro\" com cidade, UF e CEP"),
        "{err}"
    );
}

#[test]
fn retorno_registers_rejects_pays_and_writes_off_in_one_change() {
    let mut s = setup();
    let ids = s
        .biz
        .create_boleto_charges(&ctx(), &s.carteira, boleto_charge(&s.customer, "600.00", 4))
        .unwrap();
    s.biz.generate_remessa(&ctx(), &s.carteira, at()).unwrap();
    let n: Vec<String> = ids.iter().map(|id| nosso(&s, id)).collect();
    let text = retorno(
        "000031",
        &[
            Ret {
                code: "02",
                nosso: &n[0],
                amount: "000000000015000",
                fee: "000000000000000",
                reasons: "",
                paid: None,
            },
            Ret {
                code: "03",
                nosso: &n[1],
                amount: "000000000015000",
                fee: "000000000000000",
                reasons: "1495",
                paid: None,
            },
            Ret {
                code: "06",
                nosso: &n[2],
                amount: "000000000015000",
                fee: "000000000000250",
                reasons: "",
                paid: Some(("000000000000300", "000000000015300", "02042026")),
            },
            Ret {
                code: "09",
                nosso: &n[3],
                amount: "000000000015000",
                fee: "000000000000000",
                reasons: "",
                paid: None,
            },
            // A title of no charge here is counted, not an error.
            Ret {
                code: "02",
                nosso: "10999999999",
                amount: "000000000001000",
                fee: "000000000000000",
                reasons: "",
                paid: None,
            },
        ],
    );
    let heads = s.biz.heads();
    let summary = s
        .biz
        .import_retorno(&ctx_on("2026-04-02"), &s.carteira, &text)
        .unwrap();
    assert_eq!(s.biz.changes_since(&heads).len(), 1, "one change per file");
    assert!(!summary.already_imported);
    assert_eq!(summary.registered, 1);
    assert_eq!(
        summary.rejected,
        vec![(
            ids[1].clone(),
            "nosso número já registrado ou fora da faixa; CEP do pagador não numérico ou inválido"
                .to_string()
        )]
    );
    assert_eq!(summary.paid, 1);
    assert_eq!(summary.written_off, 1);
    assert_eq!(summary.unknown, 1);
    assert_eq!(summary.fees, dec("2.50"));

    let today = date("2026-04-02");
    let view = |i: usize| s.biz.charge_view(&ids[i], today).unwrap();
    assert_eq!(
        view(0).charge.boleto.unwrap().bank_status(),
        "Registrado no banco"
    );
    assert_eq!(
        view(1).charge.boleto.unwrap().bank_status(),
        "Rejeitado pelo banco: nosso número já registrado ou fora da faixa; CEP do pagador não numérico ou inválido"
    );
    let paid = view(2);
    assert_eq!(paid.status, ChargeStatus::Paid);
    let p = paid.charge.paid.unwrap();
    assert_eq!(p.date, date("2026-04-02"));
    assert_eq!(p.account, s.account);
    assert_eq!(p.amount, dec("150.00"));
    assert_eq!(
        view(3).charge.boleto.unwrap().bank_status(),
        "Baixado no banco"
    );

    // The juros received and the bank's fee are in the ledger, settled on the account.
    let entries = s.biz.entries().unwrap();
    let source = format!("charge:{}", ids[2]);
    let fee = entries
        .iter()
        .find(|(_, e)| e.kind == EntryKind::Payable && e.source.as_deref() == Some(&source))
        .unwrap();
    assert_eq!(fee.1.amount, dec("2.50"));
    assert_eq!(fee.1.category.as_deref(), Some(categories::OTHER_EXPENSES));
    assert_eq!(fee.1.open_amount(), dec("0"));
    let juros = entries
        .iter()
        .find(|(_, e)| {
            e.kind == EntryKind::Receivable
                && e.source.as_deref() == Some(&source)
                && e.amount == dec("3.00")
        })
        .unwrap();
    assert_eq!(juros.1.open_amount(), dec("0"));
    // The account got 150.00 + 3.00 − 2.50.
    let balance = s
        .biz
        .balances(today)
        .unwrap()
        .into_iter()
        .find(|b| b.id == s.account)
        .unwrap()
        .balance;
    assert_eq!(balance, dec("150.50"));

    // The same file again: nothing changes.
    let heads = s.biz.heads();
    let again = s
        .biz
        .import_retorno(&ctx_on("2026-04-03"), &s.carteira, &text)
        .unwrap();
    assert!(again.already_imported);
    assert_eq!(s.biz.heads(), heads);
}

#[test]
fn another_carteiras_or_a_damaged_file_changes_nothing() {
    let mut s = setup();
    let ids = s
        .biz
        .create_boleto_charges(&ctx(), &s.carteira, boleto_charge(&s.customer, "150.00", 1))
        .unwrap();
    s.biz.generate_remessa(&ctx(), &s.carteira, at()).unwrap();
    let n = nosso(&s, &ids[0]);
    let other = retorno_for(
        "00058",
        "000000011111",
        "000001",
        &[Ret {
            code: "06",
            nosso: &n,
            amount: "000000000015000",
            fee: "000000000000250",
            reasons: "",
            paid: Some(("000000000000000", "000000000015000", "02042026")),
        }],
    );
    let carteira = s.carteira.clone();
    let err =
        assert_rejected_unchanged(&mut s.biz, |b| b.import_retorno(&ctx(), &carteira, &other));
    assert_eq!(
        err.to_string(),
        "Este retorno é de outra carteira (banco 341, agência 58, conta 11111); esta carteira é banco 341, agência 0057, conta 72192."
    );
    let good = retorno(
        "000002",
        &[Ret {
            code: "06",
            nosso: &n,
            amount: "000000000015000",
            fee: "000000000000250",
            reasons: "",
            paid: Some(("000000000000000", "000000000015000", "02042026")),
        }],
    );
    // Cut in the middle of the last title: refused, nothing paid.
    let damaged: String = good.lines().take(4).collect::<Vec<_>>().join("\r\n");
    let err = assert_rejected_unchanged(&mut s.biz, |b| {
        b.import_retorno(&ctx(), &carteira, &damaged)
    });
    assert_eq!(
        err.to_string(),
        "Arquivo de retorno: arquivo de retorno danificado: falta o trailer de arquivo: o arquivo está incompleto"
    );
    // A remessa is not a retorno.
    let remessa = s.biz.carteira(&carteira).unwrap();
    assert_eq!(remessa.retornos.len(), 0);
    assert!(cnab240::parse_retorno(&good).is_ok());
    assert_eq!(
        s.biz
            .charge_view(&ids[0], date("2026-03-10"))
            .unwrap()
            .status,
        ChargeStatus::Pending
    );
}
