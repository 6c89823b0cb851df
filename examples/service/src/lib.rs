//! An example HTTP service that embeds mspkit: the provider team, clients, the report, the
//! event log, billing (the subscription, seat minimums, prices, invoices, utilisation, what-if,
//! the PSA export) and client policies (commands, remediation, compliance against a baseline)
//! over JSON, stored as an append-only event log with a snapshot per provider, in SQLite (the
//! embedded default) or PostgreSQL (`--db postgres://…`, for several processes over one database).
//!
//! - [`store`]: the storage interface ([`EventStore`]) and SQLite; knows nothing of mspkit;
//! - `group`: the SQLite store's group commit (one writer thread, one fsync for many appends);
//! - [`pg`]: the PostgreSQL store (the multi-tenant schema of Citus);
//! - [`domain`]: every call into mspkit;
//! - [`app`]: load (snapshot or replay), run a command, append under the version contract,
//!   retry on conflict;
//! - `pipeline`: a provider's commands committed in batches, answered after their commit;
//! - [`loaded`]: the providers kept loaded, at most a bound of them (least recently used dropped);
//! - `snapshots`: snapshots serialised and stored by a background thread;
//! - [`http`]: the axum endpoints, from one route table;
//! - [`openapi`]: the OpenAPI document of that table (`GET /openapi.json`);
//! - [`client`]: a tiny HTTP/1.1 client for the tests and the load benchmark.
//!
//! Start it with [`start`]; `cargo run -p mspkit-service -- --help` lists the options.
#![forbid(unsafe_code)]

pub mod app;
pub mod auth;
pub mod chain;
pub mod client;
pub mod config;
pub mod domain;
pub mod error;
mod group;
pub mod http;
pub mod loaded;
pub mod openapi;
mod openapi_answers;
pub mod pg;
mod pipeline;
pub mod serve;
mod snapshots;
pub mod store;

use std::net::SocketAddr;
use std::sync::Arc;

use tokio::net::TcpListener;
use tokio::task::JoinHandle;

pub use app::App;
pub use config::Config;
pub use error::{ApiError, Category};
pub use store::{EventStore, Location, Store};

/// Why the service did not start.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StartError {
    /// The database could not be opened.
    #[error("cannot open the database: {0}")]
    Store(#[from] store::StoreError),
    /// The seed log could not be read or loaded.
    #[error("cannot seed from `{path}`: {message}")]
    Seed {
        /// The seed file.
        path: String,
        /// What went wrong.
        message: String,
    },
    /// No key set to verify bearer tokens with, or an unreadable one.
    #[error("cannot verify tokens: {0}")]
    Auth(String),
    /// The token key could not be read, or is too short.
    #[error("cannot use the token key: {0}")]
    TokenKey(String),
    /// The address could not be bound.
    #[error("cannot listen on `{addr}`: {source}")]
    Bind {
        /// The address.
        addr: SocketAddr,
        /// The cause.
        source: std::io::Error,
    },
}

/// A running service.
#[derive(Debug)]
pub struct Running {
    addr: SocketAddr,
    app: Arc<App>,
    shutdown: Option<tokio::sync::watch::Sender<bool>>,
    task: JoinHandle<std::io::Result<()>>,
}

impl Running {
    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The application (its store), for inspection.
    pub fn app(&self) -> &Arc<App> {
        &self.app
    }

    /// Stops accepting connections, lets open requests finish, and waits for the server to end.
    pub async fn stop(mut self) -> std::io::Result<()> {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(true);
        }
        let served = (&mut self.task).await.map_err(std::io::Error::other)?;
        // the snapshots handed to the background writer are stored before the stop returns
        let app = Arc::clone(&self.app);
        tokio::task::spawn_blocking(move || app.flush_snapshots()).await.map_err(std::io::Error::other)?;
        served
    }

    /// Waits until the server ends (on its own or after [`Running::stop`]).
    pub async fn wait(self) -> std::io::Result<()> {
        self.task.await.map_err(std::io::Error::other)?
    }
}

