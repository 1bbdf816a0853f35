//! The staff document beside the shop's (docs/SYNC.md 10.5): attached at the start from
//! its own stored bytes, persisted apart after every change to it (an operation here or a
//! blob from the staff room), handed to the sync client's staff room, told to the other
//! tabs of the same database (a BroadcastChannel `<database>-staff`, as the shop's changes
//! are), and dropped with its bytes when this device stops reading the staff records.

use std::cell::RefCell;

use leptos::prelude::*;
use retaguarda_core::staff::StaffAccess;
use retaguarda_core::Business;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::{AppCtx, AppError, Inner};
use crate::storage::frame;
use crate::storage::idb::Idb;

/// A listener of the staff document's changes made on this device.
pub type StaffListener = std::rc::Rc<dyn Fn(&[u8])>;

/// What the channel carries besides a staff document's save: this tab dropped it.
const DETACHED: &str = "staff-detached";

thread_local! {
    /// The staff document's channel to the other tabs, opened at the start.
    static CHANNEL: RefCell<Option<web_sys::BroadcastChannel>> = const { RefCell::new(None) };
}

/// Tells the other tabs the staff document's whole save (they merge it), or that it was
/// dropped.
pub(super) fn tell_tabs(message: &JsValue) {
    CHANNEL.with_borrow(|channel| {
        if let Some(channel) = channel {
            let _ = channel.post_message(message);
        }
    });
}

impl Inner {
    /// The staff document's changes since its last save, and its whole save when there
    /// are any (what storage keeps); `None` when it did not change or is not here.
    pub(super) fn staff_unsaved(&mut self) -> Option<(Vec<u8>, Vec<u8>)> {
        let staff = self.business.as_mut()?.staff_document_mut()?;
        let changes = staff.save_incremental();
        (!changes.is_empty()).then(|| (changes, staff.save()))
    }
}

impl AppCtx {
    /// Attaches the staff document stored on this device (at the start). Bytes that do
    /// not load are left in storage and the staff records read as absent until the staff
    /// room sends the document again.
    pub(super) fn attach_stored_staff(&self, framed: Option<Vec<u8>>) {
        self.open_staff_channel();
        let Some(framed) = framed else { return };
        let cell = self.cell();
        let mut inner = cell.borrow_mut();
        let Some(business) = inner.business.as_mut() else {
            return;
        };
        match crate::storage::unframe(&framed).map(|b| business.attach_staff_document(b)) {
            Some(Ok(())) => {}
            Some(Err(e)) => leptos::logging::warn!("dados da equipe não carregados: {e}"),
            None => leptos::logging::warn!("dados da equipe danificados neste aparelho"),
        }
    }

