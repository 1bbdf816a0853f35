//! The audit log: who did what, when (as that device's clock recorded it), to which record.
//!
//! It is read from the document's own history: every operation is one Automerge change whose
//! author is the device's actor id and whose message is a [`ChangeMessage`]. The actor is
//! mapped to the device name through the `devices` collection, to the person using it
//! through the team's `members` (whose blobs are signed by each device's own key), and the
//! staff id to the staff member's name. A message names its record by a short form of its UUID (see
//! [`ChangeMessage`]), which the log resolves to the whole id among the collections' keys.
//! Changes without a readable message (written by other tools) appear with the operation
//! "desconhecida".

use std::collections::HashMap;

use automerge::{ReadDoc, ROOT};

use crate::business::{
    root_maps, short_id, Business, ChangeMessage, DeviceRecord, Id, DEVICES, SHORT_ID,
};
use crate::error::CoreResult;
use autosurgeon::Hydrate;
use serde::{Deserialize, Serialize};

/// The staff collection (owned by the staff module); only the `name` field is read here.
const STAFF_COLLECTION: &str = "staff";

/// One line of the audit log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    /// The change hash (hex).
    pub change: String,
    /// The device's actor id (hex).
    pub actor: String,
    /// The device's name, if it registered one.
    pub device: Option<String>,
    /// The person using the device, as the team's members record it (docs/SYNC.md,
    /// section 10). The device's signature on each blob makes it that device's change.
    #[serde(default)]
    pub person: Option<String>,
    /// The staff member's id, if one was operating.
    pub staff: Option<Id>,
    /// The staff member's name, if known.
    pub staff_name: Option<String>,
    /// The operation, e.g. `charge.pay`.
    pub op: String,
    /// The operation in pt-BR, e.g. "Cobrança paga".
    pub label: String,
    /// The main record touched.
    pub record: Option<Id>,
    /// When, in milliseconds since the epoch, by that device's clock (display only; a wrong
    /// clock shows a wrong time but changes nothing else).
    pub at_ms: i64,
}

#[derive(Debug, Clone, Hydrate)]
struct NameOnly {
    name: String,
}

/// The pt-BR label of an operation name; unknown names are returned as they are.
pub fn op_label(op: &str) -> String {
    let label = match op {
        "business.create" => "Negócio criado",
        "schema.migrate" => "Dados atualizados para a nova versão",
        "settings.profile" => "Dados do negócio alterados",
        "settings.charge_minimum" => "Valor mínimo de cobrança alterado",
        "settings.reminder_plan" => "Plano de lembretes alterado",
        "ledger.account.create" => "Conta criada",
        "ledger.account.rename" => "Conta renomeada",
        "ledger.account.archive" => "Conta arquivada",
        "ledger.account.opening" => "Saldo inicial corrigido",
        "ledger.category.create" => "Categoria criada",
        "ledger.category.archive" => "Categoria arquivada",
        "ledger.category.rename" => "Categoria renomeada",
        "ledger.entry.create" => "Lançamento criado",
        "ledger.entry.update" => "Lançamento alterado",
        "ledger.entry.pay" => "Pagamento registrado",
        "ledger.entry.cancel" => "Lançamento cancelado",
        "ledger.payment.void" => "Pagamento estornado",
        "ledger.transfer.create" => "Transferência entre contas",
        "ledger.recurrence.create" => "Recorrência criada",
        "ledger.recurrence.update" => "Recorrência alterada",
        "ledger.recurrence.end" => "Recorrência encerrada",
        "ledger.recurrence.materialise" => "Lançamentos recorrentes gerados",
        "charge.create" => "Cobrança criada",
        "charge.pay" => "Cobrança paga",
        "charge.cancel" => "Cobrança cancelada",
        "charge.reschedule" => "Vencimento de cobrança alterado",
        "charge.remind" => "Lembrete de cobrança enviado",
        "charge.resolve" => "Conflito de cobrança resolvido",
        "party.create" => "Cliente/fornecedor cadastrado",
        "party.update" => "Cliente/fornecedor alterado",
        "party.archive" => "Cliente/fornecedor arquivado",
        "members.found" => "Equipe criada com chaves de aparelho",
        "members.invite" => "Convite criado",
        "members.admit" => "Aparelho admitido na equipe",
        "members.rekey" => "Aparelho removido da equipe",
        "members.staff_key" => "Chave dos dados da equipe entregue a donos e gerentes",
        "members.role" => "Papel de um aparelho alterado",
        other => {
            // Each area keeps the labels of its own operations.
            return crate::inventory::ops::op_label(other)
                .or_else(|| crate::staff::ops::op_label(other))
                .or_else(|| crate::reconcile::op_label(other))
                .map_or_else(|| other.to_string(), str::to_string);
        }
    };
    label.to_string()
}

