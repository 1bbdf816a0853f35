//! The relay binary as a child process, to kill it (SIGKILL) mid-run.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

/// A running `retaguarda-relay` on a free port.
pub struct RelayProcess {
    child: Child,
    pub url: String,
    /// `host:port`.
    pub addr: String,
}

impl RelayProcess {
    /// Starts the binary on `dist`'s app folder and store (its data folder,
    /// or its database).
    pub fn start(dist: &super::Dist) -> Self {
        Self::start_with(dist, &[])
    }

    /// [`RelayProcess::start`] with more flags (`--upstream URL`, …).
    pub fn start_with(dist: &super::Dist, flags: &[&str]) -> Self {
        let mut command = Command::new(env!("CARGO_BIN_EXE_retaguarda-relay"));
        command
            .arg("--app")
            .arg(dist.app_dir())
            .arg("--data")
            .arg(dist.data_dir())
            .arg("--listen")
            .arg("127.0.0.1:0")
            .env("RETAGUARDA_LOG", "warn")
            .env_remove("RETAGUARDA_STORE");
        if let Some(url) = &dist.store {
            command.arg("--store").arg(url);
        }
        command.args(flags);
        let mut child = command
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start relay binary");
        let stderr = child.stderr.take().expect("stderr");
        let mut lines = BufReader::new(stderr).lines();
        let addr = loop {
            let line = lines
                .next()
                .expect("relay printed its address")
                .expect("read stderr");
            if let Some(rest) = line.split("escutando em http://").nth(1) {
                break rest.trim().to_string();
            }
        };
        // Keep draining stderr so the child never blocks on a full pipe.
        std::thread::spawn(move || for _ in lines {});
        Self {
            child,
            url: format!("ws://{addr}/v1/sync"),
            addr,
        }
    }

    /// SIGKILL: no chance to flush or say goodbye.
    pub fn kill(mut self) {
        self.child.kill().expect("SIGKILL");
        let _ = self.child.wait();
    }
}

impl Drop for RelayProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
