//! Boleto charges: issuing draws nosso números from this device's block, the printable slip
//! carries the barcode the formats crate builds (read back by its parser), and two devices
//! issuing offline never reuse a nosso número (see nosso_numero_shares.rs).

use crate::boleto_support;
use crate::common;
use boleto_support::*;
use common::*;
use retaguarda_core::charges::{ChargeMethod, CHARGES};
use retaguarda_core::formats::Boleto;
use retaguarda_core::Business;

#[test]
fn issuing_draws_numbers_and_the_slip_reads_back() {
    let mut s = setup();
    let ids = s
        .biz
        .create_boleto_charges(&ctx(), &s.carteira, boleto_charge(&s.customer, "300.00", 3))
        .unwrap();
    assert_eq!(ids.len(), 3);
    let mut numbers = Vec::new();
    for id in &ids {
        let view = s.biz.charge_view(id, date("2026-03-10")).unwrap();
        assert_eq!(view.charge.method, ChargeMethod::Boleto);
        let b = view.charge.boleto.clone().unwrap();
        assert_eq!(b.bank_status(), "Aguardando envio na remessa");
        numbers.push(b.nosso_numero);
        let slip = s.biz.boleto_slip(id).unwrap();
        let read = Boleto::parse(&slip.issued.boleto.linha_digitavel, date("2026-03-10")).unwrap();
        assert_eq!(read.amount, view.charge.amount);
        assert_eq!(read.due_date, Some(view.charge.due_date));
        assert_eq!(read.bank.as_deref(), Some("341"));
        assert_eq!(slip.payer, "Maria Souza");
        assert_eq!(slip.payer_tax_id.as_deref(), Some("529.982.247-25"));
        assert_eq!(
            slip.beneficiary_tax_id.as_deref(),
            Some("11.222.333/0001-81")
        );
        assert_eq!(
            slip.instructions[0],
            format!("Após o vencimento, juros de 1% ao mês (R$ 0,03 por dia).")
        );
        assert!(slip
            .instructions
            .contains(&"Não receber após 30 dias.".to_string()));
        // No Pix key in the profile: no Pix QR on the slip.
        assert_eq!(slip.pix_payload, None);
    }
    // Consecutive numbers from this device's block.
    assert_eq!(numbers[1], numbers[0] + 1);
    assert_eq!(numbers[2], numbers[0] + 2);
    let c = s.biz.carteira(&s.carteira).unwrap();
    assert_eq!(c.blocks.len(), 1);
    let block = c.blocks.values().next().unwrap();
    assert!(block.start <= numbers[0] && numbers[2] <= block.end);
    assert_eq!(block.next, numbers[2] + 1);
}

#[test]
fn slip_carries_a_pix_qr_when_the_business_has_a_key() {
    let mut s = setup();
    s.biz
        .update_profile(
            &ctx(),
            "Padaria Pão Quente",
            Some("11.222.333/0001-81"),
            Some("São Paulo"),
            Some("pagamentos@padaria.com.br"),
        )
        .unwrap();
    let id = s
        .biz
        .create_boleto_charges(&ctx(), &s.carteira, boleto_charge(&s.customer, "150.00", 1))
        .unwrap()
        .remove(0);
    let slip = s.biz.boleto_slip(&id).unwrap();
    let pix = slip.pix_payload.unwrap();
    let parsed = retaguarda_core::formats::BrCode::parse(&pix).unwrap();
    assert_eq!(parsed.amount, Some(dec("150.00")));
}

fn numbers(biz: &Business) -> Vec<u64> {
    biz.list::<retaguarda_core::charges::Charge>(CHARGES)
        .unwrap()
        .iter()
        .filter_map(|(_, c)| c.boleto.as_ref().map(|b| b.nosso_numero))
        .collect()
}

#[test]
fn a_block_used_up_leads_to_the_next_one() {
    let mut s = setup();
    // The carteira was first saved with 1..=99,999: units of 24 numbers, kept when the
    // range changes. 100..=131 then holds the rest of unit 4 (100..=119) and part of 5.
    let mut input = itau(&s.account);
    input.range_start = 100;
    input.range_end = Some(131);
    s.biz
        .save_carteira(&ctx(), Some(&s.carteira), input)
        .unwrap();
    for _ in 0..25 {
        s.biz
            .create_boleto_charges(&ctx(), &s.carteira, boleto_charge(&s.customer, "50", 1))
            .unwrap();
    }
    let mut all = numbers(&s.biz);
    all.sort_unstable();
    assert_eq!(all, (100..=124).collect::<Vec<u64>>());
    let c = s.biz.carteira(&s.carteira).unwrap();
    let blocks: Vec<(u64, u64)> = c.blocks.values().map(|b| (b.start, b.end)).collect();
    assert_eq!(blocks, vec![(100, 119), (120, 131)]);
}

#[test]
fn a_used_up_range_is_refused_unchanged() {
    let mut s = setup();
    let mut input = itau(&s.account);
    input.range_start = 7;
    input.range_end = Some(7);
    s.biz
        .save_carteira(&ctx(), Some(&s.carteira), input)
        .unwrap();
    s.biz
        .create_boleto_charges(&ctx(), &s.carteira, boleto_charge(&s.customer, "50", 1))
        .unwrap();
    let carteira = s.carteira.clone();
    let customer = s.customer.clone();
    let err = assert_rejected_unchanged(&mut s.biz, |b| {
        b.create_boleto_charges(&ctx(), &carteira, boleto_charge(&customer, "50", 1))
    });
    assert_eq!(
        err.to_string(),
        "A faixa de nosso número desta carteira acabou: peça uma nova faixa ao banco e atualize a carteira."
    );
}
