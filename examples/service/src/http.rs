//! The HTTP JSON endpoints (axum). Each handler takes the signed-in account from the bearer
//! token (see [`crate::auth`]; the vendor's `/vendor/…` endpoints need a token with the vendor
//! scope), the expected version from the optional [`VERSION_HEADER`], parses its body and
//! query, and runs the command or the read on the blocking pool (SQLite and the library are
//! synchronous). Reads append no event.

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::handler::Handler;
use axum::http::{HeaderMap, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodRouter, on};
use mspkit::chrono::{DateTime, NaiveDate, Utc};
use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::app::App;
use crate::domain::{self, Command, TermsChange, VendorCommand};
use crate::error::{ApiError, Category};
use crate::openapi::{Access, Answer, Body, Method, Operation};

/// The optional header with the provider version the client last saw; a write to a provider at
/// another version is refused with `version_conflict` (409). Sent with every update, it makes
/// the update exactly-once: a retry after a lost answer is refused instead of applied again.
pub const VERSION_HEADER: &str = "x-mspkit-version";

/// The optional header naming a command's attempt: a retry with the same key (from the same
/// account, on the same provider) gets the first answer and appends nothing; the same key for
/// another command is refused `idempotency_key_reused` (422).
pub const IDEMPOTENCY_HEADER: &str = "idempotency-key";

/// The longest idempotency key accepted.
pub const MAX_IDEMPOTENCY_KEY: usize = 255;

fn idempotency(
    headers: &HeaderMap,
    account: String,
    command: &impl std::fmt::Debug,
) -> Result<Option<crate::app::Idempotency>, ApiError> {
    use sha2::Digest as _;
    let Some(value) = headers.get(IDEMPOTENCY_HEADER) else { return Ok(None) };
    let key = value
        .to_str()
        .ok()
        .map(str::trim)
        .filter(|k| !k.is_empty() && k.len() <= MAX_IDEMPOTENCY_KEY && k.bytes().all(|b| b.is_ascii_graphic()))
        .ok_or_else(|| {
            ApiError::new(
                Category::InvalidInput,
                "idempotency_key_invalid",
                format!("the `{IDEMPOTENCY_HEADER}` header must be 1 to {MAX_IDEMPOTENCY_KEY} visible ASCII characters"),
            )
        })?;
    let digest = sha2::Sha256::digest(format!("{command:?}").as_bytes());
    let request = digest.iter().fold(String::with_capacity(64), |mut hex, byte| {
        let _ = std::fmt::Write::write_fmt(&mut hex, format_args!("{byte:02x}"));
        hex
    });
    Ok(Some(crate::app::Idempotency { account, key: key.to_owned(), request }))
}

type Shared = State<Arc<App>>;

type Route = (Operation, MethodRouter<Arc<App>>);

fn route<H, T>(operation: Operation, handler: H) -> Route
where
    H: Handler<T, Arc<App>>,
    T: 'static,
{
    (operation, on(operation.method.filter(), handler))
}

