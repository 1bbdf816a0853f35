//! What the codes of a retorno mean at each bank, in pt-BR: the código de movimento of
//! segment T (FEBRABAN table C044, which Banco do Brasil, Bradesco, Santander and Sicoob
//! follow, with Caixa's additions and Itaú's own table) and the motivos beside it (FEBRABAN
//! table C047 for rejections, liquidações and baixas; Itaú's rejection table; Caixa's
//! alphanumeric rejections). Sources: FEBRABAN's "Layout padrão CNAB 240 — Cobrança"
//! (notas G047/C044/C047), Itaú's "Cobrança — CNAB 240" (nota 23, tabela 1 and the table of
//! ocorrências) and Caixa's "Leiaute CNAB 240 SIGCB"; the tests name them again.

use super::retorno::Movement;
use crate::boleto::Bank;

/// What movement `code` means at `bank`, with its pt-BR label.
pub(crate) fn movement(bank: Bank, code: &str) -> (Movement, &'static str) {
    match bank {
        Bank::Itau => itau_movement(code),
        Bank::Caixa => match code {
            "44" => (Movement::Other, "Estorno de baixa ou liquidação"),
            "46" => (Movement::Paid, "Liquidação on-line"),
            "47" => (Movement::Other, "Estorno de liquidação on-line"),
            _ => febraban_movement(code),
        },
        Bank::BancoDoBrasil | Bank::Bradesco | Bank::Santander | Bank::Sicoob => {
            febraban_movement(code)
        }
    }
}

/// FEBRABAN's table C044.
fn febraban_movement(code: &str) -> (Movement, &'static str) {
    let label = movement_label(code);
    let kind = match code {
        "02" => Movement::Registered,
        "03" => Movement::Rejected,
        "06" | "17" => Movement::Paid,
        "09" | "25" => Movement::WrittenOff,
        // 26 and 30 refuse an instruction or a change, not the title: it stays registered.
        _ => Movement::Other,
    };
    (kind, label)
}

/// Itaú's own table: 08 and 10 are liquidações too, 32 is a baixa after protest, and 17 is
/// a refused change (not FEBRABAN's liquidação após baixa).
fn itau_movement(code: &str) -> (Movement, &'static str) {
    match code {
        "02" => (Movement::Registered, "Entrada confirmada"),
        "03" => (Movement::Rejected, "Entrada rejeitada"),
        "04" => (Movement::Other, "Alteração de dados acatada"),
        "05" => (Movement::Other, "Alteração de dados: baixa"),
        "06" => (Movement::Paid, "Liquidação normal"),
        "08" => (Movement::Paid, "Liquidação em cartório"),
        "09" => (Movement::WrittenOff, "Baixa simples"),
        "10" => (Movement::Paid, "Baixa por ter sido liquidado"),
        "11" => (Movement::Other, "Em ser"),
        "12" => (Movement::Other, "Abatimento concedido"),
        "13" => (Movement::Other, "Abatimento cancelado"),
        "14" => (Movement::Other, "Vencimento alterado"),
        "15" => (Movement::Other, "Baixa rejeitada"),
        "16" => (Movement::Other, "Instrução rejeitada"),
        "17" => (Movement::Other, "Alteração ou exclusão de dados rejeitada"),
        "19" => (Movement::Other, "Instrução de protesto recebida"),
        "20" => (
            Movement::Other,
            "Instrução de sustação de protesto recebida",
        ),
        "23" => (Movement::Other, "Título enviado a cartório"),
        "25" => (Movement::Other, "Alegações do pagador"),
        "26" => (Movement::Other, "Tarifa de aviso de cobrança"),
        "28" => (Movement::Other, "Tarifa de relação das liquidações"),
        "29" => (Movement::Other, "Tarifa de manutenção de títulos vencidos"),
        "30" => (Movement::Other, "Débito mensal de tarifas"),
        "32" => (Movement::WrittenOff, "Baixa por ter sido protestado"),
        "33" => (Movement::Other, "Custas de protesto"),
        _ => (Movement::Other, "Ocorrência do banco"),
    }
}

