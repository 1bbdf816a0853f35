//! The rooms in memory: the database plus, per room, the live subscribers.
//! One lock covers "store, then fan out", so every subscriber receives a
//! room's blobs (and its own acks) in sequence order. Pushes never wait: a
//! subscriber whose bounded queue is full is dropped as too slow and catches
//! up again after reconnecting.
//!
//! Every method here blocks (SQLite with fsync): call it from
//! `tokio::task::spawn_blocking`.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use axum::body::Bytes;
use retaguarda_core::sync::{ErrorCode, RelayFrame};
use tokio::sync::mpsc;

use crate::config::Limits;
use crate::metrics::Metrics;
use crate::store::{token_hash, BlobRow, Store, StoreError, Totals};

/// A refusal to send back to the device.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub code: ErrorCode,
    pub message: String,
}

impl Refusal {
    fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
        }
    }
}

impl From<StoreError> for Refusal {
    fn from(err: StoreError) -> Self {
        tracing::error!(error = %err, "falha no armazenamento");
        Refusal::new(
            ErrorCode::Internal,
            "o servidor de sincronização não conseguiu gravar; tente de novo mais tarde",
        )
    }
}

/// A connection subscribed to a room's pushes.
#[derive(Debug)]
pub struct Subscriber {
    pub conn: u64,
    pub tx: mpsc::Sender<Bytes>,
    /// Set when the relay dropped this subscriber for being too slow.
    pub lagged: Arc<AtomicBool>,
}

#[derive(Debug)]
struct Inner {
    store: Store,
    subscribers: HashMap<[u8; 32], Vec<Subscriber>>,
}

/// Shared relay state for the sync endpoint.
#[derive(Debug)]
pub struct Hub {
    inner: Mutex<Inner>,
    pub metrics: Metrics,
    pub limits: Limits,
    next_conn: AtomicU64,
}