/// The one table of the service's routes: the router serves each and the OpenAPI document
/// (`GET /openapi.json`, [`crate::openapi`]) describes each, so neither can miss one.
#[allow(clippy::too_many_lines, reason = "one row per route")]
fn routes() -> Vec<Route> {
    vec![
        route(
            Operation {
                method: Method::Get,
                path: "/health",
                id: "health",
                summary: "whether the service is up, and its retries so far",
                access: Access::Public,
                body: Body::None,
                answer: Answer::Json,
            },
            health,
        ),
        route(
            Operation {
                method: Method::Get,
                path: "/openapi.json",
                id: "openapi",
                summary: "this document",
                access: Access::Public,
                body: Body::None,
                answer: Answer::Json,
            },
            openapi,
        ),
        route(
            Operation {
                method: Method::Post,
                path: "/vendor/providers",
                id: "issue_provider",
                summary: "issues a provider; answers its id and the set-up token",
                access: Access::Vendor,
                body: Body::Json,
                answer: Answer::Created,
            },
            issue_provider,
        ),
        route(
            Operation {
                method: Method::Post,
                path: "/vendor/providers/{provider}/billable",
                id: "mark_billable",
                summary: "marks the provider billable",
                access: Access::Vendor,
                body: Body::None,
                answer: Answer::Write,
            },
            mark_billable,
        ),
        route(
            Operation {
                method: Method::Post,
                path: "/vendor/providers/{provider}/subscription",
                id: "start_subscription",
                summary: "starts the consolidated subscription",
                access: Access::Vendor,
                body: Body::OptionalJson,
                answer: Answer::Write,
            },
            start_subscription,
        ),
        route(
            Operation {
                method: Method::Post,
                path: "/vendor/providers/{provider}/subscription/invoice",
                id: "issue_invoice",
                summary: "issues an invoice today",
                access: Access::Vendor,
                body: Body::Json,
                answer: Answer::Write,
            },
            issue_invoice,
        ),
        route(
            Operation {
                method: Method::Post,
                path: "/vendor/providers/{provider}/subscription/pay",
                id: "pay_invoice",
                summary: "records the payment of the open invoice",
                access: Access::Vendor,
                body: Body::None,
                answer: Answer::Write,
            },
            pay_invoice,
        ),
        route(
            Operation {
                method: Method::Post,
                path: "/vendor/providers/{provider}/subscription/unpaid",
                id: "mark_unpaid",
                summary: "declares the overdue invoice unpaid",
                access: Access::Vendor,
                body: Body::None,
                answer: Answer::Write,
            },
            mark_unpaid,
        ),
        route(
            Operation {
                method: Method::Post,
                path: "/vendor/providers/{provider}/subscription/cancel",
                id: "cancel_subscription",
                summary: "cancels an unpaid subscription",
                access: Access::Vendor,
                body: Body::None,
                answer: Answer::Write,
            },
            cancel_subscription,
        ),
        route(
            Operation {
                method: Method::Put,
                path: "/vendor/providers/{provider}/seat-minimums/{plan}",
                id: "vendor_set_seat_minimum",
                summary: "sets a plan's seat minimum",
                access: Access::Vendor,
                body: Body::Json,
                answer: Answer::Write,
            },
            set_seat_minimum::<true>,
        ),
        route(
            Operation {
                method: Method::Put,
                path: "/vendor/providers/{provider}/prices",
                id: "vendor_set_prices",
                summary: "sets the negotiated prices",
                access: Access::Vendor,
                body: Body::Json,
                answer: Answer::Write,
            },
            set_prices::<true>,
        ),
        route(
            Operation {
                method: Method::Put,
                path: "/vendor/providers/{provider}/discount",
                id: "vendor_set_discount",
                summary: "sets the discount",
                access: Access::Vendor,
                body: Body::Json,
                answer: Answer::Write,
            },
            set_discount::<true>,
        ),
        route(
            Operation {
                method: Method::Get,
                path: "/providers/{provider}",
                id: "read_provider",
                summary: "the provider document (members only)",
                access: Access::Member,
                body: Body::None,
                answer: Answer::Json,
            },
            read_provider,
        ),
        route(
            Operation {
                method: Method::Post,
                path: "/providers/{provider}/set-up",
                id: "set_up",
                summary: "the person the provider was issued to sets it up with the set-up token",
                access: Access::Member,
                body: Body::Json,
                answer: Answer::Write,
            },
            set_up,
        ),
        route(
            Operation {
                method: Method::Post,
                path: "/providers/{provider}/members",
                id: "invite",
                summary: "invites 1 to 20 addresses; answers each invitation's token",
                access: Access::Member,
                body: Body::Json,
                answer: Answer::Write,
            },
            invite,
        ),
        route(
            Operation {
                method: Method::Delete,
                path: "/providers/{provider}/members/{member}",
                id: "remove",
                summary: "removes a member",
                access: Access::Member,
                body: Body::None,
                answer: Answer::Write,
            },
            remove,
        ),
        route(
            Operation {
                method: Method::Post,
                path: "/providers/{provider}/members/{member}/accept",
                id: "accept",
                summary: "the invited account accepts with the invitation's token",
                access: Access::Member,
                body: Body::Json,
                answer: Answer::Write,
            },
            accept,
        ),
        route(
            Operation {
                method: Method::Post,
                path: "/providers/{provider}/members/{member}/confirm",
                id: "confirm",
                summary: "confirms an accepted member",
                access: Access::Member,
                body: Body::OptionalJson,
                answer: Answer::Write,
            },
            confirm,
        ),
        route(
            Operation {
                method: Method::Post,
                path: "/providers/{provider}/members/{member}/revoke",
                id: "revoke",
                summary: "revokes a membership",
                access: Access::Member,
                body: Body::None,
                answer: Answer::Write,
            },
            revoke,
        ),
        route(
            Operation {
                method: Method::Post,
                path: "/providers/{provider}/members/{member}/restore",
                id: "restore",
                summary: "restores a revoked membership",
                access: Access::Member,
                body: Body::None,
                answer: Answer::Write,
            },
            restore,
        ),
        route(
            Operation {
                method: Method::Put,
                path: "/providers/{provider}/members/{member}/role",
                id: "change_role",
                summary: "changes a member's role",
                access: Access::Member,
                body: Body::Json,
                answer: Answer::Write,
            },
            change_role,
        ),
        route(
            Operation {
                method: Method::Post,
                path: "/providers/{provider}/leave",
                id: "leave",
                summary: "the signed-in member leaves",
                access: Access::Member,
                body: Body::None,
                answer: Answer::Write,
            },
            leave,
        ),
        route(
            Operation {
                method: Method::Post,
                path: "/providers/{provider}/clients",
                id: "create_client",
                summary: "creates a client organization",
                access: Access::Member,
                body: Body::Json,
                answer: Answer::Write,
            },
            create_client,
        ),
        route(
            Operation {
                method: Method::Post,
                path: "/providers/{provider}/clients/existing",
                id: "add_existing_client",
                summary: "adds an existing organization as a client",
                access: Access::Member,
                body: Body::Json,
                answer: Answer::Write,
            },
            add_existing_client,
        ),
        route(
            Operation {
                method: Method::Put,
                path: "/providers/{provider}/clients/{client}/seats",
                id: "set_seats",
                summary: "changes a client's seats",
                access: Access::Member,
                body: Body::Json,
                answer: Answer::Write,
            },
            set_seats,
        ),
        route(
            Operation {
                method: Method::Post,
                path: "/providers/{provider}/clients/{client}/unlink",
                id: "unlink",
                summary: "unlinks a client",
                access: Access::Member,
                body: Body::None,
                answer: Answer::Write,
            },
            unlink,
        ),
        route(
            Operation {
                method: Method::Put,
                path: "/providers/{provider}/clients/{client}/reference",
                id: "set_client_reference",
                summary: "the provider's own reference for a client (PSA export)",
                access: Access::Member,
                body: Body::Json,
                answer: Answer::Write,
            },
            set_client_reference,
        ),
        route(
            Operation {
                method: Method::Get,
                path: "/providers/{provider}/clients/{client}/policies",
                id: "client_policies",
                summary: "the client's policies",
                access: Access::Member,
                body: Body::None,
                answer: Answer::Json,
            },
            client_policies,
        ),
        route(
            Operation {
                method: Method::Put,
                path: "/providers/{provider}/clients/{client}/policies/{policy}",
                id: "change_policy",
                summary: "saves new settings for a stored policy",
                access: Access::Member,
                body: Body::Json,
                answer: Answer::Write,
            },
            change_policy,
        ),
        route(
            Operation {
                method: Method::Post,
                path: "/providers/{provider}/clients/{client}/policies/{policy}/enable",
                id: "enable_policy",
                summary: "enables a policy with its settings",
                access: Access::Member,
                body: Body::OptionalJson,
                answer: Answer::Write,
            },
            enable_policy,
        ),
        route(
            Operation {
                method: Method::Post,
                path: "/providers/{provider}/clients/{client}/policies/{policy}/disable",
                id: "disable_policy",
                summary: "disables a policy",
                access: Access::Member,
                body: Body::None,
                answer: Answer::Write,
            },
            disable_policy,
        ),
        route(
            Operation {
                method: Method::Post,
                path: "/providers/{provider}/clients/{client}/remediate",
                id: "remediate",
                summary: "brings the client to a baseline, all or nothing",
                access: Access::Member,
                body: Body::Baseline,
                answer: Answer::Write,
            },
            remediate,
        ),
        route(
            Operation {
                method: Method::Post,
                path: "/providers/{provider}/compliance",
                id: "compliance",
                summary: "every client against a baseline (nothing is stored)",
                access: Access::Member,
                body: Body::Baseline,
                answer: Answer::Media(&["application/json", "application/xml"]),
            },
            compliance,
        ),
        route(
            Operation {
                method: Method::Get,
                path: "/providers/{provider}/seats",
                id: "seats",
                summary: "the seat utilisation report",
                access: Access::Member,
                body: Body::None,
                answer: Answer::Json,
            },
            seats,
        ),
        route(
            Operation {
                method: Method::Put,
                path: "/providers/{provider}/seat-minimums/{plan}",
                id: "set_seat_minimum",
                summary: "sets a plan's seat minimum (an admin managing billing)",
                access: Access::Member,
                body: Body::Json,
                answer: Answer::Write,
            },
            set_seat_minimum::<false>,
        ),
        route(
            Operation {
                method: Method::Put,
                path: "/providers/{provider}/prices",
                id: "set_prices",
                summary: "sets the negotiated prices (an admin managing billing)",
                access: Access::Member,
                body: Body::Json,
                answer: Answer::Write,
            },
            set_prices::<false>,
        ),
        route(
            Operation {
                method: Method::Put,
                path: "/providers/{provider}/discount",
                id: "set_discount",
                summary: "sets the discount (an admin managing billing)",
                access: Access::Member,
                body: Body::Json,
                answer: Answer::Write,
            },
            set_discount::<false>,
        ),
        route(
            Operation {
                method: Method::Get,
                path: "/providers/{provider}/invoices/{period}",
                id: "invoice",
                summary: "the invoice charged in a month, or the client invoice report as CSV",
                access: Access::Member,
                body: Body::None,
                answer: Answer::Media(&["application/json", "text/csv"]),
            },
            invoice,
        ),
        route(
            Operation {
                method: Method::Get,
                path: "/providers/{provider}/psa",
                id: "psa",
                summary: "the PSA export",
                access: Access::Member,
                body: Body::None,
                answer: Answer::Media(&["text/csv", "application/json"]),
            },
            psa,
        ),
        route(
            Operation {
                method: Method::Post,
                path: "/providers/{provider}/what-if",
                id: "what_if",
                summary: "proposed changes tried on a copy (nothing is stored)",
                access: Access::Member,
                body: Body::Json,
                answer: Answer::Json,
            },
            what_if,
        ),
        route(
            Operation {
                method: Method::Get,
                path: "/providers/{provider}/report",
                id: "report",
                summary: "the portfolio report",
                access: Access::Member,
                body: Body::None,
                answer: Answer::Json,
            },
            report,
        ),
        route(
            Operation {
                method: Method::Get,
                path: "/providers/{provider}/events",
                id: "events",
                summary: "the event log as JSON Lines, or the CSV export",
                access: Access::Member,
                body: Body::None,
                answer: Answer::Media(&["application/x-ndjson", "text/csv"]),
            },
            events,
        ),
    ]
}

