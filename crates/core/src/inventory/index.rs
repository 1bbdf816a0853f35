//! Indexes derived from the inventory collections and kept in memory next to the document,
//! so that an operation reads what it needs instead of hydrating a whole collection:
//!
//! - [`StockIndex`]: every product's cost entries, so the average cost of one product
//!   replays that product's movements only.
//! - [`CodeIndex`]: every product's SKU and barcode, so registering a product checks that
//!   they are unique without reading every product.
//! - [`ProductOrder`]: the products in the list's order with their search keys, so that a
//!   search keystroke in Estoque filters in memory. The stock index also keeps each
//!   product's position ([`StockIndex::position`]), replayed again only when that product's
//!   movements or registered cost changed: Estoque's list and tiles read every product's
//!   stock in O(products), not O(movements).
//!
//! Neither is stored, and neither decides anything the document does not say: each records
//! the heads it reflects. When the document has other heads (a merge, a sync, a load), the
//! stock index catches up by listing the movement ids and hydrating only those it has not
//! seen (movements are never edited, the log only grows; an id that disappeared makes it
//! start over), and the code index is rebuilt (products are edited). An operation that
//! writes movements or products updates both after its change is committed, so a device's
//! own operations never trigger a catch-up.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::Arc;

use automerge::transaction::Transactable;
use automerge::{AutoCommit, ChangeHash, ObjType, ReadDoc, ValueRef};

use rust_decimal::Decimal;

use super::records::{Movement, Product, MOVEMENTS, PRODUCTS};
use super::stock::{replay, CostEntry, StockPosition};
use crate::business::{read_get, root_maps, Id, Tx};
use crate::error::CoreResult;
use crate::reader::hydrate_record;
use crate::views::{Shared, WarmStep};

/// The derived inventory indexes of one document.
#[derive(Debug, Default, Clone)]
pub(crate) struct InventoryIndex {
    pub(crate) stock: StockIndex,
    pub(crate) codes: CodeIndex,
    /// The products list's order, for the kept products list it was built from.
    order: Option<Arc<ProductOrder>>,
}

/// The products in the order of Estoque's list (name, case ignored, then id) with what its
/// search compares, built once per version of the products list and shared.
#[derive(Debug)]
pub(crate) struct ProductOrder {
    /// The kept products list it was built from (the view cache's, sorted by id).
    pub(crate) products: Shared<Product>,
    /// Places in `products`, in the list's order.
    pub(crate) order: Vec<usize>,
    /// Per place in `products`: the name and the SKU in lower case.
    pub(crate) keys: Vec<(String, String)>,
}

impl ProductOrder {
    fn build(products: &Shared<Product>) -> ProductOrder {
        let keys: Vec<(String, String)> = products
            .iter()
            .map(|(_, p)| (p.name.to_lowercase(), p.sku.to_lowercase()))
            .collect();
        let mut order: Vec<usize> = (0..products.len()).collect();
        // `products` is sorted by id, so ties on the name keep the id's order.
        order.sort_by(|a, b| keys[*a].0.cmp(&keys[*b].0).then(a.cmp(b)));
        ProductOrder {
            products: products.clone(),
            order,
            keys,
        }
    }

    /// Whether the product at `at` matches a search already trimmed and in lower case: its
    /// name or SKU (case ignored) or its barcode contains it.
    pub(crate) fn matches(&self, at: usize, term: &str) -> bool {
        let (name, sku) = &self.keys[at];
        term.is_empty()
            || name.contains(term)
            || sku.contains(term)
            || self.products[at]
                .1
                .gtin
                .as_deref()
                .is_some_and(|g| g.contains(term))
    }
}

impl InventoryIndex {
    /// The list's order of `products` (the kept products list): the one built last when the
    /// list is the same one, else built again (a product changed).
    pub(crate) fn product_order(&mut self, products: &Shared<Product>) -> Arc<ProductOrder> {
        if let Some(order) = &self.order {
            if Arc::ptr_eq(&order.products, products) {
                return order.clone();
            }
        }
        let order = Arc::new(ProductOrder::build(products));
        self.order = Some(order.clone());
        order
    }