/// Opens the database, seeds it when asked, binds the address and serves in the background.
pub async fn start(config: &Config) -> Result<Running, StartError> {
    let jwks = config.jwks.as_deref().ok_or_else(|| {
        StartError::Auth(
            "give the public keys with --jwks FILE (`mspkit-service keygen DIR` writes DIR/jwks.json)"
                .to_owned(),
        )
    })?;
    let verifier =
        auth::Verifier::from_jwks_file(jwks, &config.issuer, &config.audience).map_err(StartError::Auth)?;
    let token_key = token_key(config.token_key.as_deref())?;
    let store = store::open_grouping(&config.db, config.group_commit)?;
    let app = Arc::new(
        App::new(store, token_key)
            .with_verifier(verifier)
            .with_limits(config.limits.clone())
            .with_snapshot_every(config.snapshot_every)
            .with_max_loaded_providers(config.max_loaded_providers),
    );
    if let Some(path) = &config.seed {
        let seeded = seed(&app, path).map_err(|e| StartError::Seed {
            path: path.display().to_string(),
            message: format!("{}: {}", e.code, e.message),
        })?;
        tracing::info!(providers = seeded, path = %path.display(), "seeded");
    }
    let listener = TcpListener::bind(config.addr)
        .await
        .map_err(|source| StartError::Bind { addr: config.addr, source })?;
    let addr = listener.local_addr().map_err(|source| StartError::Bind { addr: config.addr, source })?;
    let (tx, rx) = tokio::sync::watch::channel(false);
    let router = http::router(Arc::clone(&app));
    let task = tokio::spawn(serve::serve(listener, router, config.limits.clone(), rx));
    Ok(Running { addr, app, shutdown: Some(tx), task })
}

/// Reads the token key from `path`, or makes a random one that lives as long as the process.
pub fn token_key(path: Option<&std::path::Path>) -> Result<mspkit::TokenKey, StartError> {
    // A key file may end with a line break (an editor adds one), so its bytes are trimmed; the
    // random key is used whole (trimming it would drop a random byte that happens to be ASCII
    // white space, and a 31-byte key is refused).
    let (bytes, from_file) = if let Some(path) = path {
        let bytes = std::fs::read(path)
            .map_err(|e| StartError::TokenKey(format!("cannot read `{}`: {e}", path.display())))?;
        (bytes, true)
    } else {
        tracing::warn!("no --token-key: set-up and invitation tokens are valid until the service stops");
        let mut bytes = vec![0u8; 32];
        getrandom::fill(&mut bytes).map_err(|e| StartError::TokenKey(e.to_string()))?;
        (bytes, false)
    };
    let material = if from_file { bytes.trim_ascii() } else { bytes.as_slice() };
    let key = mspkit::TokenKey::new(material).map_err(|e| StartError::TokenKey(e.to_string()));
    let mut bytes = bytes;
    zeroize::Zeroize::zeroize(&mut bytes);
    key
}

/// Loads an event log (JSON Lines) into the store: each provider in it that the store does not
/// hold yet is replayed, and its events and snapshot stored. Returns how many were added.
pub fn seed(app: &App, path: &std::path::Path) -> Result<usize, ApiError> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| ApiError::new(Category::InvalidInput, "seed_unreadable", e.to_string()))?;
    let providers = domain::read_log(&text)?;
    let mut added = 0;
    for (provider, events) in providers {
        let key = domain::provider_id_text(&provider);
        if app.store().load(&key).map_err(|e| ApiError::internal("storage_failed", &e))?.is_some() {
            tracing::info!(provider = %key, "already stored; not seeded again");
            continue;
        }
        app.create(&provider, &events)?;
        added += 1;
    }
    Ok(added)
}

#[cfg(test)]
mod tests {
    use super::token_key;

    #[test]
    fn a_random_token_key_is_used_whole() {
        // Before: the random bytes were trimmed as if read from a file, so about one start in
        // twenty lost a byte that happened to be ASCII white space and was refused (31 bytes).
        for _ in 0..500 {
            assert!(token_key(None).is_ok());
        }
    }

    #[test]
    fn a_key_file_may_end_with_a_line_break() {
        let dir = std::env::temp_dir().join(format!("mspkit-token-key-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("token.key");
        std::fs::write(&path, format!("{}\n", "k".repeat(32))).unwrap();
        assert!(token_key(Some(&path)).is_ok());
        std::fs::write(&path, format!("{}\n", "k".repeat(31))).unwrap();
        assert!(token_key(Some(&path)).is_err());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
