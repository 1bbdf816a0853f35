//! The crate's integration tests, one file per behaviour, built as one test binary:
//! one binary links the crate once instead of once per file, which keeps a CI run's
//! build small and fast (docs/ARCHITECTURE.md, tests).

mod common;

mod app_cache_headers;
mod app_compression;
mod app_mime_types;
mod app_security_headers;
mod app_spa_fallback;
mod healthz;
mod hub_lan;
mod store;
mod store_postgres;
mod sync_admission;
mod sync_compaction;
mod sync_duplicate_reorder;
mod sync_group_commit;
mod sync_handshake;
mod sync_idle_sockets;
mod sync_limits;
mod sync_offline_convergence;
mod sync_period_close;
mod sync_relay_restart;
mod sync_relay_sees_no_plaintext;
mod sync_retired_room;
mod sync_signalling;
mod sync_slow_consumer;
mod sync_tampered_blob;
mod sync_two_relays;
mod sync_wrong_secret;
mod upstream_forward;
mod upstream_hub_cloud;
mod upstream_restart;
