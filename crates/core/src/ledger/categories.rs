//! Income and expense categories in two levels, and the default plan for a small Brazilian
//! business (padaria, oficina, salão). The default categories have fixed ids so that two
//! devices seeding the plan create the same records, and other modules can refer to them.

use super::{Category, CategoryKind, CATEGORIES};
use crate::business::{new_id, Business, Id, OpCtx, Tx};
use crate::error::{CoreError, CoreResult};
use crate::money;

/// Sales of goods (used by sales in the inventory module).
pub const SALES_OF_GOODS: &str = "cat.receitas.vendas-produtos";
/// Services rendered.
pub const SERVICES: &str = "cat.receitas.servicos";
/// Receipts of charges (Cobranças) that have no other category.
pub const CHARGES_RECEIVED: &str = "cat.receitas.cobrancas";
/// Other income.
pub const OTHER_INCOME: &str = "cat.receitas.outras";
/// Purchase of goods for resale (used by purchases).
pub const GOODS_PURCHASES: &str = "cat.despesas.compra-mercadorias";
/// Raw materials and supplies.
pub const SUPPLIES: &str = "cat.despesas.insumos";
/// Salaries (net pay of the payroll).
pub const SALARIES: &str = "cat.despesas.salarios";
/// INSS.
pub const INSS: &str = "cat.despesas.inss";
/// FGTS.
pub const FGTS: &str = "cat.despesas.fgts";
/// IRRF withheld.
pub const IRRF: &str = "cat.despesas.irrf";
/// Vacation and 13th salary.
pub const VACATION_13TH: &str = "cat.despesas.ferias-13";
/// Rent.
pub const RENT: &str = "cat.despesas.aluguel";
/// Losses of stock.
pub const STOCK_LOSSES: &str = "cat.despesas.perdas-estoque";
/// Card machine fees (used by card sales).
pub const CARD_FEES: &str = "cat.despesas.maquininha";
/// Other expenses.
pub const OTHER_EXPENSES: &str = "cat.despesas.outras";