/// Every operation of the service, as the router serves them.
pub fn operations() -> Vec<Operation> {
    routes().into_iter().map(|(operation, _)| operation).collect()
}

/// Whether a path is served without a token (an [`Access::Public`] operation of the table).
fn public(path: &str) -> bool {
    static PUBLIC: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();
    PUBLIC
        .get_or_init(|| {
            operations().into_iter().filter(|o| o.access == Access::Public).map(|o| o.path).collect()
        })
        .contains(&path)
}

/// The router of every endpoint (built from [`operations`]' table).
pub fn router(app: Arc<App>) -> Router {
    routes()
        .into_iter()
        .fold(Router::new(), |router, (operation, handler)| router.route(operation.path, handler))
        .fallback(not_found)
        .layer(axum::extract::DefaultBodyLimit::max(app.limits().body_bytes))
        .layer(axum::middleware::from_fn_with_state(Arc::clone(&app), guard))
        .with_state(app)
}

async fn openapi() -> Response {
    (StatusCode::OK, [(header::CONTENT_TYPE, "application/json")], crate::openapi::served()).into_response()
}

/// The media types a body may have: JSON everywhere; a baseline may also be TOML.
fn media_type_allowed(path: &str, content_type: Option<&str>) -> bool {
    let Some(content_type) = content_type else { return false };
    let essence = content_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    let baseline = path.ends_with("/compliance") || path.ends_with("/remediate");
    essence == "application/json"
        || (baseline && matches!(essence.as_str(), "application/toml" | "text/toml" | "application/x-toml"))
}

