//! Importing the retorno of the five banks besides Itaú (the carteira of cnab_files.rs):
//! Banco do Brasil (convênio of 9 in the header, nosso número of 17 left-aligned), Sicoob
//! (nosso número and digit in 38-47, then parcela and modalidade), Santander (header with agência, conta and código do beneficiário of its
//! own; segment T shifted: nosso número 41-53, valor 78-92, tarifa 194-208, motivos
//! 209-218), Caixa (no conta in the header, the código do beneficiário at 59-64; modalidade
//! and nosso número at 40-56; liquidação on-line 46) and Bradesco (the identificação do
//! título returned as carteira, zeros, nosso número and digit). Each file, built from the
//! bank's layout as python3-cnab 1.0.11's specs give it (`cnab240/bancos/<bank>/specs/`),
//! carries a rejected entrada, a liquidação with juros and the bank's fee, and a baixa: one
//! change marks them, the fee is an expense settled on the account, the same file again
//! changes nothing, and the file of another bank's carteira is refused with nothing changed.

use crate::boleto_support;
use crate::common;
use boleto_support::*;
use common::*;
use retaguarda_core::carteira::CarteiraInput;
use retaguarda_core::charges::ChargeStatus;
use retaguarda_core::ledger::{categories, EntryKind};
use retaguarda_core::Id;

/// A 240-character line of zeros with each value written from its 1-based position.
fn line(fields: &[(usize, String)]) -> String {
    let mut l = vec![b'0'; 240];
    for (from, value) in fields {
        l[from - 1..from - 1 + value.len()].copy_from_slice(value.as_bytes());
    }
    String::from_utf8(l).unwrap()
}

fn pad(s: &str, n: usize) -> String {
    format!("{s:<n$}")
}

/// Where a bank's retorno puts what the import reads.
struct Layout {
    code: &'static str,
    /// Header fields (agência, conta, convênio) at the bank's positions.
    header: Vec<(usize, String)>,
    /// Segment T fields holding the nosso número the remessa wrote.
    nosso: fn(&str) -> Vec<(usize, String)>,
    amount: usize,
    fee: usize,
    reasons: usize,
    rejection: (&'static str, &'static str),
    paid_code: &'static str,
}

fn input(account: &str, bank: &str) -> CarteiraInput {
    let s = |v: &str| Some(v.to_string());
    let base = CarteiraInput {
        account: account.into(),
        bank: bank.into(),
        range_start: 1,
        juros_month_pct: dec("1"),
        multa_pct: dec("2"),
        ..CarteiraInput::default()
    };
    match bank {
        "033" => CarteiraInput {
            agencia: "1234".into(),
            agencia_dv: s("5"),
            conta: "013000123".into(),
            conta_dv: s("4"),
            convenio: s("1234567"),
            carteira: "101".into(),
            transmission_code: s("123400001234567"),
            ..base
        },
        "001" => CarteiraInput {
            agencia: "1234".into(),
            agencia_dv: s("3"),
            conta: "00012345".into(),
            conta_dv: s("6"),
            convenio: s("1234567"),
            carteira: "17".into(),
            variacao: s("019"),
            ..base
        },
        "756" => CarteiraInput {
            agencia: "3069".into(),
            conta: "12345".into(),
            conta_dv: s("6"),
            convenio: s("1234567"),
            carteira: "1".into(),
            ..base
        },
        "104" => CarteiraInput {
            agencia: "1234".into(),
            agencia_dv: s("0"),
            conta: "123456".into(),
            convenio: s("123456"),
            carteira: "14".into(),
            ..base
        },
        _ => CarteiraInput {
            agencia: "1234".into(),
            agencia_dv: s("5"),
            conta: "0012345".into(),
            conta_dv: s("6"),
            convenio: s("4567890"),
            carteira: "09".into(),
            ..base
        },
    }
}

