//! Where a shop's records live on the device: the Automerge document in IndexedDB, as one
//! snapshot plus the incremental chunks written after it, and the archives of the periods
//! closed on this device, and the operations asked for before the document was loaded
//! (`pending`), kept until their change is stored.
//!
//! This module is the only one that touches IndexedDB (through [`idb`]). What to load, when
//! to compact and how to recover from a bad chunk are decided by the pure functions here, so
//! they are plain Rust and testable without a browser.

pub mod idb;
mod pending;
mod staff;

/// The keys of what the `meta` store keeps beside the document. They live here, with the
/// store, so the modules that share a key (the state's period close and the sync client
/// both read the team) need not reach into each other.
pub mod meta {
    /// This device's identity (JSON: actor and name).
    pub const DEVICE: &str = "device";
    /// The day of the last backup this device made.
    pub const LAST_BACKUP: &str = "last_backup";
    /// Início's summary as JSON, with the heads it reflects.
    pub const SUMMARY: &str = "summary";
    /// The team this device syncs with (JSON), empty or absent when alone.
    pub const TEAM: &str = "team";
    /// The sync client's outbox and cursor (JSON).
    pub const SYNC_STATE: &str = "sync_state";
    /// When each of the team's devices was last heard from (JSON).
    pub const SYNC_PEERS: &str = "sync_peers";
    /// The shop's hub this device is paired with: its pairing line (docs/SYNC.md 11),
    /// empty or absent when not paired.
    pub const HUB: &str = "hub";
    /// The sync client's cursor at each place it syncs with, and the blobs seen (JSON).
    pub const SYNC_PLACES: &str = "sync_places";
    /// This device's own private keys (docs/SYNC.md 10.1, `DeviceKeys::to_text`): made
    /// here on first use, never exported, never in a backup or a sync blob.
    pub const DEVICE_KEYS: &str = "device_keys";
    /// The staff room's client state (JSON: the room's id and the outbox and cursor), so
    /// a start does not receive the whole room again (docs/SYNC.md 10.5).
    pub const STAFF_SYNC_STATE: &str = "staff_sync_state";
}

use retaguarda_core::{Business, CoreError, Device};

/// What can go wrong with storage, each with a pt-BR message and a way forward.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StorageError {
    #[error(
        "O navegador não permite guardar dados (modo anônimo ou armazenamento bloqueado). \
         Abra a Retaguarda numa janela normal ou libere o armazenamento do site."
    )]
    Unavailable,
    #[error(
        "O espaço de armazenamento do aparelho acabou. Faça um backup e libere espaço \
         (apague arquivos ou outros sites) antes de continuar."
    )]
    QuotaExceeded,
    #[error(
        "A Retaguarda está aberta em outra aba com uma versão antiga. Feche as outras abas \
         e recarregue esta."
    )]
    Blocked,
    #[error("Os dados salvos estão danificados: {0}. Restaure um backup.")]
    Corrupt(String),
    #[error("Erro do armazenamento do navegador: {0}")]
    Browser(String),
    #[error("Arquivo de backup inválido: {0}")]
    Backup(String),
    #[error(
        "Outra aba da Retaguarda gravou dados enquanto o período era fechado. Nada foi \
         alterado: feche as outras abas e tente de novo."
    )]
    Concurrent,
}

impl From<CoreError> for StorageError {
    fn from(e: CoreError) -> Self {
        StorageError::Corrupt(e.to_string())
    }
}

/// What IndexedDB held when the app started.
#[derive(Debug, Default, Clone)]
pub struct Persisted {
    pub snapshot: Option<Vec<u8>>,
    /// Chunks in the order they were written, with their keys.
    pub chunks: Vec<(u32, Vec<u8>)>,
}

/// The document assembled from storage, and the chunks that could not be read.
#[derive(Debug)]
pub struct Assembled {
    pub business: Option<Business>,
    /// Keys of chunks that failed to load; they are moved aside, never deleted.
    pub bad_chunks: Vec<u32>,
    /// The keys of the chunks that went into the document.
    pub loaded_chunks: Vec<u32>,
}

/// Builds the document from a snapshot and the chunks after it. A chunk that fails to load
/// is skipped and reported; the rest still load.
pub fn assemble(persisted: &Persisted, device: &Device) -> Result<Assembled, StorageError> {
    let mut business = match &persisted.snapshot {
        Some(framed) => {
            let bytes = unframe(framed)
                .ok_or_else(|| StorageError::Corrupt("o instantâneo não confere".into()))?;
            Some(Business::load(bytes, device)?)
        }
        None => None,
    };
    let mut bad_chunks = Vec::new();
    let mut loaded_chunks = Vec::new();
    for (key, bytes) in &persisted.chunks {
        let result = match business.as_mut() {
            Some(b) => try_apply(b, bytes),
            // With no snapshot the first good chunk starts the document.
            None => unframe(bytes)
                .ok_or_else(|| CoreError::Corrupt("bloco danificado".into()))
                .and_then(|b| Business::load(b, device))
                .map(|b| business = Some(b)),
        };
        match result {
            Ok(()) => loaded_chunks.push(*key),
            Err(_) => bad_chunks.push(*key),
        }
    }
    Ok(Assembled {
        business,
        bad_chunks,
        loaded_chunks,
    })
}

