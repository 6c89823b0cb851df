//! The HTTP JSON endpoints (axum). Each handler reads the signed-in account from the
//! [`USER_HEADER`], the expected version from the optional [`VERSION_HEADER`], parses its body,
//! and runs the command on the blocking pool (SQLite and the library are synchronous).

use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post, put};
use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::app::App;
use crate::domain::{self, Command};
use crate::error::{ApiError, Category};

/// The header naming the signed-in account (a user id). A stand-in for real authentication:
/// a real service takes the account from its session or token, never from a header the client
/// chooses.
pub const USER_HEADER: &str = "x-mspkit-user";

/// The optional header with the provider version the client last saw; a write to a provider at
/// another version is refused with `version_conflict` (409).
pub const VERSION_HEADER: &str = "x-mspkit-version";

type Shared = State<Arc<App>>;

/// The router of every endpoint.
pub fn router(app: Arc<App>) -> Router {
    Router::new()
        .route("/health", get(health))
        .route("/vendor/providers", post(issue_provider))
        .route("/vendor/providers/{provider}/billable", post(mark_billable))
        .route("/providers/{provider}", get(read_provider))
        .route("/providers/{provider}/set-up", post(set_up))
        .route("/providers/{provider}/members", post(invite))
        .route("/providers/{provider}/members/{member}", delete(remove))
        .route("/providers/{provider}/members/{member}/accept", post(accept))
        .route("/providers/{provider}/members/{member}/confirm", post(confirm))
        .route("/providers/{provider}/members/{member}/revoke", post(revoke))
        .route("/providers/{provider}/members/{member}/restore", post(restore))
        .route("/providers/{provider}/members/{member}/role", put(change_role))
        .route("/providers/{provider}/leave", post(leave))
        .route("/providers/{provider}/clients", post(create_client))
        .route("/providers/{provider}/clients/existing", post(add_existing_client))
        .route("/providers/{provider}/clients/{client}/seats", put(set_seats))
        .route("/providers/{provider}/clients/{client}/unlink", post(unlink))
        .route("/providers/{provider}/report", get(report))
        .route("/providers/{provider}/events", get(events))
        .fallback(not_found)
        .with_state(app)
}

async fn not_found() -> ApiError {
    ApiError::new(
        Category::NotFound,
        "route_not_found",
        "there is no such endpoint; see the README for the list",
    )
}

/// Runs blocking work (SQLite, the library) off the async workers.
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    tokio::task::spawn_blocking(work).await.map_err(|e| ApiError::internal("task_failed", &e))?
}

fn json_response(status: StatusCode, body: &serde_json::Value) -> Response {
    (status, [(header::CONTENT_TYPE, "application/json")], body.to_string()).into_response()
}

fn user(headers: &HeaderMap) -> Result<mspkit::UserId, ApiError> {
    let value = headers.get(USER_HEADER).ok_or_else(|| {
        ApiError::new(
            Category::Unauthenticated,
            "user_header_missing",
            format!("name the signed-in account in the `{USER_HEADER}` header (a user id)"),
        )
    })?;
    let text = value.to_str().map_err(|_| {
        ApiError::new(
            Category::InvalidInput,
            "user_header_invalid",
            format!("the `{USER_HEADER}` header is not text"),
        )
    })?;
    domain::user_id(text)
}

fn expected_version(headers: &HeaderMap) -> Result<Option<u64>, ApiError> {
    let Some(value) = headers.get(VERSION_HEADER) else { return Ok(None) };
    let invalid = || {
        ApiError::new(
            Category::InvalidInput,
            "version_header_invalid",
            format!("the `{VERSION_HEADER}` header must be a provider version (a whole number)"),
        )
    };
    value.to_str().map_err(|_| invalid())?.trim().parse::<u64>().map(Some).map_err(|_| invalid())
}

fn body<T: DeserializeOwned>(bytes: &Bytes) -> Result<T, ApiError> {
    serde_json::from_slice(bytes).map_err(|e| {
        ApiError::new(
            Category::InvalidInput,
            "request_body_invalid",
            format!("the request body is not valid: {e}"),
        )
    })
}

/// Runs one command of the signed-in account and answers with the write's outcome.
async fn run(
    app: Arc<App>,
    provider: &str,
    headers: &HeaderMap,
    command: Command,
) -> Result<Response, ApiError> {
    let id = domain::provider_id(provider)?;
    let user = user(headers)?;
    let expected = expected_version(headers)?;
    let written = blocking(move || app.command(id, user, expected, &command)).await?;
    Ok(json_response(StatusCode::OK, &written.body()))
}

async fn health(State(app): Shared) -> Response {
    json_response(StatusCode::OK, &serde_json::json!({ "status": "ok", "retries": app.retries() }))
}

async fn issue_provider(State(app): Shared, bytes: Bytes) -> Result<Response, ApiError> {
    let request: domain::IssueRequest = body(&bytes)?;
    let written = blocking(move || {
        let (provider, events) = domain::issue(&request, domain::now())?;
        let mut written = app.create(&provider, &events)?;
        written.result = serde_json::json!({ "provider": domain::provider_id_text(&provider) });
        Ok(written)
    })
    .await?;
    Ok(json_response(StatusCode::CREATED, &written.body()))
}