#[rustfmt::skip]
fn layout(bank: &str) -> Layout {
    let v = |fields: &[(usize, &str)]| fields.iter().map(|(p, s)| (*p, s.to_string())).collect();
    match bank {
        "033" => Layout {
            code: "033",
            header: v(&[(17, "2"), (18, "011222333000181"), (33, "1234"), (37, "5"), (38, "013000123"), (47, "4"), (53, "001234567")]),
            nosso: |n| vec![(41, n.to_string()), (54, "5".into())],
            amount: 78, fee: 194, reasons: 209,
            rejection: ("48", "CEP inválido"),
            paid_code: "06",
        },
        "001" => Layout {
            code: "001",
            header: v(&[(18, "2"), (19, "11222333000181"), (33, "001234567"), (42, "0014"), (46, "17"), (48, "019"), (51, "  "), (53, "01234"), (58, "3"), (59, "000000012345"), (71, "6")]),
            nosso: |n| vec![(38, pad(n, 20))],
            amount: 82, fee: 199, reasons: 214,
            rejection: ("48", "CEP inválido"),
            paid_code: "06",
        },
        "756" => Layout {
            code: "756",
            header: v(&[(18, "2"), (19, "11222333000181"), (33, &pad("", 20)), (53, "03069"), (59, "000000012345"), (71, "6")]),
            nosso: |n| vec![(38, format!("{n:0>10}")), (48, "01014     ".into())],
            amount: 82, fee: 199, reasons: 214,
            rejection: ("09", "nosso número duplicado"),
            paid_code: "06",
        },
        "104" => Layout {
            code: "104",
            header: v(&[(18, "2"), (19, "11222333000181"), (33, &pad("", 20)), (53, "01234"), (58, "0"), (59, "123456")]),
            nosso: |n| vec![(40, n.to_string())],
            amount: 82, fee: 199, reasons: 214,
            rejection: ("AE", "data do desconto posterior ao vencimento"),
            paid_code: "46",
        },
        _ => Layout {
            code: "237",
            header: v(&[(18, "2"), (19, "11222333000181"), (33, "00000000000004567890"), (53, "01234"), (58, "5"), (59, "000000012345"), (71, "6")]),
            nosso: |n| vec![(38, "009".into()), (41, "00000".into()), (46, n.to_string())],
            amount: 82, fee: 199, reasons: 214,
            rejection: ("46", "tipo/número de inscrição do pagador inválido"),
            paid_code: "06",
        },
    }
}

/// The retorno: the first nosso número rejected, the second paid (R$ 150,00 title, R$ 3,00
/// juros, R$ 153,00 paid, R$ 2,50 fee on 02/04/2026), the third written off.
#[rustfmt::skip]
fn retorno(l: &Layout, nsa: &str, nossos: &[String]) -> String {
    let c = l.code.to_string();
    let mut header = vec![
        (1, c.clone()), (4, "0000".into()), (8, "0".into()), (73, pad("PADARIA PAO QUENTE", 30)),
        (103, pad("BANCO", 30)), (143, "2".into()), (144, "02042026".into()), (152, "060000".into()),
        (158, nsa.into()), (164, "040".into()), (172, pad("", 69)),
    ];
    header.extend(l.header.clone());
    let mut lines = vec![
        line(&header),
        line(&[(1, c.clone()), (4, "0001".into()), (8, "1".into()), (9, "T".into()), (10, "01".into())]),
    ];
    let titles = [("03", l.rejection.0, "000000000000000", false), (l.paid_code, "", "000000000000250", true), ("09", "", "000000000000000", false)];
    for (i, ((code, reason, fee, paid), n)) in titles.into_iter().zip(nossos).enumerate() {
        let mut t = vec![
            (1, c.clone()), (4, "0001".into()), (8, "3".into()), (9, format!("{:05}", 2 * i + 1)),
            (14, "T".into()), (15, " ".into()), (16, code.into()), (l.amount, "000000000015000".into()),
            (l.fee, fee.into()), (l.reasons, format!("{reason:0<8}")),
        ];
        t.extend((l.nosso)(n));
        lines.push(line(&t));
        let mut u = vec![
            (1, c.clone()), (4, "0001".into()), (8, "3".into()), (9, format!("{:05}", 2 * i + 2)),
            (14, "U".into()), (15, " ".into()), (16, code.into()),
        ];
        if paid {
            u.extend([(18, "000000000000300".to_string()), (78, "000000000015300".into()), (93, "000000000015050".into()), (138, "02042026".into()), (146, "02042026".into())]);
        }
        lines.push(line(&u));
    }
    lines.push(line(&[(1, c.clone()), (4, "0001".into()), (8, "5".into()), (18, "000008".into())]));
    lines.push(line(&[(1, c), (4, "9999".into()), (8, "9".into()), (18, "000001".into()), (24, "000010".into())]));
    lines.join("\r\n") + "\r\n"
}

/// A business with a carteira of `bank` and three boleto charges sent in a remessa.
fn sent(bank: &str) -> (Setup, Id, Vec<Id>, Vec<String>) {
    let mut s = setup();
    let carteira = s
        .biz
        .save_carteira(&ctx(), None, input(&s.account, bank))
        .unwrap();
    let ids = s
        .biz
        .create_boleto_charges(&ctx(), &carteira, boleto_charge(&s.customer, "450.00", 3))
        .unwrap();
    let at = date("2026-03-10").and_hms_opt(9, 0, 0).unwrap();
    s.biz.generate_remessa(&ctx(), &carteira, at).unwrap();
    let nossos = ids
        .iter()
        .map(|id| s.biz.boleto_slip(id).unwrap().issued.nosso_numero_cnab)
        .collect();
    (s, carteira, ids, nossos)
}

