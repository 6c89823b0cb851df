//! Helpers shared by the service's integration tests.
#![allow(dead_code, reason = "each test binary uses a different part")]

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use mspkit_service::auth::{self, Signer};

use mspkit_service::client::{Client, Response};
use mspkit_service::{Config, Location, Running};
use serde_json::{Value, json};

/// A database file under the system's temporary folder, removed (with its WAL files) on drop.
pub struct TempDb(pub PathBuf);

impl TempDb {
    pub fn new(name: &str) -> Self {
        let path = std::env::temp_dir().join(format!("mspkit-service-{name}-{}.db", std::process::id()));
        let db = Self(path);
        db.remove();
        db
    }

    fn remove(&self) {
        for suffix in ["", "-wal", "-shm"] {
            let mut p = self.0.clone().into_os_string();
            p.push(suffix);
            let _ = std::fs::remove_file(p);
        }
    }
}

impl Drop for TempDb {
    fn drop(&mut self) {
        self.remove();
    }
}

/// A signing key and its JWKS made once per test binary with `keygen`.
pub struct Keys {
    pub dir: PathBuf,
    pub signer: Arc<Signer>,
}

pub fn keys() -> &'static Keys {
    static KEYS: OnceLock<Keys> = OnceLock::new();
    KEYS.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("mspkit-service-keys-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        auth::keygen(&dir).expect("keygen");
        let signer =
            Signer::from_pem_file(&dir.join("signing.pem"), auth::DEFAULT_ISSUER, auth::DEFAULT_AUDIENCE)
                .expect("the signing key reads");
        Keys { dir, signer: Arc::new(signer) }
    })
}

/// The configuration of a test service on an ephemeral port, verifying the test keys' tokens.
pub fn config(db: Location) -> Config {
    Config {
        db,
        addr: SocketAddr::from(([127, 0, 0, 1], 0)),
        jwks: Some(keys().dir.join("jwks.json")),
        token_key: Some(keys().dir.join("token.key")),
        // the scenarios send faster than an account may; the limit has its own test
        limits: mspkit_service::serve::Limits { per_account_per_second: 0, ..Default::default() },
        // a snapshot after every write, so the scenarios compare it with the replayed log at the
        // end (tests/snapshots.rs runs with snapshots every few events)
        snapshot_every: 1,
        ..Config::default()
    }
}

/// An `Authorization` header with a token of `user` signed by the test keys.
pub fn bearer(user: &str) -> (&'static str, String) {
    let user = user.parse().expect("a user id");
    let token = keys().signer.token(user, false, std::time::Duration::from_secs(600)).expect("a token");
    ("authorization", format!("Bearer {token}"))
}

/// A client that signs tokens with the test keys.
pub fn client(running: &Running) -> Client {
    Client::with_signer(running.addr(), Arc::clone(&keys().signer))
}

pub async fn start(db: &TempDb) -> Running {
    let config = config(Location::File(db.0.clone()));
    mspkit_service::start(&config).await.expect("service starts")
}

pub const ADA: &str = "00000000-0000-4000-8000-00000000000a";
pub const GRACE: &str = "00000000-0000-4000-8000-00000000000b";
pub const LINUS: &str = "00000000-0000-4000-8000-00000000000c";
pub const MALLORY: &str = "00000000-0000-4000-8000-0000000000ff";

pub async fn call(
    client: &mut Client,
    method: &str,
    path: &str,
    user: Option<&str>,
    body: Option<Value>,
) -> Response {
    client.call(method, path, user, body.as_ref()).await.expect("the service answers")
}

/// Calls and expects success, returning the JSON body.
pub async fn ok(
    client: &mut Client,
    method: &str,
    path: &str,
    user: Option<&str>,
    body: Option<Value>,
) -> Value {
    let response = call(client, method, path, user, body).await;
    assert!(
        response.status == 200 || response.status == 201,
        "{method} {path}: {} {}",
        response.status,
        response.body
    );
    response.json()
}

/// Issues a billable MSP set up by Ada; returns (provider id, Ada's member id).
pub async fn billable_provider(client: &mut Client, name: &str) -> (String, String) {
    let issued = ok(
        client,
        "POST",
        "/vendor/providers",
        None,
        Some(json!({
            "kind": "msp",
            "name": name,
            "issued_to": "ada@northwind.example",
            "billing_email": "billing@northwind.example"
        })),
    )
    .await;
    let provider = issued["provider"].as_str().expect("provider id").to_owned();
    let token = issued["setup_token"].as_str().expect("a set-up token").to_owned();
    let set_up = ok(
        client,
        "POST",
        &format!("/providers/{provider}/set-up"),
        Some(ADA),
        Some(json!({ "email": "ada@northwind.example", "token": token })),
    )
    .await;
    let ada = set_up["member"].as_str().expect("member id").to_owned();
    ok(client, "POST", &format!("/vendor/providers/{provider}/billable"), None, None).await;
    (provider, ada)
}

/// Starts a test service on `db` (a SQLite file or a PostgreSQL URL).
pub async fn start_at(db: &Location) -> Running {
    mspkit_service::start(&config(db.clone())).await.expect("service starts")
}

/// A PostgreSQL database of its own for the test `name`: a fresh schema in the server that
/// `MSPKIT_TEST_PG` (a `postgres://` URL) names, selected through the URL's `search_path`, so
/// tests run in parallel. `None` (the test is skipped) without `MSPKIT_TEST_PG`, except with
/// `CI=true`, where its absence fails the test.
pub fn pg_db(name: &str) -> Option<Location> {
    let Ok(url) = std::env::var("MSPKIT_TEST_PG") else {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "MSPKIT_TEST_PG is not set: CI runs the PostgreSQL tests against a real server (.ci/run starts one)"
        );
        eprintln!("skipped: set MSPKIT_TEST_PG=postgres://… to run `{name}` against PostgreSQL");
        return None;
    };
    let schema = format!("mspkit_{}_{}", name.replace('-', "_"), std::process::id());
    let admin = url.clone();
    let setup = schema.clone();
    // its own thread and runtime: callers may be sync tests or async ones
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime");
        runtime.block_on(async move {
            let (client, connection) = tokio_postgres::connect(&admin, tokio_postgres::NoTls)
                .await
                .expect("cannot connect to MSPKIT_TEST_PG");
            tokio::spawn(connection);
            client
                .batch_execute(&format!("DROP SCHEMA IF EXISTS {setup} CASCADE; CREATE SCHEMA {setup}"))
                .await
                .expect("a fresh schema");
        });
    })
    .join()
    .expect("the schema is made");
    let separator = if url.contains('?') { '&' } else { '?' };
    let url = format!("{url}{separator}options=-c%20search_path%3D{schema}");
    Some(Location::parse(&url))
}