    /// Follows a committed operation that moved the document from `before` to `after`,
    /// having written `writes` (`(collection, id)`, root keys as `("", key)`). `tracked` is
    /// false when it also wrote around the helpers; the indexes then stay behind and catch
    /// up on their next read.
    pub(crate) fn after_commit(
        &mut self,
        doc: &AutoCommit,
        before: &[ChangeHash],
        after: &[ChangeHash],
        writes: &BTreeSet<(String, Id)>,
        tracked: bool,
    ) {
        let ids = |collection: &str| -> (Vec<&str>, bool) {
            let ids = writes
                .iter()
                .filter(|(c, _)| c == collection)
                .map(|(_, id)| id.as_str())
                .collect();
            // Replacing the whole collection at the root is not something to follow.
            (
                ids,
                tracked && !writes.contains(&(String::new(), collection.to_string())),
            )
        };
        let (movements, tracked_movements) = ids(MOVEMENTS);
        self.stock
            .after_commit(doc, before, after, &movements, tracked_movements);
        let (products, tracked_products) = ids(PRODUCTS);
        self.codes
            .after_commit(doc, before, after, &products, tracked_products);
    }
}

/// Every indexed movement's cost entry, grouped by product.
#[derive(Debug, Default, Clone)]
pub(crate) struct StockIndex {
    /// The heads of the document the index reflects; `None` until it is first built.
    heads: Option<Vec<ChangeHash>>,
    /// The product of every indexed movement.
    product_of: HashMap<Id, Id>,
    /// Each product's cost entries in replay order (date, then id), so that replaying them
    /// does not sort thousands of entries of a best-selling product on every sale.
    by_product: HashMap<Id, Vec<CostEntry>>,
    /// Each product's position last replayed, with the registered cost it started from;
    /// dropped when one of the product's movements is added or removed.
    positions: HashMap<Id, (Decimal, StockPosition)>,
    /// While built in steps ([`StockIndex::warm`]): the next movement id to read and the
    /// heads the first step saw.
    warming: Option<(String, Vec<ChangeHash>)>,
}

/// The cost entry of a stored movement.
pub(crate) fn cost_entry(id: &str, m: &Movement) -> CostEntry {
    CostEntry {
        id: id.to_string(),
        date: m.date,
        kind: m.kind,
        quantity: m.quantity,
        unit_cost: m.unit_cost,
    }
}

impl StockIndex {
    /// Whether it has been built (it then catches up with a few movements, not all).
    pub(crate) fn is_built(&self) -> bool {
        self.heads.is_some()
    }

    /// Brings the index to the document's committed state. `pending` are the movements the
    /// open operation has written: they are left out because they may still be rolled back.
    pub(crate) fn sync(&mut self, doc: &AutoCommit, pending: &HashSet<&str>) -> CoreResult<()> {
        let heads = doc.base_heads();
        if self.heads.as_ref() == Some(&heads) {
            return Ok(());
        }
        let maps = root_maps(doc, MOVEMENTS)?;
        // Two devices that created the collection offline leave two maps; an id in both is
        // read from the first, as `Business::list` does.
        let mut seen: HashSet<String> = HashSet::new();
        let mut present = 0usize;
        for coll in &maps {
            for item in doc.map_range(coll, ..) {
                let key = item.key.as_ref();
                if pending.contains(key) || (maps.len() > 1 && !seen.insert(key.to_string())) {
                    continue;
                }
                if !matches!(item.value, ValueRef::Object(ObjType::Map)) {
                    continue;
                }
                present += 1;
                if self.product_of.contains_key(key) {
                    continue;
                }
                let movement: Movement = hydrate_record(doc, &item.id())?;
                self.insert(key, &movement);
            }
        }
        if present != self.product_of.len() {
            // A movement disappeared, which no operation does: start over from the log.
            *self = StockIndex::default();
            return self.sync(doc, pending);
        }
        self.heads = Some(heads);
        Ok(())
    }

    /// Builds the index a few movements at a time: reads at most `budget` movements not
    /// indexed yet, in id order from where the last call stopped, and says `Done` once the
    /// index is built. Movements are never edited, so one read here stays right whatever
    /// changes come between calls; if any did, the last call ends with a full [`sync`]
    /// (which reads only what is still missing) instead of trusting the order it walked.
    ///
    /// [`sync`]: StockIndex::sync
    pub(crate) fn warm(&mut self, doc: &AutoCommit, budget: usize) -> CoreResult<WarmStep> {
        let heads = doc.base_heads();
        if self.heads.is_some() {
            // Built already: a catch-up reads only the movements added since.
            let before = self.product_of.len();
            self.sync(doc, &Default::default())?;
            return Ok(WarmStep::Done {
                read: self.product_of.len().saturating_sub(before),
            });
        }
        let maps = root_maps(doc, MOVEMENTS)?;
        let [coll] = maps.as_slice() else {
            // No movements, or two maps made offline: one sync (rare and small).
            let before = self.product_of.len();
            self.sync(doc, &Default::default())?;
            return Ok(WarmStep::Done {
                read: self.product_of.len().saturating_sub(before),
            });
        };
        let (from, first_heads) = self
            .warming
            .take()
            .unwrap_or_else(|| (String::new(), heads.clone()));
        let mut read = 0;
        for item in doc.map_range(coll, from..) {
            let key = item.key.as_ref();
            if read >= budget.max(1) {
                self.warming = Some((key.to_string(), first_heads));
                return Ok(WarmStep::Partial { read });
            }
            if !matches!(item.value, ValueRef::Object(ObjType::Map))
                || self.product_of.contains_key(key)
            {
                continue;
            }
            let movement: Movement = hydrate_record(doc, &item.id())?;
            self.insert(key, &movement);
            read += 1;
        }
        if first_heads == heads {
            // Nothing changed while it walked: every movement was read in order.
            self.heads = Some(heads);
        } else {
            self.sync(doc, &Default::default())?;
        }
        Ok(WarmStep::Done { read })
    }

