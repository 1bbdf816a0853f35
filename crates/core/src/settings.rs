//! The business profile (name, tax id, city, Pix key) and the settings (minimum charge,
//! reminder plan), stored as two singletons at the document root (`business`, `settings`).

use crate::business::{Business, OpCtx, PROFILE_KEY, SETTINGS_KEY};
use crate::error::{CoreError, CoreResult};
use crate::money;
use autosurgeon::{Hydrate, HydrateError, Prop, ReadDoc, Reconcile, Reconciler};
use rust_decimal::Decimal;

/// Who the business is; printed on charges and used as the Pix receiver.
#[derive(Debug, Clone, PartialEq, Eq, Reconcile, Hydrate, serde::Serialize, serde::Deserialize)]
pub struct BusinessProfile {
    /// Trade name.
    pub name: String,
    /// CPF or CNPJ, canonical digits.
    pub tax_id: Option<String>,
    /// City (the Pix payload needs it).
    pub city: Option<String>,
    /// Pix key as typed and validated.
    pub pix_key: Option<String>,
}

impl BusinessProfile {
    /// A profile with only a name.
    pub fn new(name: &str) -> CoreResult<BusinessProfile> {
        Ok(BusinessProfile {
            name: money::required_text("Nome do negócio", name)?,
            tax_id: None,
            city: None,
            pix_key: None,
        })
    }
}

/// When to remind a customer of a pending charge.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ReminderPlan {
    /// Days relative to the due date (negative = before), e.g. `[-3, 0, 1]`.
    pub offsets: Vec<i64>,
    /// After the last offset, remind again every this many days (0 = never).
    pub repeat_every_days: u32,
}

impl Default for ReminderPlan {
    /// 3 days before, on the due day, 1 day after, then every 7 days.
    fn default() -> Self {
        ReminderPlan {
            offsets: vec![-3, 0, 1],
            repeat_every_days: 7,
        }
    }
}

impl ReminderPlan {
    /// Checks the plan: at least one offset, none further than a year away.
    pub fn validate(mut self) -> CoreResult<ReminderPlan> {
        if self.offsets.is_empty() {
            return Err(CoreError::invalid(
                "Plano de lembretes",
                "informe pelo menos um dia de lembrete.",
            ));
        }
        if self.offsets.iter().any(|o| o.abs() > 365) || self.repeat_every_days > 365 {
            return Err(CoreError::invalid(
                "Plano de lembretes",
                "use no máximo 365 dias antes ou depois do vencimento.",
            ));
        }
        self.offsets.sort_unstable();
        self.offsets.dedup();
        Ok(self)
    }
}

/// The plan is stored as one string (`"-3,0,1|7"`) so that two devices editing it
/// concurrently give one whole plan, not an interleaving of both lists.
mod plan_codec {
    use super::*;

    pub fn reconcile<R: Reconciler>(plan: &ReminderPlan, mut r: R) -> Result<(), R::Error> {
        let offsets: Vec<String> = plan.offsets.iter().map(i64::to_string).collect();
        r.str(format!("{}|{}", offsets.join(","), plan.repeat_every_days))
    }

    pub fn hydrate<D: ReadDoc>(
        doc: &D,
        obj: &automerge::ObjId,
        prop: Prop<'_>,
    ) -> Result<ReminderPlan, HydrateError> {
        let s = String::hydrate(doc, obj, prop)?;
        let bad = || HydrateError::unexpected("a reminder plan", s.clone());
        let (offsets, every) = s.split_once('|').ok_or_else(bad)?;
        let offsets = offsets
            .split(',')
            .filter(|p| !p.is_empty())
            .map(|p| p.parse::<i64>().map_err(|_| bad()))
            .collect::<Result<Vec<_>, _>>()?;
        let repeat_every_days = every.parse::<u32>().map_err(|_| bad())?;
        Ok(ReminderPlan {
            offsets,
            repeat_every_days,
        })
    }
}