    /// Listens to the other tabs' staff document: a save is merged into this tab's (or
    /// becomes it), already stored by the sender; a drop drops it here too.
    fn open_staff_channel(&self) {
        let Some(name) = self.cell().borrow().idb.as_ref().map(|i| i.name()) else {
            return;
        };
        let Ok(channel) = web_sys::BroadcastChannel::new(&format!("{name}-staff")) else {
            return;
        };
        let this = *self;
        let handler =
            Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
                let data = e.data();
                if let Some(array) = data.dyn_ref::<js_sys::Uint8Array>() {
                    this.on_staff_broadcast(&array.to_vec());
                } else if data.as_string().as_deref() == Some(DETACHED) {
                    let had = this.inner.try_get_value().is_some_and(|cell| {
                        let mut inner = cell.borrow_mut();
                        inner
                            .business
                            .as_mut()
                            .is_some_and(Business::detach_staff_document)
                    });
                    if had {
                        this.everything_changed();
                    }
                }
            });
        channel.set_onmessage(Some(handler.as_ref().unchecked_ref()));
        // The channel lives as long as the page.
        handler.forget();
        CHANNEL.with_borrow_mut(|c| *c = Some(channel));
    }

    fn on_staff_broadcast(&self, save: &[u8]) {
        // The channel's listener may outlive a state made for a test.
        let Some(cell) = self.inner.try_get_value() else {
            return;
        };
        let merged = {
            let mut inner = cell.borrow_mut();
            let Some(business) = inner.business.as_mut() else {
                return;
            };
            match business.staff_document_mut() {
                Some(staff) => staff.load_incremental(save).map(|()| {
                    // The sending tab stored it: not stored again from here.
                    staff.mark_saved();
                }),
                None => business.attach_staff_document(save),
            }
        };
        match merged {
            Ok(()) => self.everything_changed(),
            Err(e) => leptos::logging::warn!("dados da equipe de outra aba não aplicados: {e}"),
        }
    }

    /// Stores the staff document when it changed (another device's changes: the staff room
    /// knows them); returns whether it changed.
    async fn persist_staff(&self) -> Result<bool, AppError> {
        let unsaved = self.cell().borrow_mut().staff_unsaved();
        let Some((_, save)) = unsaved else {
            return Ok(false);
        };
        self.store_staff_save(save).await?;
        Ok(true)
    }

    /// Stores a whole save of the staff document through the write queue and waits for it.
    /// One writer for every save: the document is one value in IndexedDB, so an older save
    /// written after a newer one (a local change queued while a remote one is stored) would
    /// lose the newer one, and the room's cursor would not bring it again.
    async fn store_staff_save(&self, save: Vec<u8>) -> Result<(), AppError> {
        self.cell().borrow_mut().staff_save = Some(save);
        self.queue_write(Vec::new(), false);
        self.flushed().await
    }

    /// Stores the whole staff document, changed or not (a restored backup's), and tells
    /// the staff room its changes.
    pub(super) async fn store_whole_staff(&self, idb: &Idb) -> Result<(), AppError> {
        let whole = {
            let cell = self.cell();
            let mut inner = cell.borrow_mut();
            inner
                .business
                .as_mut()
                .and_then(Business::staff_document_mut)
                .map(|s| (s.save_incremental(), s.save()))
        };
        let Some((changes, save)) = whole else {
            return Ok(());
        };
        idb.set_staff_document(&frame(&save)).await?;
        tell_tabs(&js_sys::Uint8Array::from(save.as_slice()).into());
        let hook = self.cell().borrow().on_staff_change.clone();
        if let (false, Some(hook)) = (changes.is_empty(), hook) {
            hook(&changes);
        }
        Ok(())
    }

    /// Registers the listener of this device's staff changes (one: the staff room).
    pub fn set_on_staff_change(&self, f: Option<StaffListener>) {
        self.cell().borrow_mut().on_staff_change = f;
    }

    /// Where this device finds the staff records (`None` before a business is loaded).
    pub fn staff_access(&self) -> Option<StaffAccess> {
        let cell = self.cell();
        let inner = cell.borrow();
        inner.business.as_ref()?.staff_access().ok()
    }

    /// The staff document's whole save (the staff room's first snapshot).
    pub fn staff_save(&self) -> Option<Vec<u8>> {
        let cell = self.cell();
        let mut inner = cell.borrow_mut();
        inner
            .business
            .as_mut()?
            .staff_document_mut()
            .map(Business::save)
    }

    /// Applies a blob from the staff room (checked by the caller with
    /// `vet_staff_changes`): into the staff document, or as the document itself when this
    /// device has none yet (a manager just given the key). Stored before it returns.
    pub async fn apply_staff_remote(&self, payload: &[u8]) -> Result<(), AppError> {
        // Nothing is merged on a device whose storage is not open.
        self.idb()?;
        let fresh = {
            let cell = self.cell();
            let mut inner = cell.borrow_mut();
            let business = inner.business.as_mut().ok_or(AppError::NotReady)?;
            match business.staff_document_mut() {
                Some(staff) => {
                    staff.load_incremental(payload)?;
                    None
                }
                None => {
                    business.attach_staff_document(payload)?;
                    // Attaching marks the bytes saved: they are stored all the same.
                    business.staff_document_mut().map(Business::save)
                }
            }
        };
        if let Some(save) = fresh {
            self.store_staff_save(save).await?;
            self.everything_changed();
        }
        self.persist_staff().await?;
        self.changed();
        Ok(())
    }

    /// Drops the staff document and deletes its stored bytes: this device's role no
    /// longer reads the staff records (removed, or its share of the key withdrawn).
    pub async fn detach_staff(&self) -> Result<(), AppError> {
        let idb = self.idb()?;
        let had = {
            let cell = self.cell();
            let mut inner = cell.borrow_mut();
            inner
                .business
                .as_mut()
                .is_some_and(Business::detach_staff_document)
        };
        idb.delete_staff_document().await?;
        tell_tabs(&JsValue::from_str(DETACHED));
        if had {
            self.everything_changed();
        }
        Ok(())
    }

    /// The staff document came or went: every read may change (its records' topics are
    /// not in either document's changes).
    pub(super) fn everything_changed(&self) {
        self.changed();
        for topic in super::Topic::ALL {
            self.topics[topic.index()].update(|v| *v += 1);
        }
    }
}