    /// Adds or replaces one movement.
    fn insert(&mut self, id: &str, m: &Movement) {
        self.remove(id);
        self.positions.remove(&m.product);
        self.product_of.insert(id.to_string(), m.product.clone());
        let entries = self.by_product.entry(m.product.clone()).or_default();
        let entry = cost_entry(id, m);
        let at = entries.partition_point(|e| (e.date, e.id.as_str()) < (entry.date, id));
        entries.insert(at, entry);
    }

    fn remove(&mut self, id: &str) {
        if let Some(product) = self.product_of.remove(id) {
            if let Some(entries) = self.by_product.get_mut(&product) {
                entries.retain(|e| e.id != id);
            }
            self.positions.remove(&product);
        }
    }

    /// One product's position from its indexed movements and its registered `cost`:
    /// replayed only when they changed since the last call, else the one kept.
    pub(crate) fn position(&mut self, product: &str, cost: Decimal) -> StockPosition {
        if let Some((kept_cost, position)) = self.positions.get(product) {
            // The same number written the same way: 1,5 and 1,50 show differently.
            if *kept_cost == cost && kept_cost.scale() == cost.scale() {
                return position.clone();
            }
        }
        let position = replay(self.entries(product), cost);
        self.positions
            .insert(product.to_string(), (cost, position.clone()));
        position
    }

    /// The cost entries of one product's committed movements.
    pub(crate) fn entries(&self, product: &str) -> &[CostEntry] {
        self.by_product.get(product).map_or(&[], Vec::as_slice)
    }

    /// The ids of one product's committed movements.
    pub(crate) fn movement_ids(&self, product: &str) -> impl Iterator<Item = &str> {
        self.entries(product).iter().map(|e| e.id.as_str())
    }

    /// Follows a committed operation (see [`InventoryIndex::after_commit`]). A movement that
    /// cannot be read back leaves the index behind rather than failing, because the change
    /// is already committed.
    fn after_commit(
        &mut self,
        doc: &AutoCommit,
        before: &[ChangeHash],
        after: &[ChangeHash],
        written: &[&str],
        tracked: bool,
    ) {
        if !tracked || self.heads.as_deref() != Some(before) {
            return;
        }
        let mut follow = || -> CoreResult<()> {
            for id in written {
                match read_get::<Movement>(doc, MOVEMENTS, id)? {
                    Some(m) => self.insert(id, &m),
                    None => self.remove(id),
                }
            }
            Ok(())
        };
        self.heads = follow().ok().map(|()| after.to_vec());
    }
}

/// One product's cost entries as the open operation sees them: its committed movements from
/// the index, then the movements this operation has already written.
pub(crate) fn tx_cost_history(tx: &mut Tx<'_>, product: &str) -> CoreResult<Vec<CostEntry>> {
    let (doc, index, written, tracked) = tx.index_parts(MOVEMENTS);
    if !tracked {
        // A direct write may have changed anything: read the whole log, as without an index.
        let all: Vec<(Id, Movement)> = tx.list(MOVEMENTS)?;
        return Ok(all
            .iter()
            .filter(|(_, m)| m.product == product)
            .map(|(id, m)| cost_entry(id, m))
            .collect());
    }
    let pending: HashSet<&str> = written.iter().copied().collect();
    index.stock.sync(doc, &pending)?;
    let mut out: Vec<CostEntry> = index
        .stock
        .entries(product)
        .iter()
        .filter(|e| !pending.contains(e.id.as_str()))
        .cloned()
        .collect();
    for id in written {
        if let Some(m) = read_get::<Movement>(doc, MOVEMENTS, id)? {
            if m.product == product {
                out.push(cost_entry(id, &m));
            }
        }
    }
    Ok(out)
}