/// The default plan: (id, name, parent id, kind). Parents come before their children.
pub const DEFAULT_PLAN: &[(&str, &str, Option<&str>, CategoryKind)] = {
    use CategoryKind::{Expense as E, Income as I};
    &[
        (
            "cat.receitas.operacionais",
            "Receitas operacionais",
            None,
            I,
        ),
        (
            SALES_OF_GOODS,
            "Vendas de produtos",
            Some("cat.receitas.operacionais"),
            I,
        ),
        (
            SERVICES,
            "Prestação de serviços",
            Some("cat.receitas.operacionais"),
            I,
        ),
        (
            CHARGES_RECEIVED,
            "Recebimento de cobranças",
            Some("cat.receitas.operacionais"),
            I,
        ),
        ("cat.receitas.financeiras", "Receitas financeiras", None, I),
        (
            "cat.receitas.rendimentos",
            "Rendimentos de aplicações",
            Some("cat.receitas.financeiras"),
            I,
        ),
        (
            "cat.receitas.juros",
            "Juros e multas recebidos",
            Some("cat.receitas.financeiras"),
            I,
        ),
        ("cat.receitas.outras-grupo", "Outras receitas", None, I),
        (
            OTHER_INCOME,
            "Outras receitas",
            Some("cat.receitas.outras-grupo"),
            I,
        ),
        ("cat.despesas.custos", "Custos das vendas", None, E),
        (
            GOODS_PURCHASES,
            "Compra de mercadorias",
            Some("cat.despesas.custos"),
            E,
        ),
        (
            SUPPLIES,
            "Matéria-prima e insumos",
            Some("cat.despesas.custos"),
            E,
        ),
        (
            "cat.despesas.fretes",
            "Fretes",
            Some("cat.despesas.custos"),
            E,
        ),
        (
            STOCK_LOSSES,
            "Perdas de estoque",
            Some("cat.despesas.custos"),
            E,
        ),
        ("cat.despesas.pessoal", "Pessoal", None, E),
        (SALARIES, "Salários", Some("cat.despesas.pessoal"), E),
        (
            "cat.despesas.pro-labore",
            "Pró-labore",
            Some("cat.despesas.pessoal"),
            E,
        ),
        (INSS, "INSS", Some("cat.despesas.pessoal"), E),
        (FGTS, "FGTS", Some("cat.despesas.pessoal"), E),
        (IRRF, "IRRF", Some("cat.despesas.pessoal"), E),
        (
            VACATION_13TH,
            "Férias e 13º salário",
            Some("cat.despesas.pessoal"),
            E,
        ),
        (
            "cat.despesas.beneficios",
            "Vale-transporte e benefícios",
            Some("cat.despesas.pessoal"),
            E,
        ),
        ("cat.despesas.ocupacao", "Ocupação", None, E),
        (RENT, "Aluguel", Some("cat.despesas.ocupacao"), E),
        (
            "cat.despesas.condominio",
            "Condomínio e IPTU",
            Some("cat.despesas.ocupacao"),
            E,
        ),
        (
            "cat.despesas.energia",
            "Energia elétrica",
            Some("cat.despesas.ocupacao"),
            E,
        ),
        (
            "cat.despesas.agua",
            "Água e esgoto",
            Some("cat.despesas.ocupacao"),
            E,
        ),
        (
            "cat.despesas.internet",
            "Internet e telefone",
            Some("cat.despesas.ocupacao"),
            E,
        ),
        ("cat.despesas.impostos", "Impostos e taxas", None, E),
        (
            "cat.despesas.das",
            "Simples Nacional (DAS)",
            Some("cat.despesas.impostos"),
            E,
        ),
        (
            "cat.despesas.taxas",
            "Taxas e licenças",
            Some("cat.despesas.impostos"),
            E,
        ),
        ("cat.despesas.administrativas", "Administrativas", None, E),
        (
            "cat.despesas.contabilidade",
            "Contabilidade",
            Some("cat.despesas.administrativas"),
            E,
        ),
        (
            "cat.despesas.material",
            "Material de escritório e limpeza",
            Some("cat.despesas.administrativas"),
            E,
        ),
        (
            "cat.despesas.sistemas",
            "Sistemas e assinaturas",
            Some("cat.despesas.administrativas"),
            E,
        ),
        (
            "cat.despesas.tarifas",
            "Tarifas bancárias",
            Some("cat.despesas.administrativas"),
            E,
        ),
        (
            CARD_FEES,
            "Taxas de cartão e maquininha",
            Some("cat.despesas.administrativas"),
            E,
        ),
        ("cat.despesas.comercial", "Comercial", None, E),
        (
            "cat.despesas.marketing",
            "Marketing e publicidade",
            Some("cat.despesas.comercial"),
            E,
        ),
        (
            "cat.despesas.comissoes",
            "Comissões",
            Some("cat.despesas.comercial"),
            E,
        ),
        ("cat.despesas.manutencao", "Manutenção", None, E),
        (
            "cat.despesas.reparos",
            "Manutenção e reparos",
            Some("cat.despesas.manutencao"),
            E,
        ),
        (
            "cat.despesas.equipamentos",
            "Equipamentos e utensílios",
            Some("cat.despesas.manutencao"),
            E,
        ),
        ("cat.despesas.financeiras", "Despesas financeiras", None, E),
        (
            "cat.despesas.juros",
            "Juros e multas pagos",
            Some("cat.despesas.financeiras"),
            E,
        ),
        (
            "cat.despesas.emprestimos",
            "Parcelas de empréstimos",
            Some("cat.despesas.financeiras"),
            E,
        ),
        ("cat.despesas.outras-grupo", "Outras despesas", None, E),
        (
            OTHER_EXPENSES,
            "Outras despesas",
            Some("cat.despesas.outras-grupo"),
            E,
        ),
    ]
};

/// Writes the default categories that are missing (used by the first migration).
pub(crate) fn seed_default_plan(tx: &mut Tx<'_>) -> CoreResult<()> {
    for (id, name, parent, kind) in DEFAULT_PLAN {
        if !tx.exists(CATEGORIES, id)? {
            let cat = Category {
                name: (*name).to_string(),
                kind: *kind,
                parent: parent.map(str::to_string),
                archived: false,
            };
            tx.put(CATEGORIES, id, &cat)?;
        }
    }
    Ok(())
}

/// A group of categories with its subcategories.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CategoryGroup {
    /// The group's id.
    pub id: Id,
    /// The group.
    pub category: Category,
    /// Its active subcategories, by name.
    pub children: Vec<(Id, Category)>,
}

/// What a person types to create a category.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCategory {
    /// Name.
    pub name: String,
    /// Income or expense.
    pub kind: CategoryKind,
    /// The top-level category it belongs to, if it is a subcategory.
    pub parent: Option<Id>,
}

/// Checks that `id` names an active category of `kind`.
pub fn check_category(tx: &Tx<'_>, id: &str, kind: CategoryKind) -> CoreResult<Category> {
    let cat: Category = tx.require(CATEGORIES, id, "Categoria")?;
    if cat.archived {
        return Err(CoreError::invalid(
            "Categoria",
            format!("a categoria \"{}\" está arquivada.", cat.name),
        ));
    }
    if cat.kind != kind {
        let expected = match kind {
            CategoryKind::Income => "de receita",
            CategoryKind::Expense => "de despesa",
        };
        return Err(CoreError::invalid(
            "Categoria",
            format!("escolha uma categoria {expected}; \"{}\" não é.", cat.name),
        ));
    }
    Ok(cat)
}

