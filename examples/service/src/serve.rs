//! The server loop: the limits of [`Limits`] on every connection, graceful shutdown with a
//! deadline.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::io::AsyncWriteExt as _;
use tokio::net::TcpListener;
use tokio::sync::{Semaphore, watch};
use tokio::task::JoinSet;

/// The limits a service runs under.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// How long a client may take to send a request's headers; also how long a keep-alive
    /// connection may sit idle between requests (hyper's header-read timer runs from the end
    /// of the previous answer).
    pub header_read: Duration,
    /// How long a request may take from its headers to its answer, its body included (503
    /// `request_timeout` after).
    pub request: Duration,
    /// The largest request body, in bytes (413 `body_too_large`).
    pub body_bytes: usize,
    /// How many connections are served at once; one more is answered 503 `too_many_connections`
    /// and closed.
    pub connections: usize,
    /// Requests per second per account (a burst of as many is allowed); more are answered 429
    /// `rate_limited`. 0: no limit.
    pub per_account_per_second: u32,
    /// How long a stop waits for open requests before closing their connections.
    pub shutdown: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            header_read: Duration::from_secs(10),
            request: Duration::from_secs(30),
            body_bytes: 1024 * 1024,
            connections: 1024,
            per_account_per_second: 50,
            shutdown: Duration::from_secs(10),
        }
    }
}

fn too_many() -> String {
    let body = r#"{"code":"too_many_connections","message":"the service is at its connection limit; retry shortly"}"#;
    format!(
        "HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\
         connection: close\r\ncache-control: no-store\r\nretry-after: 1\r\n\r\n{body}",
        body.len()
    )
}

/// Per-account rate limiting (GCRA: a burst of `per_second` requests, then one every
/// `1/per_second` seconds).
#[derive(Debug)]
pub struct RateLimiter {
    per_second: u32,
    next: std::sync::Mutex<std::collections::HashMap<mspkit::UserId, std::time::Instant>>,
}

impl RateLimiter {
    /// A limiter of `per_second` requests per account (0: none).
    pub fn new(per_second: u32) -> Self {
        Self { per_second, next: std::sync::Mutex::new(std::collections::HashMap::new()) }
    }

    /// Counts a request of `account`: `Err(wait)` when it is over its rate.
    pub fn check(&self, account: mspkit::UserId) -> Result<(), Duration> {
        if self.per_second == 0 {
            return Ok(());
        }
        let interval = Duration::from_secs(1) / self.per_second;
        let burst = interval * self.per_second;
        let now = std::time::Instant::now();
        let Ok(mut next) = self.next.lock() else { return Ok(()) };
        if next.len() > 100_000 {
            next.retain(|_, at| *at > now);
        }
        let at = next.get(&account).copied().filter(|at| *at > now).unwrap_or(now);
        let ahead = at - now;
        if ahead >= burst {
            return Err(ahead.saturating_sub(burst) + interval);
        }
        next.insert(account, at + interval);
        Ok(())
    }
}

/// Resolves once `stop` turns true (or its sender is gone).
async fn until_stopped(stop: &mut watch::Receiver<bool>) {
    let _ = stop.wait_for(|stop| *stop).await;
}

/// Serves `router` on `listener` until `stop` turns true, then lets open requests finish for
/// at most `limits.shutdown` and closes what is left.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    limits: Limits,
    mut stop: watch::Receiver<bool>,
) -> std::io::Result<()> {
    let permits = Arc::new(Semaphore::new(limits.connections));
    let mut connections = JoinSet::new();
    loop {
        let accepted = tokio::select! {
            () = until_stopped(&mut stop) => break,
            accepted = listener.accept() => accepted,
            Some(_) = connections.join_next(), if !connections.is_empty() => continue,
        };
        let (mut stream, peer): (tokio::net::TcpStream, SocketAddr) = match accepted {
            Ok(accepted) => accepted,
            Err(e) => {
                // out of descriptors and the like: wait a little rather than spin
                tracing::warn!(error = %e, "accept failed");
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let Ok(permit) = Arc::clone(&permits).try_acquire_owned() else {
            tracing::warn!(%peer, "connection limit reached; refused");
            tokio::spawn(async move {
                let _ = tokio::time::timeout(Duration::from_secs(1), stream.write_all(too_many().as_bytes()))
                    .await;
            });
            continue;
        };
        let _ = stream.set_nodelay(true);
        let service = TowerToHyperService::new(router.clone());
        let header_read = limits.header_read;
        let mut stop = stop.clone();
        connections.spawn(async move {
            let mut builder = hyper::server::conn::http1::Builder::new();
            builder.timer(TokioTimer::new()).header_read_timeout(header_read).keep_alive(true);
            let connection = builder.serve_connection(TokioIo::new(stream), service);
            tokio::pin!(connection);
            tokio::select! {
                _ = connection.as_mut() => {}
                () = until_stopped(&mut stop) => {
                    connection.as_mut().graceful_shutdown();
                    let _ = connection.await;
                }
            }
            drop(permit);
        });
    }
    // stopping: no new connection; open ones finish their request, until the deadline
    if tokio::time::timeout(limits.shutdown, async { while connections.join_next().await.is_some() {} })
        .await
        .is_err()
    {
        tracing::warn!(left = connections.len(), "shutdown deadline reached; closing open connections");
        connections.shutdown().await;
    }
    Ok(())
}