/// The pt-BR label of a retorno movement code (FEBRABAN table C044).
pub fn movement_label(code: &str) -> &'static str {
    match code {
        "02" => "Entrada confirmada",
        "03" => "Entrada rejeitada",
        "04" => "Transferência de carteira (entrada)",
        "05" => "Transferência de carteira (baixa)",
        "06" => "Liquidação",
        "07" => "Confirmação de desconto",
        "09" => "Baixa",
        "11" => "Título em carteira",
        "12" => "Confirmação de abatimento",
        "14" => "Confirmação de alteração de vencimento",
        "17" => "Liquidação após baixa ou de título não registrado",
        "19" => "Confirmação de instrução de protesto",
        "20" => "Confirmação de sustação de protesto",
        "23" => "Remessa a cartório",
        "25" => "Protestado e baixado",
        "26" => "Instrução rejeitada",
        "28" => "Débito de tarifas/custas",
        "30" => "Alteração de dados rejeitada",
        _ => "Ocorrência do banco",
    }
}

/// The pt-BR meaning of motivo `code` beside a movement of kind `movement` at `bank`.
pub(crate) fn reason(bank: Bank, movement: Movement, code: &str) -> String {
    let known = match (bank, movement) {
        (Bank::Itau, Movement::Rejected) => itau_rejection(code),
        (Bank::Caixa, Movement::Rejected) => caixa_rejection(code),
        (Bank::Caixa, Movement::Paid | Movement::WrittenOff) => caixa_channel(code),
        (_, Movement::Paid | Movement::WrittenOff) => febraban_channel(code),
        _ => None,
    };
    if let Some(text) = known {
        return text.to_string();
    }
    match (bank, movement) {
        // Itaú's motivos follow its own tables, one per kind of occurrence.
        (Bank::Itau, _) => format!("motivo {code} (consulte a tabela de ocorrências do Itaú)"),
        (_, Movement::Rejected | Movement::Other) => rejection_reason(code),
        _ => format!("motivo {code}"),
    }
}

/// Itaú's rejection table for entradas (nota 23, tabela 1).
fn itau_rejection(code: &str) -> Option<&'static str> {
    Some(match code {
        "03" => "CEP inválido ou sem agência cobradora",
        "04" => "sigla do estado inválida",
        "05" => "vencimento fora do prazo da operação",
        "08" => "nome do pagador não informado",
        "09" => "agência encerrada",
        "10" => "endereço do pagador não informado",
        "11" => "CEP não numérico",
        "13" => "CEP incompatível com a sigla do estado",
        "14" => "nosso número já registrado ou fora da faixa",
        "15" => "nosso número em duplicidade no mesmo arquivo",
        "18" => "data de entrada inválida para esta carteira",
        "19" => "ocorrência inválida",
        "22" => "carteira não permitida",
        "37" => "CPF/CNPJ do pagador não numérico ou igual a zeros",
        "42" => "nosso número fora da faixa",
        "60" => "valor do abatimento inválido",
        "61" => "juros de mora maior que o permitido",
        "62" => "valor do desconto maior que o valor do título",
        "66" => "data de vencimento inválida ou fora do prazo",
        "67" => "valor do título inválido",
        "68" => "carteira inválida ou não cadastrada",
        "91" => "DAC da agência/conta inválido",
        "92" => "DAC da agência/conta/carteira/nosso número inválido",
        "93" => "sigla do estado inválida",
        "94" => "sigla do estado incompatível com o CEP do pagador",
        "95" => "CEP do pagador não numérico ou inválido",
        "96" => "endereço, nome ou cidade do pagador inválido",
        _ => return None,
    })
}

/// Caixa's own (alphanumeric) rejection codes; the numeric ones are FEBRABAN's C047.
fn caixa_rejection(code: &str) -> Option<&'static str> {
    Some(match code {
        "AE" => "data do desconto posterior ao vencimento",
        "AJ" => "código do pagador inválido",
        "AM" => "nosso número fora de sequência",
        "VR" => "tipo de juros ao mês inválido",
        "VS" => "percentual de juros ao mês inválido",
        "VT" => "percentual ou valor de desconto inválido",
        "VU" => "prazo de desconto inválido",
        "VW" => "prazo de multa inválido",
        "WY" => "dias para protesto devem estar entre 2 e 90",
        "YA" => "data de juros inválida ou não informada",
        "YB" => "data do desconto inválida ou não informada",
        "YY" => "dias para devolução devem estar entre 1 e 999",
        "ZP" => "valor de juros/multa inválido",
        "ZQ" => "percentual de juros/multa inválido",
        _ => return None,
    })
}