/// Settings of the business.
#[derive(Debug, Clone, PartialEq, Eq, Reconcile, Hydrate, serde::Serialize, serde::Deserialize)]
pub struct Settings {
    /// The smallest amount a charge (each installment) may have; R$ 6,00 by default because
    /// below that the boleto/Pix fees eat the charge.
    #[autosurgeon(with = "crate::codec::decimal")]
    pub charge_minimum: Decimal,
    /// The default reminder plan for charges.
    #[autosurgeon(with = "plan_codec")]
    pub reminder_plan: ReminderPlan,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            charge_minimum: Decimal::new(600, 2),
            reminder_plan: ReminderPlan::default(),
        }
    }
}

impl Business {
    /// The business profile.
    pub fn profile(&self) -> CoreResult<BusinessProfile> {
        self.get_root(PROFILE_KEY)?
            .ok_or_else(|| CoreError::Document("perfil do negócio ausente".into()))
    }

    /// The settings (defaults when the document has none).
    pub fn settings(&self) -> CoreResult<Settings> {
        Ok(self.get_root(SETTINGS_KEY)?.unwrap_or_default())
    }

    /// Saves the business profile: name, CPF/CNPJ (validated), city and Pix key (validated).
    pub fn update_profile(
        &mut self,
        ctx: &OpCtx,
        name: &str,
        tax_id: Option<&str>,
        city: Option<&str>,
        pix_key: Option<&str>,
    ) -> CoreResult<()> {
        let mut profile = BusinessProfile::new(name)?;
        profile.tax_id = match money::optional_text(tax_id) {
            None => None,
            Some(t) => Some(
                crate::formats::doc::TaxId::parse(&t)
                    .map_err(|e| CoreError::invalid("CPF/CNPJ", e.to_string()))?
                    .digits()
                    .to_string(),
            ),
        };
        profile.city = money::optional_text(city);
        profile.pix_key = match money::optional_text(pix_key) {
            None => None,
            Some(k) => Some(
                crate::formats::pix::PixKey::parse(&k)
                    .map_err(|e| CoreError::invalid("Chave Pix", e.to_string()))?
                    .as_payload()
                    .to_string(),
            ),
        };
        self.apply(ctx, "settings.profile", |tx| {
            tx.put_root(PROFILE_KEY, &profile)
        })
    }

    /// Changes the minimum charge amount.
    pub fn set_charge_minimum(&mut self, ctx: &OpCtx, minimum: Decimal) -> CoreResult<()> {
        let minimum = money::positive("Valor mínimo da cobrança", minimum)?;
        self.apply(ctx, "settings.charge_minimum", |tx| {
            let mut s: Settings = tx.get_root(SETTINGS_KEY)?.unwrap_or_default();
            s.charge_minimum = minimum;
            tx.put_root(SETTINGS_KEY, &s)
        })
    }

    /// Changes the minimum charge amount and the reminder plan together (Configurações'
    /// form): one change, and nothing written when either is refused.
    pub fn update_charge_settings(
        &mut self,
        ctx: &OpCtx,
        minimum: Decimal,
        plan: ReminderPlan,
    ) -> CoreResult<()> {
        let minimum = money::positive("Valor mínimo da cobrança", minimum)?;
        let plan = plan.validate()?;
        self.apply(ctx, "settings.charges", |tx| {
            let mut s: Settings = tx.get_root(SETTINGS_KEY)?.unwrap_or_default();
            s.charge_minimum = minimum;
            s.reminder_plan = plan;
            tx.put_root(SETTINGS_KEY, &s)
        })
    }

    /// Replaces the default reminder plan.
    pub fn set_reminder_plan(&mut self, ctx: &OpCtx, plan: ReminderPlan) -> CoreResult<()> {
        let plan = plan.validate()?;
        self.apply(ctx, "settings.reminder_plan", |tx| {
            let mut s: Settings = tx.get_root(SETTINGS_KEY)?.unwrap_or_default();
            s.reminder_plan = plan;
            tx.put_root(SETTINGS_KEY, &s)
        })
    }
}