fn has_body(headers: &HeaderMap) -> bool {
    if headers.contains_key(header::TRANSFER_ENCODING) {
        return true;
    }
    headers
        .get(header::CONTENT_LENGTH)
        .is_some_and(|v| v.to_str().ok().and_then(|v| v.trim().parse::<u64>().ok()) != Some(0))
}

/// An answer of axum's own (405, 413, a rejected extractor) put in the `{code, message}` shape.
fn in_error_shape(response: Response) -> Response {
    let status = response.status();
    let json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if json || !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let error = match status {
        StatusCode::METHOD_NOT_ALLOWED => ApiError::new(
            Category::MethodNotAllowed,
            "method_not_allowed",
            "this endpoint has no such method; see the README",
        ),
        StatusCode::PAYLOAD_TOO_LARGE => ApiError::new(
            Category::PayloadTooLarge,
            "body_too_large",
            "the request body is over the service's limit",
        ),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => ApiError::new(
            Category::UnsupportedMediaType,
            "unsupported_media_type",
            "send the body as `content-type: application/json`",
        ),
        _ if status.is_client_error() => ApiError::new(
            Category::InvalidInput,
            "request_invalid",
            format!("the request was refused ({status})"),
        ),
        _ => ApiError::new(
            Category::Internal,
            "internal_error",
            "the service failed to complete the request; see its log",
        ),
    };
    let allow = response.headers().get(header::ALLOW).cloned();
    let mut shaped = error.into_response();
    if let Some(allow) = allow {
        shaped.headers_mut().insert(header::ALLOW, allow);
    }
    shaped
}

