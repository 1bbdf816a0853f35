//! The relay's configuration: where the built app and the data live, and the
//! limits that protect a small server from one misbehaving client.

use std::path::PathBuf;

/// Configuration of one relay process; `main.rs` fills it from flags and
/// environment variables, tests build it directly.
#[derive(Debug, Clone)]
pub struct Config {
    /// The built app (a Trunk `dist/` folder with `index.html`).
    pub app_dir: PathBuf,
    /// Folder for the relay's durable data.
    pub data_dir: PathBuf,
}

impl Config {
    /// A configuration with the default limits.
    pub fn new(app_dir: impl Into<PathBuf>, data_dir: impl Into<PathBuf>) -> Self {
        Self {
            app_dir: app_dir.into(),
            data_dir: data_dir.into(),
        }
    }
}