/// Every record id in the document's collections by the short form a message stores.
fn ids_by_short_form(doc: &automerge::AutoCommit) -> CoreResult<HashMap<String, Id>> {
    let mut ids = HashMap::new();
    for key in doc.keys(ROOT) {
        for map in root_maps(doc, &key)? {
            for id in doc.keys(&map) {
                let short = short_id(&id);
                if short.starts_with(SHORT_ID) {
                    ids.insert(short, id);
                }
            }
        }
    }
    Ok(ids)
}

impl Business {
    /// The whole audit log in causal order (an operation always comes after the ones it
    /// saw), oldest first.
    pub fn audit_log(&mut self) -> CoreResult<Vec<AuditEntry>> {
        let devices: std::collections::HashMap<String, String> = self
            .list::<DeviceRecord>(DEVICES)?
            .into_iter()
            .map(|(k, d)| (k, d.name))
            .collect();
        let people: HashMap<String, String> = self
            .members()?
            .into_iter()
            .map(|(k, m)| (k, m.person))
            .collect();
        let metas: Vec<(String, String, i64, Option<String>)> = self
            .doc_mut_for_history()
            .get_changes_meta(&[])
            .into_iter()
            .map(|m| {
                (
                    m.hash.to_string(),
                    m.actor.to_hex_string(),
                    m.timestamp,
                    m.message.map(|s| s.to_string()),
                )
            })
            .collect();
        let mut staff_names: std::collections::HashMap<Id, Option<String>> =
            std::collections::HashMap::new();
        let mut out = Vec::with_capacity(metas.len());
        // Read only when a message names its record by the short form.
        let mut full_ids: Option<HashMap<String, Id>> = None;
        for (hash, actor, timestamp, message) in metas {
            let msg = message.as_deref().and_then(ChangeMessage::decode);
            let (op, record, staff, at) = match msg {
                Some(m) => (m.op, m.record, m.staff, m.at),
                None => ("desconhecida".to_string(), None, None, None),
            };
            let record = match record {
                Some(short) if short.starts_with(SHORT_ID) => {
                    if full_ids.is_none() {
                        full_ids = Some(ids_by_short_form(self.doc())?);
                    }
                    // A record no longer in the document keeps its short form.
                    let full = full_ids.as_ref().and_then(|ids| ids.get(&short).cloned());
                    Some(full.unwrap_or(short))
                }
                other => other,
            };
            let staff_name = match &staff {
                Some(sid) => {
                    if !staff_names.contains_key(sid) {
                        // The staff document when this device holds it (no name otherwise).
                        let name = self
                            .staff_read()
                            .and_then(|s| s.get::<NameOnly>(STAFF_COLLECTION, sid))
                            .ok()
                            .flatten()
                            .map(|n| n.name);
                        staff_names.insert(sid.clone(), name);
                    }
                    staff_names.get(sid).cloned().flatten()
                }
                None => None,
            };
            out.push(AuditEntry {
                change: hash,
                device: devices.get(&actor).cloned(),
                person: people.get(&actor).cloned(),
                actor,
                staff,
                staff_name,
                label: op_label(&op),
                op,
                record,
                at_ms: at.unwrap_or(timestamp.saturating_mul(1000)),
            });
        }
        Ok(out)
    }

    /// The audit log of one record, oldest first.
    pub fn audit_for_record(&mut self, record: &str) -> CoreResult<Vec<AuditEntry>> {
        Ok(self
            .audit_log()?
            .into_iter()
            .filter(|e| e.record.as_deref() == Some(record))
            .collect())
    }
}
