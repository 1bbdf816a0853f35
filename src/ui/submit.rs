//! Submitting a form: one leptos `Action` per form, its busy state, its pt-BR error.
//!
//! [`Submit::new`] takes the work (read the fields with `get_untracked`, parse them, call one
//! core operation through `app.run`) and what to do once it succeeded (close the form, say
//! "salvo"). While it runs the submit button is disabled and a second submit is ignored; when
//! it fails the message is shown in the form and the fields keep what was typed (the kit
//! never clears them: only `done` may). [`FieldResult::field`] names the field a parse error
//! belongs to: `parse_brl(&typed).field("Valor")?` fails with "Valor: Valor inválido ...";
//! `field_at(format!("Item {n}, custo"))` names a field of a repeated group.
//!
//! [`Form`] lays a form out: the fields (children), the error, then the submit button and,
//! with `on_cancel`, a "Voltar" button. A screen with its own layout uses
//! [`Submit::on_submit`], [`Submit::busy`] and [`FormErrorView`] directly.

use std::future::Future;
use std::rc::Rc;

use leptos::prelude::*;

use crate::fmt::InputError;
use crate::state::AppError;
use crate::sync::TeamError;
use crate::ui::read::ReadError;
use crate::ui::share::ShareError;

/// Why a form was not saved, in words for the person using the app.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FormError {
    /// What was typed in a field cannot be read.
    #[error("{field}: {source}")]
    Input {
        field: &'static str,
        source: InputError,
    },
    /// What was typed in a field of a repeated group cannot be read; `field` names the
    /// group too ("Item 2, custo").
    #[error("{field}: {source}")]
    InputAt { field: String, source: InputError },
    /// The core refused the operation, or storage failed.
    #[error("{0}")]
    App(#[from] AppError),
    /// A team action (create, join, close a period for the team) did not complete.
    #[error("{0}")]
    Team(#[from] TeamError),
    /// What the form needed could not be read from the document.
    #[error("{0}")]
    Read(#[from] ReadError),
    /// A file could not be offered, or a text not copied.
    #[error("{0}")]
    Share(#[from] ShareError),
    /// A check the screen makes before calling (e.g. "Escolha a conta.").
    #[error("{0}")]
    Missing(String),
}

impl From<retaguarda_core::CoreError> for FormError {
    fn from(e: retaguarda_core::CoreError) -> Self {
        FormError::App(AppError::Core(e))
    }
}

/// Names the field a parse error belongs to.
pub trait FieldResult<T> {
    fn field(self, field: &'static str) -> Result<T, FormError>;
    /// For a field of a repeated group, whose name is made when the form is read.
    fn field_at(self, field: impl Into<String>) -> Result<T, FormError>;
}

impl<T> FieldResult<T> for Result<T, InputError> {
    fn field(self, field: &'static str) -> Result<T, FormError> {
        self.map_err(|source| FormError::Input { field, source })
    }

    fn field_at(self, field: impl Into<String>) -> Result<T, FormError> {
        self.map_err(|source| FormError::InputAt {
            field: field.into(),
            source,
        })
    }
}

/// A form's submission: the action, whether it runs, and the last error. `Copy`, so views
/// and closures can hold it freely.
#[derive(Clone, Copy)]
pub struct Submit {
    action: Action<(), ()>,
    error: RwSignal<Option<String>>,
}

impl Submit {
    /// `work` makes the future that saves; `done` gets its value once it succeeded.
    pub fn new<T, W, F, D>(work: W, done: D) -> Submit
    where
        T: 'static,
        W: Fn() -> F + 'static,
        F: Future<Output = Result<T, FormError>> + 'static,
        D: Fn(T) + 'static,
    {
        let error = RwSignal::new(None::<String>);
        let done = Rc::new(done);
        let action = Action::new_local(move |_: &()| {
            let saving = work();
            let done = done.clone();
            async move {
                match saving.await {
                    Ok(value) => {
                        error.set(None);
                        done(value);
                    }
                    Err(e) => error.set(Some(e.to_string())),
                }
            }
        });
        Submit { action, error }
    }

    /// Starts the work, unless it is already running.
    pub fn dispatch(&self) {
        if self.action.pending().get_untracked() {
            return;
        }
        self.error.set(None);
        self.action.dispatch_local(());
    }

    /// A form's `on:submit` handler: stops the page reload and dispatches.
    pub fn on_submit(self) -> impl Fn(leptos::ev::SubmitEvent) + Copy + 'static {
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            self.dispatch();
        }
    }

    /// Whether the work is running.
    pub fn busy(&self) -> Signal<bool> {
        self.action.pending().into()
    }

    /// The last error, until the next submit or success.
    pub fn error(&self) -> Signal<Option<String>> {
        self.error.into()
    }

    /// Shows an error found outside the work (e.g. while a field is checked on blur).
    pub fn fail(&self, message: impl Into<String>) {
        self.error.set(Some(message.into()));
    }
}

/// The form's error, as an alert, when there is one.
#[component]
pub fn FormErrorView(
    submit: Submit,
    #[prop(optional_no_strip, into)] testid: Option<&'static str>,
) -> impl IntoView {
    move || {
        submit
            .error()
            .get()
            .map(|msg| view! { <p class="alert error" role="alert" data-testid=testid>{msg}</p> })
    }
}

/// A form laid out as the app's forms are: fields, error, submit button, optional "Voltar".
#[component]
pub fn Form(
    submit: Submit,
    /// The submit button's text.
    label: &'static str,
    children: Children,
    #[prop(optional)] testid: Option<&'static str>,
    /// The submit button's test id.
    #[prop(optional)]
    button_testid: Option<&'static str>,
    /// The error's test id.
    #[prop(optional)]
    error_testid: Option<&'static str>,
    /// The "Voltar" button's text, when another word fits better ("Fechar").
    #[prop(optional)]
    cancel_label: Option<&'static str>,
    /// Paints the submit button as a destructive action.
    #[prop(optional)]
    danger: bool,
    /// Shows a "Voltar" button that calls this.
    #[prop(optional, into)]
    on_cancel: Option<Callback<()>>,
    /// Extra classes on the form (`inline` puts a rule above it, for forms inside a card).
    #[prop(optional)]
    class: Option<&'static str>,
    /// An inline style on the form, for a layout of one screen.
    #[prop(optional)]
    style: Option<&'static str>,
) -> impl IntoView {
    let busy = submit.busy();
    view! {
        <form on:submit=submit.on_submit() data-testid=testid class=class style=style aria-busy=move || busy.get().then_some("true")>
            {children()}
            <FormErrorView submit=submit testid=error_testid/>
            <div class="row form-actions">
                <button
                    type="submit"
                    class=danger.then_some("danger")
                    disabled=move || busy.get()
                    data-testid=button_testid
                >
                    {label}
                </button>
                {on_cancel.map(|cancel| view! {
                    <button type="button" class="secondary" on:click=move |_| cancel.run(())>{cancel_label.unwrap_or("Voltar")}</button>
                })}
            </div>
        </form>
    }
}
