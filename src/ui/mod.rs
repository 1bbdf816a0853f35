//! The UI kit: the few pieces every screen builds its forms, lists and reads from, so that
//! no screen writes its own labelled input, busy flag, clipboard call or error-swallowing read.
//!
//! - [`field`]: [`Field`] (one labelled input; its [`FieldKind`] sets `type`, `inputmode`,
//!   `maxlength` and the placeholder), [`CheckField`], [`RadioGroup`] and [`SelectField`].
//! - [`submit`]: [`Submit`] (a leptos `Action` with busy state and a pt-BR error; inputs are
//!   signals the helper never clears) and [`Form`], which lays out fields, error and buttons.
//! - [`share`]: copying to the clipboard and the system share sheet.
//! - [`list`]: [`Card`], [`ItemList`] and [`Table`].
//! - [`read`]: `app.query(&[Topic::Entries], |b| ..)`, [`ReadError`] and [`ReadErrorView`]
//!   (a failed read says what to do; it is never shown as an empty list), and
//!   [`WriteErrorView`] (changes not stored yet, on every screen).
//!
//! A screen's form in full:
//!
//! ```ignore
//! let amount = RwSignal::new(String::new());
//! let save = Submit::new(
//!     move || {
//!         let typed = amount.get_untracked();
//!         async move {
//!             let value = parse_brl(&typed).field("Valor")?;
//!             Ok(app.run(move |b, ctx| b.some_operation(ctx, value)).await?)
//!         }
//!     },
//!     move |_| notice.set(Some("Salvo.".into())),
//! );
//! view! {
//!     <Form submit=save label="Salvar" testid="form">
//!         <Field label="Valor (R$)" value=amount kind=FieldKind::Money testid="valor"/>
//!     </Form>
//! }
//! ```

pub mod field;
pub mod list;
pub mod read;
pub mod share;
pub mod submit;

pub use field::{
    fixed, CheckField, ChoiceGroups, Choices, Field, FieldKind, RadioGroup, SelectField,
};
pub use list::{Card, Column, ItemList, Table};
pub use read::{show, ReadError, ReadErrorView, Topic, WriteErrorView};
pub use submit::{FieldResult, Form, FormError, FormErrorView, Submit};
