//! Errors of the inventory module (Estoque). Every message is pt-BR and tells
//! the shop owner what to fix.

use rust_decimal::Decimal;

/// A quantity the Brazilian way: decimal comma, no trailing zeros (1,25).
fn br_qty(q: &Decimal) -> String {
    q.normalize().to_string().replace('.', ",")
}

/// The first letter in capitals, as a sentence starts.
fn sentence(text: &str) -> String {
    let mut c = text.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

/// "negativo" or "negativa", agreeing with the field's article.
fn negative_word(field: &str) -> &'static str {
    if field.starts_with("A ") {
        "negativa"
    } else {
        "negativo"
    }
}

/// Why an inventory calculation or operation was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InventoryError {
    /// The product does not exist.
    #[error("Produto não encontrado.")]
    ProductNotFound,
    /// The product is inactive and cannot be sold or bought.
    #[error("O produto {0} está inativo. Reative-o antes de movimentar o estoque.")]
    ProductInactive(String),
    /// A required name is blank.
    #[error("Informe o nome do produto.")]
    NameRequired,
    /// The SKU is blank.
    #[error("Informe o código (SKU) do produto.")]
    SkuRequired,
    /// Another product already uses this SKU.
    #[error("Já existe um produto com o código (SKU) {0}.")]
    DuplicateSku(String),
    /// The GTIN (barcode) is invalid; the reason is the barcode module's sentence,
    /// which already names the field.
    #[error("{text}.", text = sentence(.0))]
    InvalidGtin(String),
    /// Another product already uses this GTIN.
    #[error("Já existe um produto com o código de barras {0}.")]
    DuplicateGtin(String),
    /// The unit is not known.
    #[error("Unidade desconhecida: {0}. Use un, kg, g, l, ml, m, cx ou pct.")]
    UnknownUnit(String),
    /// A price, cost or quantity field is negative; the field comes with its article
    /// ("O custo", "A quantidade"), which sets the adjective's gender.
    #[error("{field} não pode ser {word}.", field = .0, word = negative_word(.0))]
    Negative(&'static str),
    /// A quantity is zero.
    #[error("A quantidade precisa ser diferente de zero.")]
    ZeroQuantity,
    /// A quantity has the wrong sign for the kind of movement.
    #[error("Quantidade inválida para {kind}: {reason}")]
    WrongSign {
        kind: &'static str,
        reason: &'static str,
    },
    /// A fractional quantity for a unit that is counted whole.
    #[error(
        "O produto {product} é vendido por {unit}; a quantidade {} precisa ser inteira.",
        br_qty(.quantity)
    )]
    FractionalQuantity {
        product: String,
        unit: &'static str,
        quantity: Decimal,
    },
    /// A quantity with more than three decimal places.
    #[error("A quantidade {} tem casas decimais demais (no máximo 3).", br_qty(.0))]
    TooPrecise(Decimal),
    /// A reason is required for adjustments and losses.
    #[error("Informe o motivo do ajuste ou da perda.")]
    ReasonRequired,
    /// A sale or purchase without items.
    #[error("Inclua pelo menos um item.")]
    NoItems,
    /// The discount is larger than the items' total.
    #[error("O desconto precisa ser menor que o total dos itens.")]
    DiscountTooLarge,
    /// A sale on credit (fiado) needs the customer.
    #[error("Venda fiado precisa do cliente.")]
    FiadoNeedsCustomer,
    /// Sales and purchases have their own operations, which also write the
    /// ledger.
    #[error("Vendas e compras são registradas pelas telas de venda e de compra, não como movimento avulso.")]
    UseSaleOrPurchase,
    /// A sale asks for more than the stock shows and the cashier did not confirm it.
    #[error(
        "Estoque insuficiente de {product}: há {} {unit} e a venda pede {} {unit}. Registre a compra ou um ajuste, ou confirme a venda mesmo assim.",
        br_qty(.available),
        br_qty(.requested)
    )]
    InsufficientStock {
        product: String,
        unit: &'static str,
        available: Decimal,
        requested: Decimal,
    },
    /// A paid sale needs the account that receives the money.
    #[error("Informe a conta que recebe o pagamento da venda.")]
    AccountRequired,
}