#[test]
fn each_banks_retorno_rejects_pays_with_fee_and_writes_off() {
    for bank in ["001", "033", "104", "237", "756"] {
        let (mut s, carteira, ids, nossos) = sent(bank);
        let l = layout(bank);
        let text = retorno(&l, "000007", &nossos);
        let heads = s.biz.heads();
        let summary = s
            .biz
            .import_retorno(&ctx_on("2026-04-02"), &carteira, &text)
            .unwrap_or_else(|e| panic!("{bank}: {e}"));
        assert_eq!(s.biz.changes_since(&heads).len(), 1, "{bank}: one change");
        assert_eq!(
            summary.rejected,
            vec![(ids[0].clone(), l.rejection.1.to_string())],
            "{bank}"
        );
        assert_eq!(
            (summary.paid, summary.written_off, summary.unknown),
            (1, 1, 0),
            "{bank}"
        );
        assert_eq!(summary.fees, dec("2.50"), "{bank}");

        let today = date("2026-04-02");
        let paid = s.biz.charge_view(&ids[1], today).unwrap();
        assert_eq!(paid.status, ChargeStatus::Paid, "{bank}");
        assert_eq!(paid.charge.paid.unwrap().date, today, "{bank}");
        let off = s.biz.charge_view(&ids[2], today).unwrap();
        assert_eq!(
            off.charge.boleto.unwrap().bank_status(),
            "Baixado no banco",
            "{bank}"
        );

        // The fee: an expense in Caixa, settled on the carteira's account.
        let source = format!("charge:{}", ids[1]);
        let entries = s.biz.entries().unwrap();
        let fee = entries
            .iter()
            .find(|(_, e)| e.kind == EntryKind::Payable && e.source.as_deref() == Some(&source))
            .unwrap_or_else(|| panic!("{bank}: no fee entry"));
        assert_eq!(fee.1.amount, dec("2.50"), "{bank}");
        assert_eq!(
            fee.1.category.as_deref(),
            Some(categories::OTHER_EXPENSES),
            "{bank}"
        );
        assert_eq!(fee.1.open_amount(), dec("0"), "{bank}");
        let balance = s
            .biz
            .balances(today)
            .unwrap()
            .into_iter()
            .find(|b| b.id == s.account)
            .unwrap()
            .balance;
        assert_eq!(
            balance,
            dec("150.50"),
            "{bank}: 150,00 + 3,00 juros − 2,50 fee"
        );

        // The same file again changes nothing.
        let before = s.biz.save();
        let again = s
            .biz
            .import_retorno(&ctx_on("2026-04-03"), &carteira, &text)
            .unwrap();
        assert!(again.already_imported, "{bank}");
        assert_eq!(s.biz.save(), before, "{bank}");
    }
}

#[test]
fn another_banks_file_or_a_damaged_one_is_refused_and_nothing_changes() {
    let (mut s, santander, _, nossos) = sent("033");
    let caixa_file = retorno(&layout("104"), "000007", &nossos);
    let err = assert_rejected_unchanged(&mut s.biz, |b| {
        b.import_retorno(&ctx(), &santander, &caixa_file)
    });
    assert!(
        err.to_string()
            .starts_with("Este retorno é de outra carteira (banco 104"),
        "{err}"
    );
    // A Santander file cut in the middle of a line.
    let good = retorno(&layout("033"), "000007", &nossos);
    let cut = &good[..good.len() - 300];
    let err = assert_rejected_unchanged(&mut s.biz, |b| b.import_retorno(&ctx(), &santander, cut));
    assert!(err.to_string().contains("240"), "{err}");
}

#[test]
fn a_refused_instruction_is_told_and_leaves_the_boleto_as_it_was() {
    let (mut s, santander, ids, nossos) = sent("033");
    let text = retorno(&layout("033"), "000009", &nossos);
    // The first title: 26, instrução rejeitada, motivo 38 (prazo para protesto inválido).
    let lines: Vec<String> = text
        .split("\r\n")
        .enumerate()
        .map(|(i, l)| {
            if i == 2 {
                format!("{}26{}38{}", &l[..15], &l[17..208], &l[210..])
            } else {
                l.to_string()
            }
        })
        .collect();
    let summary = s
        .biz
        .import_retorno(&ctx_on("2026-04-02"), &santander, &lines.join("\r\n"))
        .unwrap();
    assert!(summary.rejected.is_empty());
    assert_eq!(
        summary.notices,
        vec![(
            ids[0].clone(),
            "Instrução rejeitada: prazo para protesto inválido".to_string()
        )]
    );
    let b = s
        .biz
        .charge_view(&ids[0], date("2026-04-02"))
        .unwrap()
        .charge
        .boleto
        .unwrap();
    assert_eq!(
        b.bank_status(),
        "Enviado na remessa 1, aguardando o retorno"
    );
}