/// Before every endpoint but the public ones (`/health`, `/openapi.json`): a valid bearer token (401), the vendor scope on
/// `/vendor/…` (403), a body only as `application/json` (415; a baseline may be TOML), so no
/// cross-site form or `text/plain` request reaches a command. After: `Cache-Control: no-store`
/// and `X-Content-Type-Options: nosniff` on every answer (member, billing and policy reads carry
/// personal and commercial data).
async fn guard(
    State(app): Shared,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let path = request.uri().path().to_owned();
    if !public(&path) {
        match identity(&app, request.headers()) {
            Err(e) => return e.into_response(),
            Ok(identity) if path.starts_with("/vendor/") && !identity.vendor => {
                return ApiError::new(
                    Category::Forbidden,
                    "vendor_scope_required",
                    "this endpoint is the vendor's: it needs a token with the `vendor` scope",
                )
                .into_response();
            }
            Ok(identity) => {
                if let Err(wait) = app.rate().check(identity.user) {
                    let mut response = ApiError::new(
                        Category::TooManyRequests,
                        "rate_limited",
                        format!("too many requests from this account; retry in {} ms", wait.as_millis()),
                    )
                    .into_response();
                    let seconds = wait.as_secs().saturating_add(1);
                    if let Ok(value) = header::HeaderValue::from_str(&seconds.to_string()) {
                        response.headers_mut().insert(header::RETRY_AFTER, value);
                    }
                    return response;
                }
            }
        }
        let content_type = request.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok());
        if has_body(request.headers()) && !media_type_allowed(&path, content_type) {
            return ApiError::new(
                Category::UnsupportedMediaType,
                "unsupported_media_type",
                "send the body as `content-type: application/json` (a baseline may be `application/toml`)",
            )
            .into_response();
        }
    }
    let mut response = match tokio::time::timeout(app.limits().request, next.run(request)).await {
        Ok(response) => in_error_shape(response),
        Err(_) => ApiError::new(
            Category::Unavailable,
            "request_timeout",
            "the request took longer than the service allows; a command may or may not have been \
             applied: retry with the same `Idempotency-Key`",
        )
        .into_response(),
    };
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, header::HeaderValue::from_static("no-store"));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, header::HeaderValue::from_static("nosniff"));
    response
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

fn identity(app: &App, headers: &HeaderMap) -> Result<crate::auth::Identity, ApiError> {
    let verifier = app.verifier().ok_or_else(|| {
        ApiError::new(
            Category::Unauthenticated,
            "authentication_not_configured",
            "the service has no key set to verify tokens with (start it with --jwks FILE)",
        )
    })?;
    let header = match headers.get(header::AUTHORIZATION) {
        None => None,
        Some(value) => Some(value.to_str().map_err(|_| {
            ApiError::new(
                Category::Unauthenticated,
                "token_invalid",
                "the `Authorization` header is not text",
            )
        })?),
    };
    verifier.verify_header(header)
}