fn constant_time_eq(a: &[u8; 32], b: &[u8; 32]) -> bool {
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

impl Hub {
    /// A hub over an opened store.
    pub fn new(store: Store, limits: Limits) -> Self {
        Self {
            inner: Mutex::new(Inner {
                store,
                subscribers: HashMap::new(),
            }),
            metrics: Metrics::default(),
            limits,
            next_conn: AtomicU64::new(1),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        // A panic while holding the lock cannot leave SQLite half-written
        // (transactions roll back), so the state is still usable.
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// A new connection id.
    pub fn next_conn(&self) -> u64 {
        self.next_conn.fetch_add(1, Ordering::Relaxed)
    }

    /// Opens a room with its write token, binding the token's hash on first
    /// use; returns the room's head.
    pub fn hello(&self, room: &[u8; 32], token: &[u8; 32]) -> Result<u64, Refusal> {
        let inner = self.lock();
        let hash = token_hash(token);
        match inner.store.room(room)? {
            Some(row) if constant_time_eq(&row.token_hash, &hash) => Ok(row.head),
            Some(_) => Err(Refusal::new(
                ErrorCode::Unauthorized,
                "este aparelho não tem a chave desta equipe; peça um novo convite",
            )),
            None => {
                if inner.store.totals()?.rooms >= self.limits.max_rooms {
                    return Err(Refusal::new(
                        ErrorCode::QuotaExceeded,
                        "este servidor de sincronização não aceita novas equipes",
                    ));
                }
                inner.store.create_room(room, &hash)?;
                tracing::info!(room = %short(room), "sala criada");
                Ok(0)
            }
        }
    }

    /// Subscribes a connection to a room's pushes; returns the head at the
    /// moment of subscribing (catch-up covers up to it, pushes the rest).
    pub fn subscribe(&self, room: &[u8; 32], subscriber: Subscriber) -> Result<u64, Refusal> {
        let mut inner = self.lock();
        let head = inner.store.room(room)?.map_or(0, |r| r.head);
        inner.subscribers.entry(*room).or_default().push(subscriber);
        Ok(head)
    }

    /// Removes a connection's subscription.
    pub fn unsubscribe(&self, room: &[u8; 32], conn: u64) {
        let mut inner = self.lock();
        if let Some(list) = inner.subscribers.get_mut(room) {
            list.retain(|s| s.conn != conn);
            if list.is_empty() {
                inner.subscribers.remove(room);
            }
        }
    }

    /// Stored blobs after `since` up to `upto`, a chunk at a time.
    pub fn read_after(
        &self,
        room: &[u8; 32],
        since: u64,
        upto: u64,
    ) -> Result<Vec<BlobRow>, Refusal> {
        let inner = self.lock();
        Ok(inner
            .store
            .read_after(room, since, upto, self.limits.max_blob_bytes * 2)?)
    }

    /// Stores a blob (on disk when this returns) and pushes it to the room's
    /// other subscribers. The sender's ack goes through its own queue when
    /// it is subscribed (keeping sequence order), else it is returned to be
    /// sent directly.
    pub fn append(
        &self,
        room: &[u8; 32],
        conn: u64,
        client_ref: u64,
        supersedes: Option<u64>,
        blob: Vec<u8>,
    ) -> Result<Option<Bytes>, Refusal> {
        let mut inner = self.lock();
        let row = inner.store.room(room)?.ok_or_else(|| {
            Refusal::new(ErrorCode::NotAuthenticated, "abra a sala antes de enviar")
        })?;
        match supersedes {
            Some(upto) if upto > row.head => {
                return Err(Refusal::new(
                    ErrorCode::BadSnapshot,
                    format!(
                        "o resumo diz cobrir até {upto}, mas a sala só vai até {}",
                        row.head
                    ),
                ));
            }
            Some(_) => {}
            None => {
                let after = row.bytes.saturating_add(blob.len() as u64);
                if after > self.limits.room_quota_bytes {
                    return Err(Refusal::new(
                        ErrorCode::QuotaExceeded,
                        "o espaço da equipe no servidor acabou; um resumo dos dados será enviado para liberar espaço",
                    ));
                }
            }
        }
        let len = blob.len() as u64;
        let appended = inner.store.append(room, supersedes, &blob)?;
        let ack = Bytes::from(
            RelayFrame::Ack {
                client_ref,
                seq: appended.seq,
            }
            .encode(),
        );
        if !appended.duplicate {
            self.metrics.appends_total.fetch_add(1, Ordering::Relaxed);
            self.metrics
                .bytes_in_total
                .fetch_add(len, Ordering::Relaxed);
        }
        let push = (!appended.duplicate).then(|| {
            Bytes::from(
                match supersedes {
                    None => RelayFrame::Blob {
                        seq: appended.seq,
                        blob,
                    },
                    Some(supersedes) => RelayFrame::SnapshotBlob {
                        seq: appended.seq,
                        supersedes,
                        blob,
                    },
                }
                .encode(),
            )
        });
        let mut direct_ack = Some(ack.clone());
        let mut pushed = 0u64;
        if let Some(list) = inner.subscribers.get_mut(room) {
            list.retain(|sub| {
                let frame = if sub.conn == conn {
                    direct_ack = None;
                    ack.clone()
                } else {
                    match &push {
                        Some(push) => push.clone(),
                        None => return true,
                    }
                };
                match sub.tx.try_send(frame) {
                    Ok(()) => {
                        if sub.conn != conn {
                            pushed += 1;
                        }
                        true
                    }
                    Err(_) => {
                        // Full or gone: drop it rather than wait for it.
                        sub.lagged.store(true, Ordering::Relaxed);
                        self.metrics.error(ErrorCode::Lagged);
                        tracing::warn!(conn = sub.conn, room = %short(room), "aparelho lento desligado da sala");
                        false
                    }
                }
            });
        }
        self.metrics
            .blobs_out_total
            .fetch_add(pushed, Ordering::Relaxed);
        Ok(direct_ack)
    }

    /// Totals for `/metrics`.
    pub fn totals(&self) -> Result<Totals, StoreError> {
        self.lock().store.totals()
    }
}

/// The first 8 hex digits of a room id, for logs.
pub fn short(room: &[u8; 32]) -> String {
    room[..4].iter().map(|b| format!("{b:02x}")).collect()
}