/// A product's codes as uniqueness compares them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Codes {
    /// The SKU in lower case (SKUs are unique whatever their case).
    pub(crate) sku: String,
    /// The barcode, if any.
    pub(crate) gtin: Option<String>,
}

impl Codes {
    pub(crate) fn of(p: &Product) -> Codes {
        Codes {
            sku: p.sku.to_lowercase(),
            gtin: p.gtin.clone(),
        }
    }
}

/// Every product's SKU and barcode.
#[derive(Debug, Default, Clone)]
pub(crate) struct CodeIndex {
    /// The heads of the document the index reflects; `None` until it is first built.
    heads: Option<Vec<ChangeHash>>,
    codes: HashMap<Id, Codes>,
}

impl CodeIndex {
    /// Brings the index to the document's committed state, leaving out the products the
    /// open operation has written (`pending`).
    fn sync(&mut self, doc: &AutoCommit, pending: &HashSet<&str>) -> CoreResult<()> {
        let heads = doc.base_heads();
        if self.heads.as_ref() == Some(&heads) {
            return Ok(());
        }
        // Products are edited, so a change from elsewhere means reading them all again.
        let mut codes = HashMap::new();
        for coll in root_maps(doc, PRODUCTS)? {
            for item in doc.map_range(&coll, ..) {
                let key = item.key.as_ref();
                if pending.contains(key)
                    || codes.contains_key(key)
                    || !matches!(item.value, ValueRef::Object(ObjType::Map))
                {
                    continue;
                }
                let product: Product = hydrate_record(doc, &item.id())?;
                codes.insert(key.to_string(), Codes::of(&product));
            }
        }
        self.codes = codes;
        self.heads = Some(heads);
        Ok(())
    }

    /// Follows a committed operation (see [`InventoryIndex::after_commit`]).
    fn after_commit(
        &mut self,
        doc: &AutoCommit,
        before: &[ChangeHash],
        after: &[ChangeHash],
        written: &[&str],
        tracked: bool,
    ) {
        if !tracked || self.heads.as_deref() != Some(before) {
            return;
        }
        let mut follow = || -> CoreResult<()> {
            for id in written {
                match read_get::<Product>(doc, PRODUCTS, id)? {
                    Some(p) => self.codes.insert(id.to_string(), Codes::of(&p)),
                    None => self.codes.remove(*id),
                };
            }
            Ok(())
        };
        self.heads = follow().ok().map(|()| after.to_vec());
    }
}

/// Which code of a new or edited product another product already has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Clash {
    Sku,
    Gtin,
}

/// The first product by id, other than `own_id`, whose SKU (any case) or barcode equals the
/// given ones, as the open operation sees the products: the committed ones from the index,
/// then those this operation has already written.
pub(crate) fn tx_code_clash(
    tx: &mut Tx<'_>,
    codes: &Codes,
    own_id: Option<&str>,
) -> CoreResult<Option<Clash>> {
    let clash = |id: &str, other: &Codes| -> Option<Clash> {
        if Some(id) == own_id {
            None
        } else if other.sku == codes.sku {
            Some(Clash::Sku)
        } else if codes.gtin.is_some() && other.gtin == codes.gtin {
            Some(Clash::Gtin)
        } else {
            None
        }
    };
    let (doc, index, written, tracked) = tx.index_parts(PRODUCTS);
    let mut found: Vec<(Id, Clash)> = Vec::new();
    if !tracked {
        // A direct write may have changed anything: read every product, as without an index.
        let all: Vec<(Id, Product)> = tx.list(PRODUCTS)?;
        for (id, p) in &all {
            found.extend(clash(id, &Codes::of(p)).map(|c| (id.clone(), c)));
        }
    } else {
        let pending: HashSet<&str> = written.iter().copied().collect();
        index.codes.sync(doc, &pending)?;
        for (id, other) in &index.codes.codes {
            if !pending.contains(id.as_str()) {
                found.extend(clash(id, other).map(|c| (id.clone(), c)));
            }
        }
        for id in written {
            if let Some(p) = read_get::<Product>(doc, PRODUCTS, id)? {
                found.extend(clash(id, &Codes::of(&p)).map(|c| (id.to_string(), c)));
            }
        }
    }
    // The index is unordered; report the clash the product list would show first.
    Ok(found
        .into_iter()
        .min_by(|a, b| a.0.cmp(&b.0))
        .map(|(_, c)| c))
}
