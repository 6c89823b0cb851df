//! A tiny HTTP/1.1 client over one keep-alive TCP connection, enough for the tests and the load
//! benchmark (JSON in, text out, `Content-Length` or chunked bodies). Not a general client.

use std::net::SocketAddr;

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

use std::collections::HashMap;
use std::sync::Arc;

use crate::auth::Signer;

/// A response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    /// The status code.
    pub status: u16,
    /// The headers, names in lower case.
    pub headers: Vec<(String, String)>,
    /// The body as text.
    pub body: String,
}

impl Response {
    /// The body as JSON (`null` when it is not JSON).
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or(serde_json::Value::Null)
    }

    /// A header's value.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

/// A client of one service.
#[derive(Debug)]
pub struct Client {
    addr: SocketAddr,
    connection: Option<BufReader<TcpStream>>,
    signer: Option<Arc<Signer>>,
    tokens: HashMap<(String, bool), String>,
}

/// The account the client's vendor tokens name.
pub const VENDOR_ACCOUNT: &str = "00000000-0000-4000-8000-000000000001";

fn bad(message: impl Into<String>) -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::InvalidData, message.into())
}

impl Client {
    /// A client of the service at `addr` (it connects on the first request).
    pub fn new(addr: SocketAddr) -> Self {
        Self { addr, connection: None, signer: None, tokens: HashMap::new() }
    }

    /// A client that signs its own bearer tokens with `signer` (see [`Client::call`]).
    pub fn with_signer(addr: SocketAddr, signer: Arc<Signer>) -> Self {
        Self { addr, connection: None, signer: Some(signer), tokens: HashMap::new() }
    }

    /// A bearer token for `user`, or for the vendor (with the vendor scope) when `user` is
    /// `None` and the path is a `/vendor/…` one; none without a signer.
    fn bearer(&mut self, path: &str, user: Option<&str>) -> std::io::Result<Option<String>> {
        let Some(signer) = &self.signer else { return Ok(None) };
        let (sub, vendor) = match user {
            Some(user) => (user, false),
            None if path.starts_with("/vendor/") => (VENDOR_ACCOUNT, true),
            None => return Ok(None),
        };
        if let Some(token) = self.tokens.get(&(sub.to_owned(), vendor)) {
            return Ok(Some(token.clone()));
        }
        let id = sub.parse::<mspkit::UserId>().map_err(|e| bad(e.to_string()))?;
        let token = signer.token(id, vendor, std::time::Duration::from_secs(3600)).map_err(bad)?;
        self.tokens.insert((sub.to_owned(), vendor), token.clone());
        Ok(Some(token))
    }

    /// Sends a request as the account `user` (if any; with a signer, as a bearer token — a
    /// `/vendor/…` path without a user gets a vendor token) with a JSON body (if any).
    pub async fn call(
        &mut self,
        method: &str,
        path: &str,
        user: Option<&str>,
        body: Option<&serde_json::Value>,
    ) -> std::io::Result<Response> {
        let mut headers = Vec::new();
        if let Some(token) = self.bearer(path, user)? {
            headers.push(("authorization", format!("Bearer {token}")));
        }
        self.send(method, path, &headers, body.map(ToString::to_string).as_deref()).await
    }

    /// Sends a request with extra headers and a raw body (sent as JSON unless the headers name
    /// a `content-type`). A connection the server closed is opened again once.
    pub async fn send(
        &mut self,
        method: &str,
        path: &str,
        headers: &[(&str, String)],
        body: Option<&str>,
    ) -> std::io::Result<Response> {
        let mut request = format!("{method} {path} HTTP/1.1\r\nhost: {}\r\n", self.addr);
        for (name, value) in headers {
            request.push_str(name);
            request.push_str(": ");
            request.push_str(value);
            request.push_str("\r\n");
        }
        if let Some(body) = body {
            if !headers.iter().any(|(name, _)| name.eq_ignore_ascii_case("content-type")) {
                request.push_str("content-type: application/json\r\n");
            }
            request.push_str("content-length: ");
            request.push_str(&body.len().to_string());
            request.push_str("\r\n\r\n");
            request.push_str(body);
        } else {
            request.push_str("content-length: 0\r\n\r\n");
        }
        let reused = self.connection.is_some();
        match self.exchange(&request).await {
            Ok(response) => Ok(response),
            Err(_) if reused => {
                self.connection = None;
                self.exchange(&request).await
            }
            Err(e) => Err(e),
        }
    }

    async fn exchange(&mut self, request: &str) -> std::io::Result<Response> {
        if self.connection.is_none() {
            let stream = TcpStream::connect(self.addr).await?;
            stream.set_nodelay(true)?;
            self.connection = Some(BufReader::new(stream));
        }
        let Some(connection) = self.connection.as_mut() else {
            return Err(std::io::Error::new(std::io::ErrorKind::NotConnected, "no connection"));
        };
        let result = exchange(connection, request).await;
        match &result {
            Ok((_, keep_alive)) if *keep_alive => {}
            _ => self.connection = None,
        }
        result.map(|(response, _)| response)
    }
}

async fn exchange(connection: &mut BufReader<TcpStream>, request: &str) -> std::io::Result<(Response, bool)> {
    connection.get_mut().write_all(request.as_bytes()).await?;
    let mut line = String::new();
    if connection.read_line(&mut line).await? == 0 {
        return Err(std::io::Error::new(
            std::io::ErrorKind::UnexpectedEof,
            "the server closed the connection",
        ));
    }
    let status = line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse::<u16>().ok())
        .ok_or_else(|| bad(format!("bad status line `{}`", line.trim_end())))?;
    let mut headers = Vec::new();
    loop {
        line.clear();
        connection.read_line(&mut line).await?;
        let trimmed = line.trim_end();
        if trimmed.is_empty() {
            break;
        }
        let (name, value) = trimmed.split_once(':').ok_or_else(|| bad(format!("bad header `{trimmed}`")))?;
        headers.push((name.trim().to_ascii_lowercase(), value.trim().to_owned()));
    }
    let find = |name: &str| headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.clone());
    let keep_alive = !find("connection").is_some_and(|v| v.eq_ignore_ascii_case("close"));
    let mut body = Vec::new();
    if find("transfer-encoding").is_some_and(|v| v.eq_ignore_ascii_case("chunked")) {
        loop {
            line.clear();
            connection.read_line(&mut line).await?;
            let size = usize::from_str_radix(line.trim().split(';').next().unwrap_or(""), 16)
                .map_err(|_| bad(format!("bad chunk size `{}`", line.trim())))?;
            let mut chunk = vec![0; size.saturating_add(2)];
            connection.read_exact(&mut chunk).await?;
            chunk.truncate(size);
            body.extend_from_slice(&chunk);
            if size == 0 {
                break;
            }
        }
    } else {
        let length = find("content-length").and_then(|v| v.parse::<usize>().ok()).unwrap_or(0);
        body.resize(length, 0);
        connection.read_exact(&mut body).await?;
    }
    let body = String::from_utf8(body).map_err(|_| bad("the body is not UTF-8"))?;
    Ok((Response { status, headers, body }, keep_alive))
}