/// FEBRABAN C047, for liquidações and baixas: how the title was paid or written off.
fn febraban_channel(code: &str) -> Option<&'static str> {
    Some(match code {
        "01" => "por saldo",
        "02" => "por conta",
        "03" => "no guichê de caixa, em dinheiro",
        "04" => "compensação eletrônica",
        "05" => "compensação convencional",
        "06" => "por meio eletrônico",
        "07" => "após feriado local",
        "08" => "em cartório",
        "09" => "comandada pelo banco",
        "10" => "comandada pelo cliente, por arquivo",
        "11" => "comandada pelo cliente, on-line",
        "12" => "decurso de prazo (cliente)",
        "13" => "decurso de prazo (banco)",
        "14" => "protestado",
        "15" => "título excluído",
        "30" => "no guichê de caixa, em cheque",
        _ => return None,
    })
}

/// Caixa's liquidação/baixa channels.
fn caixa_channel(code: &str) -> Option<&'static str> {
    Some(match code {
        "02" => "casa lotérica",
        "03" => "agência da Caixa",
        "04" => "compensação eletrônica",
        "05" => "compensação convencional",
        "06" => "internet banking",
        "07" => "correspondente bancário",
        "08" => "em cartório",
        "09" => "comandada pelo banco",
        "10" => "comandada pelo cliente, por arquivo",
        "11" => "comandada pelo cliente, on-line",
        "12" => "decurso de prazo (cliente)",
        "13" => "decurso de prazo (banco)",
        "14" => "protestado",
        _ => return None,
    })
}

/// The pt-BR reason for a rejection code (FEBRABAN table C047, motivos de rejeição).
pub fn rejection_reason(code: &str) -> String {
    let text = match code {
        "01" => "código do banco inválido",
        "02" => "código do registro detalhe inválido",
        "03" => "código do segmento inválido",
        "04" => "código de movimento não permitido para a carteira",
        "05" => "código de movimento inválido",
        "06" => "tipo/número de inscrição do beneficiário inválido",
        "07" => "agência/conta/DV inválido",
        "08" => "nosso número inválido",
        "09" => "nosso número duplicado",
        "10" => "carteira inválida",
        "11" => "forma de cadastramento do título inválida",
        "12" => "tipo de documento inválido",
        "13" => "identificação da emissão do boleto inválida",
        "14" => "identificação da distribuição do boleto inválida",
        "15" => "características da cobrança incompatíveis",
        "16" => "data de vencimento inválida",
        "17" => "data de vencimento anterior à data de emissão",
        "18" => "vencimento fora do prazo de operação",
        "20" => "valor do título inválido",
        "21" => "espécie do título inválida",
        "22" => "espécie do título não permitida para a carteira",
        "23" => "aceite inválido",
        "24" => "data da emissão inválida",
        "25" => "data da emissão posterior à data de entrada",
        "26" => "código de juros de mora inválido",
        "27" => "valor/taxa de juros de mora inválido",
        "28" => "código do desconto inválido",
        "29" => "valor do desconto maior ou igual ao valor do título",
        "32" => "valor do IOF inválido",
        "33" => "valor do abatimento inválido",
        "34" => "valor do abatimento maior ou igual ao valor do título",
        "37" => "código para protesto inválido",
        "38" => "prazo para protesto inválido",
        "39" => "pedido de protesto não permitido para o título",
        "42" => "código para baixa/devolução inválido",
        "43" => "prazo para baixa/devolução inválido",
        "44" => "código da moeda inválido",
        "45" => "nome do pagador não informado",
        "46" => "tipo/número de inscrição do pagador inválido",
        "47" => "endereço do pagador não informado",
        "48" => "CEP inválido",
        "49" => "CEP sem praça de cobrança",
        "51" => "CEP incompatível com a unidade da federação",
        "52" => "unidade da federação inválida",
        "57" => "código da multa inválido",
        "58" => "data da multa inválida",
        "59" => "valor/percentual da multa inválido",
        "60" => "movimento para título não cadastrado",
        "63" => "entrada para título já cadastrado",
        other => return format!("motivo {other} (consulte a tabela de ocorrências do banco)"),
    };
    text.to_string()
}