/// Applies a chunk after checking its frame, so a damaged chunk is never half applied.
fn try_apply(business: &mut Business, framed: &[u8]) -> Result<(), CoreError> {
    let bytes = unframe(framed).ok_or_else(|| CoreError::Corrupt("bloco danificado".into()))?;
    business.load_incremental(bytes)
}

const FRAME_MAGIC: &[u8; 3] = b"RG1";
const CRC32: crc::Crc<u32> = crc::Crc::<u32>::new(&crc::CRC_32_ISO_HDLC);

/// Wraps bytes for IndexedDB with a magic and a CRC-32, so damage is detected on load.
/// Automerge would silently load the good prefix of a damaged chunk.
pub fn frame(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len() + 7);
    out.extend_from_slice(FRAME_MAGIC);
    out.extend_from_slice(&CRC32.checksum(bytes).to_be_bytes());
    out.extend_from_slice(bytes);
    out
}

/// The payload of a framed value, or `None` when the frame or checksum is wrong.
pub fn unframe(framed: &[u8]) -> Option<&[u8]> {
    let rest = framed.strip_prefix(FRAME_MAGIC)?;
    let (sum, payload) = rest.split_at_checked(4)?;
    let expected = u32::from_be_bytes(sum.try_into().ok()?);
    (CRC32.checksum(payload) == expected).then_some(payload)
}

/// The rule automerge-repo uses: compact once the chunks together outgrow the snapshot.
pub fn should_compact(snapshot_len: usize, chunk_lens: impl IntoIterator<Item = usize>) -> bool {
    let chunks: Vec<usize> = chunk_lens.into_iter().collect();
    chunks.len() > 1 && chunks.iter().sum::<usize>() > snapshot_len
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use retaguarda_core::OpCtx;

    fn ctx() -> OpCtx {
        OpCtx::new(
            NaiveDate::from_ymd_opt(2026, 11, 22).unwrap(),
            1_763_800_000_000,
        )
    }

    fn business_with_chunks(n: usize) -> (Device, Persisted, Business) {
        let device = Device::new("Teste");
        let mut business = Business::create(&device, "Padaria Pão Quente", &ctx()).unwrap();
        let snapshot = frame(&business.save());
        let mut chunks = Vec::new();
        for i in 0..n {
            business
                .apply(&ctx(), "test.rename", |tx| {
                    tx.put_root("note", &format!("nota {i}"))?;
                    Ok(())
                })
                .unwrap();
            chunks.push((i as u32 + 1, frame(&business.save_incremental())));
        }
        (
            device,
            Persisted {
                snapshot: Some(snapshot),
                chunks,
            },
            business,
        )
    }

    #[test]
    fn snapshot_and_chunks_rebuild_the_document() {
        let (device, persisted, mut original) = business_with_chunks(5);
        let mut assembled = assemble(&persisted, &device).unwrap();
        assert!(assembled.bad_chunks.is_empty());
        assert_eq!(assembled.loaded_chunks, vec![1, 2, 3, 4, 5]);
        let loaded = assembled.business.as_mut().unwrap();
        assert_eq!(loaded.heads(), original.heads());
    }

    #[test]
    fn a_corrupt_chunk_is_skipped_and_reported() {
        let (device, mut persisted, _) = business_with_chunks(3);
        let mut damaged = persisted.chunks[1].1.clone();
        let last = damaged.len() - 1;
        damaged[last] ^= 0xff;
        persisted.chunks.insert(1, (99, damaged));
        let assembled = assemble(&persisted, &device).unwrap();
        assert_eq!(assembled.bad_chunks, vec![99]);
        assert_eq!(assembled.loaded_chunks, vec![1, 2, 3]);
    }

    #[test]
    fn frames_detect_damage() {
        let framed = frame(b"abc");
        assert_eq!(unframe(&framed), Some(&b"abc"[..]));
        let mut bad = framed.clone();
        bad[8] ^= 1;
        assert_eq!(unframe(&bad), None);
        assert_eq!(unframe(&framed[..5]), None);
        assert_eq!(unframe(b"xyz1234abc"), None);
    }

    #[test]
    fn compaction_rule_follows_the_sizes() {
        assert!(!should_compact(1000, [400, 500]));
        assert!(should_compact(1000, [600, 500]));
        assert!(!should_compact(0, [10]));
    }
}