/// Creates a category inside a transaction.
pub(crate) fn tx_create_category(tx: &mut Tx<'_>, input: NewCategory) -> CoreResult<Id> {
    let name = money::required_text("Nome da categoria", &input.name)?;
    if let Some(parent_id) = &input.parent {
        let parent: Category = tx.require(CATEGORIES, parent_id, "Categoria principal")?;
        if parent.parent.is_some() {
            return Err(CoreError::invalid(
                "Categoria principal",
                "as categorias têm só dois níveis; escolha uma categoria principal.",
            ));
        }
        if parent.kind != input.kind {
            return Err(CoreError::invalid(
                "Categoria principal",
                "a subcategoria deve ser do mesmo tipo (receita ou despesa) da principal.",
            ));
        }
        if parent.archived {
            return Err(CoreError::invalid(
                "Categoria principal",
                "a categoria principal está arquivada.",
            ));
        }
    }
    let duplicate = tx.list::<Category>(CATEGORIES)?.into_iter().any(|(_, c)| {
        !c.archived
            && c.kind == input.kind
            && c.parent == input.parent
            && c.name.to_lowercase() == name.to_lowercase()
    });
    if duplicate {
        return Err(CoreError::Duplicate(format!(
            "Já existe uma categoria chamada \"{name}\" neste grupo."
        )));
    }
    let id = new_id();
    tx.put(
        CATEGORIES,
        &id,
        &Category {
            name,
            kind: input.kind,
            parent: input.parent,
            archived: false,
        },
    )?;
    Ok(id)
}

impl Business {
    /// Every category (archived ones included), sorted by id.
    pub fn categories(&self) -> CoreResult<Vec<(Id, Category)>> {
        self.list(CATEGORIES)
    }

    /// Creates a category or subcategory (two levels at most).
    pub fn create_category(&mut self, ctx: &OpCtx, input: NewCategory) -> CoreResult<Id> {
        self.apply(ctx, "ledger.category.create", |tx| {
            tx_create_category(tx, input)
        })
    }

    /// The active categories of one kind as a tree: each group with its subcategories,
    /// sorted by name.
    pub fn category_tree(&self, kind: CategoryKind) -> CoreResult<Vec<CategoryGroup>> {
        let all: Vec<(Id, Category)> = self
            .categories()?
            .into_iter()
            .filter(|(_, c)| c.kind == kind && !c.archived)
            .collect();
        let mut groups: Vec<CategoryGroup> = all
            .iter()
            .filter(|(_, c)| c.parent.is_none())
            .map(|(id, c)| CategoryGroup {
                id: id.clone(),
                category: c.clone(),
                children: {
                    let mut kids: Vec<(Id, Category)> = all
                        .iter()
                        .filter(|(_, k)| k.parent.as_deref() == Some(id.as_str()))
                        .cloned()
                        .collect();
                    kids.sort_by_key(|(_, k)| k.name.to_lowercase());
                    kids
                },
            })
            .collect();
        groups.sort_by_key(|g| g.category.name.to_lowercase());
        Ok(groups)
    }

    /// Renames a category.
    pub fn rename_category(&mut self, ctx: &OpCtx, id: &str, name: &str) -> CoreResult<()> {
        let name = money::required_text("Nome da categoria", name)?;
        self.apply(ctx, "ledger.category.rename", |tx| {
            let mut cat: Category = tx.require(CATEGORIES, id, "Categoria")?;
            let clash = tx
                .list::<Category>(CATEGORIES)?
                .into_iter()
                .any(|(other, c)| {
                    other != id
                        && !c.archived
                        && c.kind == cat.kind
                        && c.parent == cat.parent
                        && c.name.to_lowercase() == name.to_lowercase()
                });
            if clash {
                return Err(CoreError::Duplicate(format!(
                    "Já existe uma categoria chamada \"{name}\" neste grupo."
                )));
            }
            cat.name = name;
            tx.put(CATEGORIES, id, &cat)
        })
    }

    /// Archives a category: it stays on old entries but is no longer offered.
    pub fn archive_category(&mut self, ctx: &OpCtx, id: &str) -> CoreResult<()> {
        self.apply(ctx, "ledger.category.archive", |tx| {
            let mut cat: Category = tx.require(CATEGORIES, id, "Categoria")?;
            if cat.archived {
                return Err(CoreError::not_allowed("Esta categoria já está arquivada."));
            }
            cat.archived = true;
            tx.put(CATEGORIES, id, &cat)
        })
    }
}