async fn mark_billable(State(app): Shared, Path(provider): Path<String>) -> Result<Response, ApiError> {
    let id = domain::provider_id(&provider)?;
    let written = blocking(move || app.write(id, None, |p| domain::mark_billable(p, domain::now()))).await?;
    Ok(json_response(StatusCode::OK, &written.body()))
}

async fn read_provider(
    State(app): Shared,
    Path(provider): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let id = domain::provider_id(&provider)?;
    let user = user(&headers)?;
    let document = blocking(move || {
        let (provider, _) = app.load(id)?;
        domain::read_provider(&provider, user)
    })
    .await?;
    Ok(json_response(StatusCode::OK, &document))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SetUpBody {
    email: String,
}

async fn set_up(
    State(app): Shared,
    Path(p): Path<String>,
    headers: HeaderMap,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    let SetUpBody { email } = body(&bytes)?;
    run(app, &p, &headers, Command::SetUp { email }).await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct InviteBody {
    emails: Vec<String>,
    role: String,
}

async fn invite(
    State(app): Shared,
    Path(p): Path<String>,
    headers: HeaderMap,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    let InviteBody { emails, role } = body(&bytes)?;
    run(app, &p, &headers, Command::Invite { emails, role }).await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AcceptBody {
    email: String,
    #[serde(default)]
    public_key_fingerprint: Option<String>,
}

async fn accept(
    State(app): Shared,
    Path((p, member)): Path<(String, String)>,
    headers: HeaderMap,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    let AcceptBody { email, public_key_fingerprint } = body(&bytes)?;
    run(app, &p, &headers, Command::Accept { member, email, public_key_fingerprint }).await
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct ConfirmBody {
    #[serde(default)]
    fingerprint: Option<String>,
}

async fn confirm(
    State(app): Shared,
    Path((p, member)): Path<(String, String)>,
    headers: HeaderMap,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    let ConfirmBody { fingerprint } = if bytes.is_empty() { ConfirmBody::default() } else { body(&bytes)? };
    run(app, &p, &headers, Command::Confirm { member, fingerprint }).await
}

async fn revoke(
    State(app): Shared,
    Path((p, member)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    run(app, &p, &headers, Command::Revoke { member }).await
}

async fn restore(
    State(app): Shared,
    Path((p, member)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    run(app, &p, &headers, Command::Restore { member }).await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RoleBody {
    role: String,
}

async fn change_role(
    State(app): Shared,
    Path((p, member)): Path<(String, String)>,
    headers: HeaderMap,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    let RoleBody { role } = body(&bytes)?;
    run(app, &p, &headers, Command::ChangeRole { member, role }).await
}

async fn remove(
    State(app): Shared,
    Path((p, member)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    run(app, &p, &headers, Command::Remove { member }).await
}

async fn leave(State(app): Shared, Path(p): Path<String>, headers: HeaderMap) -> Result<Response, ApiError> {
    run(app, &p, &headers, Command::Leave).await
}

async fn create_client(
    State(app): Shared,
    Path(p): Path<String>,
    headers: HeaderMap,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    let document: serde_json::Value = body(&bytes)?;
    run(app, &p, &headers, Command::CreateClient(document)).await
}

async fn add_existing_client(
    State(app): Shared,
    Path(p): Path<String>,
    headers: HeaderMap,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    let document: serde_json::Value = body(&bytes)?;
    run(app, &p, &headers, Command::AddExistingClient(document)).await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SeatsBody {
    seats: u32,
}

async fn set_seats(
    State(app): Shared,
    Path((p, client)): Path<(String, String)>,
    headers: HeaderMap,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    let SeatsBody { seats } = body(&bytes)?;
    run(app, &p, &headers, Command::SetSeats { client, seats }).await
}

async fn unlink(
    State(app): Shared,
    Path((p, client)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    run(app, &p, &headers, Command::Unlink { client }).await
}

async fn report(
    State(app): Shared,
    Path(provider): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let id = domain::provider_id(&provider)?;
    let user = user(&headers)?;
    let report = blocking(move || {
        let (provider, _) = app.load(id)?;
        domain::report(&provider, user, domain::now())
    })
    .await?;
    Ok(json_response(StatusCode::OK, &report))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EventsQuery {
    #[serde(default)]
    format: Option<String>,
}

async fn events(
    State(app): Shared,
    Path(provider): Path<String>,
    Query(query): Query<EventsQuery>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let id = domain::provider_id(&provider)?;
    let user = user(&headers)?;
    let csv = match query.format.as_deref() {
        None | Some("jsonl") => false,
        Some("csv") => true,
        Some(other) => {
            return Err(ApiError::new(
                Category::InvalidInput,
                "format_unknown",
                format!("`{other}` is not an export format; use `jsonl` or `csv`"),
            ));
        }
    };
    let (content_type, text) = blocking(move || {
        let (provider, _) = app.load(id)?;
        let events = app.events(id)?;
        if csv {
            Ok(("text/csv", domain::export_csv(&provider, user, &events)?))
        } else {
            domain::may_export(&provider, user)?;
            Ok(("application/x-ndjson", domain::event_log(&events)?))
        }
    })
    .await?;
    Ok((StatusCode::OK, [(header::CONTENT_TYPE, content_type)], text).into_response())
}