/// The signed-in account.
fn user(app: &App, headers: &HeaderMap) -> Result<mspkit::UserId, ApiError> {
    identity(app, headers).map(|identity| identity.user)
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

/// Parses the query string, refusing an unknown or malformed parameter as `query_invalid` (400)
/// in the service's error shape.
fn query<T: DeserializeOwned>(uri: &Uri) -> Result<T, ApiError> {
    Query::<T>::try_from_uri(uri).map(|Query(query)| query).map_err(|e| {
        ApiError::new(Category::InvalidInput, "query_invalid", format!("the query string is not valid: {e}"))
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
    let user = user(&app, headers)?;
    let expected = expected_version(headers)?;
    let key = idempotency(headers, user.to_string(), &command)?;
    let written = blocking(move || app.command(id, user, expected, key.as_ref(), &command)).await?;
    Ok(json_response(StatusCode::OK, &written.body()))
}

async fn health(State(app): Shared) -> Response {
    json_response(StatusCode::OK, &serde_json::json!({ "status": "ok", "retries": app.retries() }))
}

async fn issue_provider(State(app): Shared, bytes: Bytes) -> Result<Response, ApiError> {
    let request: domain::IssueRequest = body(&bytes)?;
    let written = blocking(move || {
        let now = domain::now();
        let (provider, events) = domain::issue(&request, now)?;
        // The example answers the set-up token to the vendor; a real service mails it to the
        // person the provider is issued to.
        let setup_token = provider.setup_token(app.token_key(), now)?;
        let mut written = app.create(&provider, &events)?;
        written.result = serde_json::json!({
            "provider": domain::provider_id_text(&provider),
            "setup_token": setup_token.expose(),
        });
        Ok(written)
    })
    .await?;
    Ok(json_response(StatusCode::CREATED, &written.body()))
}

/// Runs one command of the vendor or its billing system and answers with the write's outcome.
async fn run_vendor(
    app: Arc<App>,
    provider: &str,
    headers: &HeaderMap,
    command: VendorCommand,
) -> Result<Response, ApiError> {
    let id = domain::provider_id(provider)?;
    let expected = expected_version(headers)?;
    let key = idempotency(headers, "vendor".to_owned(), &command)?;
    let written = blocking(move || app.vendor(id, expected, key.as_ref(), &command)).await?;
    Ok(json_response(StatusCode::OK, &written.body()))
}

/// A body that may be empty (then the default).
fn optional_body<T: DeserializeOwned + Default>(bytes: &Bytes) -> Result<T, ApiError> {
    if bytes.iter().all(u8::is_ascii_whitespace) { Ok(T::default()) } else { body(bytes) }
}

async fn mark_billable(
    State(app): Shared,
    Path(p): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    run_vendor(app, &p, &headers, VendorCommand::MarkBillable).await
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct SubscriptionBody {
    #[serde(default)]
    started_on: Option<NaiveDate>,
    #[serde(default)]
    prices: BTreeMap<String, serde_json::Value>,
    #[serde(default)]
    discount: Option<serde_json::Value>,
    #[serde(default)]
    collection: Option<String>,
}

async fn start_subscription(
    State(app): Shared,
    Path(p): Path<String>,
    headers: HeaderMap,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    let SubscriptionBody { started_on, prices, discount, collection } = optional_body(&bytes)?;
    let command = VendorCommand::StartSubscription { started_on, prices, discount, collection };
    run_vendor(app, &p, &headers, command).await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct InvoiceBody {
    amount: serde_json::Value,
}

async fn issue_invoice(
    State(app): Shared,
    Path(p): Path<String>,
    headers: HeaderMap,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    let InvoiceBody { amount } = body(&bytes)?;
    run_vendor(app, &p, &headers, VendorCommand::IssueInvoice { amount }).await
}

async fn pay_invoice(
    State(app): Shared,
    Path(p): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    run_vendor(app, &p, &headers, VendorCommand::PayInvoice).await
}

async fn mark_unpaid(
    State(app): Shared,
    Path(p): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    run_vendor(app, &p, &headers, VendorCommand::MarkUnpaid).await
}

async fn cancel_subscription(
    State(app): Shared,
    Path(p): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    run_vendor(app, &p, &headers, VendorCommand::CancelSubscription).await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MinimumBody {
    minimum: u32,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PricesBody {
    prices: BTreeMap<String, serde_json::Value>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DiscountBody {
    discount: serde_json::Value,
}

/// Who changes the billing terms: a member (`VENDOR = false`, the signed-in account) or the
/// vendor's system (`VENDOR = true`, the `/vendor/…` routes).
async fn run_terms<const VENDOR: bool>(
    app: Arc<App>,
    provider: &str,
    headers: &HeaderMap,
    change: TermsChange,
) -> Result<Response, ApiError> {
    if VENDOR {
        run_vendor(app, provider, headers, VendorCommand::Terms(change)).await
    } else {
        run(app, provider, headers, Command::Terms(change)).await
    }
}

async fn set_seat_minimum<const VENDOR: bool>(
    State(app): Shared,
    Path((p, plan)): Path<(String, String)>,
    headers: HeaderMap,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    let MinimumBody { minimum } = body(&bytes)?;
    run_terms::<VENDOR>(app, &p, &headers, TermsChange::SetSeatMinimum { plan, minimum }).await
}

async fn set_prices<const VENDOR: bool>(
    State(app): Shared,
    Path(p): Path<String>,
    headers: HeaderMap,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    let PricesBody { prices } = body(&bytes)?;
    run_terms::<VENDOR>(app, &p, &headers, TermsChange::SetSeatPrices { prices }).await
}

async fn set_discount<const VENDOR: bool>(
    State(app): Shared,
    Path(p): Path<String>,
    headers: HeaderMap,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    let DiscountBody { discount } = body(&bytes)?;
    run_terms::<VENDOR>(app, &p, &headers, TermsChange::SetDiscount { discount }).await
}

async fn read_provider(
    State(app): Shared,
    Path(provider): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let id = domain::provider_id(&provider)?;
    let user = user(&app, &headers)?;
    let document = blocking(move || app.read(id, |provider| domain::read_provider(provider, user))).await?;
    Ok(json_response(StatusCode::OK, &document))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SetUpBody {
    email: String,
    token: String,
}

async fn set_up(
    State(app): Shared,
    Path(p): Path<String>,
    headers: HeaderMap,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    let SetUpBody { email, token } = body(&bytes)?;
    run(app, &p, &headers, Command::SetUp { email, token }).await
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
    token: String,
}

async fn accept(
    State(app): Shared,
    Path((p, member)): Path<(String, String)>,
    headers: HeaderMap,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    let AcceptBody { email, public_key_fingerprint, token } = body(&bytes)?;
    run(app, &p, &headers, Command::Accept { member, email, public_key_fingerprint, token }).await
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

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ReferenceBody {
    reference: Option<String>,
}

async fn set_client_reference(
    State(app): Shared,
    Path((p, client)): Path<(String, String)>,
    headers: HeaderMap,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    let ReferenceBody { reference } = body(&bytes)?;
    run(app, &p, &headers, Command::SetClientReference { client, reference }).await
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct SettingsBody {
    #[serde(default)]
    settings: serde_json::Map<String, serde_json::Value>,
}

async fn enable_policy(
    State(app): Shared,
    Path((p, client, policy)): Path<(String, String, String)>,
    headers: HeaderMap,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    let SettingsBody { settings } = optional_body(&bytes)?;
    run(app, &p, &headers, Command::EnableClientPolicy { client, policy, settings }).await
}

async fn change_policy(
    State(app): Shared,
    Path((p, client, policy)): Path<(String, String, String)>,
    headers: HeaderMap,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    let SettingsBody { settings } = body(&bytes)?;
    run(app, &p, &headers, Command::ChangeClientPolicy { client, policy, settings }).await
}

async fn disable_policy(
    State(app): Shared,
    Path((p, client, policy)): Path<(String, String, String)>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    run(app, &p, &headers, Command::DisableClientPolicy { client, policy }).await
}

/// Loads a provider and runs a read of the signed-in account on it (no write, no event).
async fn read<T: Send + 'static>(
    app: Arc<App>,
    provider: &str,
    headers: &HeaderMap,
    read: impl FnOnce(&mspkit::Provider, mspkit::UserId) -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    let id = domain::provider_id(provider)?;
    let user = user(&app, headers)?;
    blocking(move || app.read(id, |provider| read(provider, user))).await
}

fn text_response(content_type: &'static str, text: String) -> Response {
    (StatusCode::OK, [(header::CONTENT_TYPE, content_type)], text).into_response()
}

fn format_unknown(given: &str, known: &str) -> ApiError {
    ApiError::new(
        Category::InvalidInput,
        "format_unknown",
        format!("`{given}` is not a format of this endpoint; use {known}"),
    )
}

async fn client_policies(
    State(app): Shared,
    Path((p, client)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let policies =
        read(app, &p, &headers, move |provider, user| domain::client_policies(provider, user, &client))
            .await?;
    Ok(json_response(StatusCode::OK, &policies))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FormatQuery {
    #[serde(default)]
    format: Option<String>,
}

/// Whether a baseline body is TOML: by its `Content-Type` (`application/toml` or `text/toml`
/// against `application/json`), else by its first character (`{` is JSON).
fn baseline_is_toml(headers: &HeaderMap, text: &str) -> bool {
    let declared = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| v.split(';').next().unwrap_or_default().trim().to_ascii_lowercase());
    match declared.as_deref() {
        Some("application/toml" | "text/toml" | "application/x-toml") => true,
        Some("application/json") => false,
        _ => !text.trim_start().starts_with('{'),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ComplianceQuery {
    #[serde(default)]
    format: Option<String>,
    /// Judge exception expiry at this time (RFC 3339) instead of the clock's, as `mspkit check --now`.
    #[serde(default)]
    now: Option<DateTime<Utc>>,
}

/// A baseline posted as the body: its text and whether it is TOML.
fn baseline_body(headers: &HeaderMap, bytes: &Bytes) -> Result<(String, bool), ApiError> {
    let text = std::str::from_utf8(bytes)
        .map_err(|_| {
            ApiError::new(Category::InvalidInput, "request_body_invalid", "the baseline is not UTF-8 text")
        })?
        .to_owned();
    let toml = baseline_is_toml(headers, &text);
    Ok((text, toml))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RemediateQuery {
    /// Judge exception expiry at this time (RFC 3339) instead of the clock's.
    #[serde(default)]
    now: Option<DateTime<Utc>>,
}

async fn remediate(
    State(app): Shared,
    Path((p, client)): Path<(String, String)>,
    uri: Uri,
    headers: HeaderMap,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    let query: RemediateQuery = query(&uri)?;
    let (text, toml) = baseline_body(&headers, &bytes)?;
    let baseline = Box::new(domain::baseline(&text, toml)?);
    let at = query.now.unwrap_or_else(domain::now);
    run(app, &p, &headers, Command::RemediateClient { client, baseline, at }).await
}

async fn compliance(
    State(app): Shared,
    Path(p): Path<String>,
    uri: Uri,
    headers: HeaderMap,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    let query: ComplianceQuery = query(&uri)?;
    let junit = match query.format.as_deref() {
        None | Some("json") => false,
        Some("junit") => true,
        Some(other) => return Err(format_unknown(other, "`json` or `junit`")),
    };
    let (text, toml) = baseline_body(&headers, &bytes)?;
    let now = query.now.unwrap_or_else(domain::now);
    let report = read(app, &p, &headers, move |provider, user| {
        let baseline = domain::baseline(&text, toml)?;
        domain::compliance(provider, user, &baseline, now)
    })
    .await?;
    Ok(if junit {
        text_response("application/xml", report.to_junit())
    } else {
        text_response("application/json", report.to_json().map_err(mspkit::Error::from)?)
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SeatsQuery {
    #[serde(default)]
    idle: Option<u32>,
}

async fn seats(
    State(app): Shared,
    Path(p): Path<String>,
    uri: Uri,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let query: SeatsQuery = query(&uri)?;
    let idle = query.idle.unwrap_or(domain::DEFAULT_IDLE);
    let report =
        read(app, &p, &headers, move |provider, user| domain::seat_utilisation(provider, user, idle)).await?;
    Ok(json_response(StatusCode::OK, &report))
}

async fn invoice(
    State(app): Shared,
    Path((p, period)): Path<(String, String)>,
    uri: Uri,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let query: FormatQuery = query(&uri)?;
    match query.format.as_deref() {
        None | Some("json") => {
            let invoice =
                read(app, &p, &headers, move |provider, user| domain::invoice(provider, user, &period))
                    .await?;
            Ok(json_response(StatusCode::OK, &invoice))
        }
        Some("csv") => {
            let csv = read(app, &p, &headers, move |provider, user| {
                domain::client_invoice_csv(provider, user, &period)
            })
            .await?;
            Ok(text_response("text/csv", csv))
        }
        Some(other) => Err(format_unknown(other, "`json` or `csv`")),
    }
}

async fn psa(
    State(app): Shared,
    Path(p): Path<String>,
    uri: Uri,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let query: FormatQuery = query(&uri)?;
    let csv = match query.format.as_deref() {
        None | Some("csv") => true,
        Some("json") => false,
        Some(other) => return Err(format_unknown(other, "`csv` or `json`")),
    };
    let text = read(app, &p, &headers, move |provider, user| domain::psa_export(provider, user, csv)).await?;
    Ok(text_response(if csv { "text/csv" } else { "application/json" }, text))
}

async fn what_if(
    State(app): Shared,
    Path(p): Path<String>,
    headers: HeaderMap,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    let changes = String::from_utf8(bytes.to_vec()).map_err(|_| {
        ApiError::new(Category::InvalidInput, "request_body_invalid", "the changes are not UTF-8 text")
    })?;
    let result = read(app, &p, &headers, move |provider, user| {
        domain::what_if(provider, user, &changes, domain::now())
    })
    .await?;
    Ok(json_response(StatusCode::OK, &result))
}

async fn report(
    State(app): Shared,
    Path(provider): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let id = domain::provider_id(&provider)?;
    let user = user(&app, &headers)?;
    let report =
        blocking(move || app.read(id, |provider| domain::report(provider, user, domain::now()))).await?;
    Ok((StatusCode::OK, [(header::CONTENT_TYPE, "application/json")], report).into_response())
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
    uri: Uri,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let query: EventsQuery = query(&uri)?;
    let id = domain::provider_id(&provider)?;
    let user = user(&app, &headers)?;
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
        app.read(id, |provider| {
            let events = app.events(id)?;
            if csv {
                Ok(("text/csv", domain::export_csv(provider, user, &events)?))
            } else {
                domain::may_export(provider, user)?;
                Ok(("application/x-ndjson", domain::event_log(&events)?))
            }
        })
    })
    .await?;
    Ok((StatusCode::OK, [(header::CONTENT_TYPE, content_type)], text).into_response())
}
