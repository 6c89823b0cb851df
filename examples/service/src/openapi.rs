//! The OpenAPI 3.1 document of the service, served at `GET /openapi.json`.
//!
//! It is built from the same table as the router ([`crate::http::operations`]): each [`Operation`]
//! there is both a route and an entry here, so a route cannot be served undescribed nor
//! described unserved. This module adds what the table does not carry: the request-body
//! schemas, the query parameters, the `{code, message}` error shape and the bearer scheme; the
//! answers' schemas are in `openapi_answers.rs`.

use std::sync::OnceLock;

use axum::routing::MethodFilter;
use serde_json::{Map, Value, json};

use crate::http::{IDEMPOTENCY_HEADER, VERSION_HEADER};

/// An HTTP method of the service.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// `GET`.
    Get,
    /// `POST`.
    Post,
    /// `PUT`.
    Put,
    /// `DELETE`.
    Delete,
}

impl Method {
    /// Its lower-case name, as OpenAPI keys operations.
    pub fn name(self) -> &'static str {
        match self {
            Self::Get => "get",
            Self::Post => "post",
            Self::Put => "put",
            Self::Delete => "delete",
        }
    }

    /// axum's filter for it.
    pub fn filter(self) -> MethodFilter {
        match self {
            Self::Get => MethodFilter::GET,
            Self::Post => MethodFilter::POST,
            Self::Put => MethodFilter::PUT,
            Self::Delete => MethodFilter::DELETE,
        }
    }
}

/// Who may call an operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone: no token (`/health`, `/openapi.json`).
    Public,
    /// A bearer token; the provider's rules decide the rest.
    Member,
    /// A bearer token with the `vendor` scope.
    Vendor,
}

/// What an operation takes as its body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Body {
    /// No body.
    None,
    /// A JSON body it needs.
    Json,
    /// A JSON body it may go without (an empty body is the defaults).
    OptionalJson,
    /// A baseline: TOML or JSON.
    Baseline,
}

/// What an operation answers when it succeeds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    /// A command's outcome: 200 with `{version, events, …}`; it takes the version and
    /// idempotency headers.
    Write,
    /// 201 with the created thing.
    Created,
    /// 200 with a JSON document.
    Json,
    /// 200 in one of these media types (the first the default).
    Media(&'static [&'static str]),
}

/// One route of the service: the router serves it and the OpenAPI document describes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Operation {
    /// Its method.
    pub method: Method,
    /// Its path, with `{name}` parameters as both axum and OpenAPI write them.
    pub path: &'static str,
    /// The `operationId` (unique).
    pub id: &'static str,
    /// One line on what it does.
    pub summary: &'static str,
    /// Who may call it.
    pub access: Access,
    /// Its body.
    pub body: Body,
    /// Its answer.
    pub answer: Answer,
}

/// The schema of the error every refusal is answered with.
fn error_schema() -> Value {
    json!({
        "type": "object",
        "required": ["code", "message"],
        "additionalProperties": false,
        "properties": {
            "code": { "type": "string", "pattern": "^[a-z0-9_]+$", "description": "stable snake_case code" },
            "message": { "type": "string", "description": "what went wrong and what to do, for people" }
        }
    })
}

/// The statuses a refusal may have, with what they mean.
const REFUSALS: &[(&str, &str)] = &[
    ("400", "the request is wrong whatever the state (a body, query or header that does not read)"),
    ("401", "no valid bearer token"),
    ("403", "the account may not do this (or the vendor scope is missing)"),
    ("404", "the provider, member, client or route does not exist"),
    ("405", "the route has no such method"),
    ("409", "the request conflicts with the state (including a stale `X-Mspkit-Version`)"),
    ("413", "the body is over the service's limit"),
    ("415", "the body is not `application/json` (a baseline may be TOML)"),
    ("422", "a document of the wrong shape, or an idempotency key reused for another request"),
    ("429", "over the account's rate; `Retry-After` says when to retry"),
    ("500", "the service failed; see its log"),
    ("503", "the request took longer than the service allows"),
];

/// The statuses a public operation (no token, no body) may be refused with.
const PUBLIC_REFUSALS: &[&str] = &["405", "500", "503"];

fn uuid(description: &str) -> Value {
    json!({ "type": "string", "format": "uuid", "description": description })
}

fn text(description: &str) -> Value {
    json!({ "type": "string", "description": description })
}

fn object(required: &[&str], properties: Value) -> Value {
    let mut schema = json!({ "type": "object", "required": required, "additionalProperties": false });
    if let Some(fields) = schema.as_object_mut() {
        fields.insert("properties".to_owned(), properties);
    }
    schema
}

fn amount() -> Value {
    json!({ "type": ["string", "number"], "description": "an exact amount of money, e.g. \"3.50\"" })
}

fn prices() -> Value {
    json!({
        "type": "object",
        "additionalProperties": amount(),
        "description": "per plan (snake_case plan name), e.g. {\"teams_monthly\": \"3.50\"}"
    })
}

fn settings() -> Value {
    json!({ "type": "object", "description": "the policy's settings, by their snake_case names" })
}

/// The JSON schema of an operation's body, by its `operationId`.
fn body_schema(id: &str) -> Value {
    match id {
        "issue_provider" => object(
            &["kind", "name", "issued_to"],
            json!({
                "kind": { "type": "string", "enum": ["msp", "reseller", "business_unit"] },
                "name": text("the provider's name"),
                "issued_to": text("the address of the person who sets it up"),
                "billing_email": text("its billing email (needed before creating clients)"),
                "id": uuid("the new provider's id (a random one when absent)")
            }),
        ),
        "start_subscription" => object(
            &[],
            json!({
                "started_on": { "type": "string", "format": "date", "description": "the first day (today when absent)" },
                "prices": prices(),
                "discount": { "type": ["string", "number"], "description": "a percentage" },
                "collection": { "type": "string", "enum": ["automatic_charge", "send_invoice"] }
            }),
        ),
        "issue_invoice" => object(&["amount"], json!({ "amount": amount() })),
        "vendor_set_seat_minimum" | "set_seat_minimum" => object(
            &["minimum"],
            json!({ "minimum": { "type": "integer", "minimum": 0, "maximum": u32::MAX } }),
        ),
        "vendor_set_prices" | "set_prices" => object(&["prices"], json!({ "prices": prices() })),
        "vendor_set_discount" | "set_discount" => object(
            &["discount"],
            json!({ "discount": { "type": ["string", "number"], "description": "a percentage" } }),
        ),
        "set_up" => object(
            &["email", "token"],
            json!({
                "email": text("the address the provider was issued to"),
                "token": text("the set-up token issued with the provider")
            }),
        ),
        "invite" => object(
            &["emails", "role"],
            json!({
                "emails": { "type": "array", "minItems": 1, "maxItems": 20, "items": { "type": "string" } },
                "role": { "type": "string", "enum": ["provider_admin", "service_user"] }
            }),
        ),
        "accept" => object(
            &["email", "token"],
            json!({
                "email": text("the invited address"),
                "token": text("the invitation's token, from the latest (re)send"),
                "public_key_fingerprint": { "type": ["string", "null"] }
            }),
        ),
        "confirm" => object(&[], json!({ "fingerprint": { "type": ["string", "null"] } })),
        "change_role" => object(
            &["role"],
            json!({ "role": { "type": "string", "enum": ["provider_admin", "service_user"] } }),
        ),
        "create_client" => object(
            &["name", "owner_email", "plan", "seats"],
            json!({
                "name": text("the client organization's name"),
                "owner_email": text("its owner's address"),
                "plan": text("a plan's snake_case name"),
                "seats": { "type": "integer", "minimum": 1, "maximum": u32::MAX },
                "first_collection": text("the first collection method")
            }),
        ),
        "add_existing_client" => json!({
            "type": "object",
            "description": "an ExistingOrganization document (see the README)"
        }),
        "set_seats" => {
            object(&["seats"], json!({ "seats": { "type": "integer", "minimum": 0, "maximum": u32::MAX } }))
        }
        "set_client_reference" => object(
            &["reference"],
            json!({ "reference": { "type": ["string", "null"], "description": "null clears it" } }),
        ),
        "enable_policy" => object(&[], json!({ "settings": settings() })),
        "change_policy" => object(&["settings"], json!({ "settings": settings() })),
        "what_if" => json!({ "type": "object", "description": "the CHANGES document of `mspkit what-if`" }),
        _ => json!({ "type": "object" }),
    }
}

/// The query parameters of an operation, by its `operationId`.
fn query_parameters(id: &str) -> Vec<Value> {
    let format = |values: &[&str]| {
        json!({
            "name": "format", "in": "query", "required": false,
            "schema": { "type": "string", "enum": values, "default": values.first() }
        })
    };
    let now = json!({
        "name": "now", "in": "query", "required": false,
        "description": "judge exception expiry at this time instead of the clock's",
        "schema": { "type": "string", "format": "date-time" }
    });
    match id {
        "seats" => vec![json!({
            "name": "idle", "in": "query", "required": false,
            "description": "list clients with more than this many idle seats",
            "schema": { "type": "integer", "minimum": 0, "maximum": u32::MAX, "default": 10 }
        })],
        "invoice" => vec![format(&["json", "csv"])],
        "psa" => vec![format(&["csv", "json"])],
        "events" => vec![format(&["jsonl", "csv"])],
        "compliance" => vec![format(&["json", "junit"]), now],
        "remediate" => vec![now],
        _ => Vec::new(),
    }
}

/// The schema of a path parameter, by its name.
fn path_parameter(name: &str) -> Value {
    let schema = match name {
        "provider" | "member" | "client" => json!({ "type": "string", "format": "uuid" }),
        "period" => json!({ "type": "string", "pattern": "^[0-9]{4}-[0-9]{2}$", "description": "YYYY-MM" }),
        "plan" => json!({ "type": "string", "description": "a plan's snake_case name" }),
        "policy" => json!({ "type": "string", "description": "a policy's snake_case name" }),
        _ => json!({ "type": "string" }),
    };
    json!({ "name": name, "in": "path", "required": true, "schema": schema })
}

/// The `{name}` parameters of a path, in order.
pub fn path_parameters(path: &str) -> Vec<&str> {
    path.split('/')
        .filter_map(|segment| segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
        .collect()
}

fn request_body(operation: &Operation) -> Option<Value> {
    let schema = body_schema(operation.id);
    let (required, content) = match operation.body {
        Body::None => return None,
        Body::Json => (true, json!({ "application/json": { "schema": schema } })),
        Body::OptionalJson => (false, json!({ "application/json": { "schema": schema } })),
        Body::Baseline => (
            true,
            json!({
                "application/json": { "schema": { "type": "object", "description": "a baseline as JSON" } },
                "application/toml": { "schema": { "type": "string", "description": "a baseline as TOML" } }
            }),
        ),
    };
    Some(json!({ "required": required, "content": content }))
}

fn success(operation: &Operation) -> (String, Value) {
    use crate::openapi_answers::{created_schema, json_schema, write_schema};
    match operation.answer {
        Answer::Write => (
            "200".to_owned(),
            json!({
                "description": "applied: the new version, the events appended (none when nothing changed) and what it created",
                "content": { "application/json": { "schema": write_schema(operation.id) } }
            }),
        ),
        Answer::Created => (
            "201".to_owned(),
            json!({ "description": "created", "content": { "application/json": { "schema": created_schema(operation.id) } } }),
        ),
        Answer::Json => (
            "200".to_owned(),
            json!({ "description": "OK", "content": { "application/json": { "schema": json_schema(operation.id) } } }),
        ),
        Answer::Media(types) => {
            let content: Map<String, Value> = types
                .iter()
                .map(|media| {
                    let schema = if *media == "application/json" {
                        json_schema(operation.id)
                    } else {
                        json!({ "type": "string", "description": format!("the {media} text") })
                    };
                    ((*media).to_owned(), json!({ "schema": schema }))
                })
                .collect();
            ("200".to_owned(), json!({ "description": "OK", "content": content }))
        }
    }
}

fn operation_object(operation: &Operation) -> Value {
    let mut parameters: Vec<Value> =
        path_parameters(operation.path).into_iter().map(path_parameter).collect();
    parameters.extend(query_parameters(operation.id));
    if operation.answer == Answer::Write {
        parameters.push(json!({
            "name": VERSION_HEADER, "in": "header", "required": false,
            "description": "the provider version last seen: a write at another version is refused (409), which makes an update exactly-once",
            "schema": { "type": "integer", "minimum": 0 }
        }));
        parameters.push(json!({
            "name": IDEMPOTENCY_HEADER, "in": "header", "required": false,
            "description": "a retry with the same key gets the first answer and appends nothing",
            "schema": { "type": "string", "minLength": 1, "maxLength": crate::http::MAX_IDEMPOTENCY_KEY }
        }));
    }
    let mut responses = Map::new();
    let (status, answer) = success(operation);
    responses.insert(status, answer);
    for (status, _) in REFUSALS {
        if operation.access != Access::Public || PUBLIC_REFUSALS.contains(status) {
            responses
                .insert((*status).to_owned(), json!({ "$ref": format!("#/components/responses/{status}") }));
        }
    }
    let security = match operation.access {
        Access::Public => json!([]),
        Access::Member => json!([{ "bearer": [] }]),
        Access::Vendor => json!([{ "bearer": ["vendor"] }]),
    };
    let mut object = json!({
        "operationId": operation.id,
        "summary": operation.summary,
        "parameters": parameters,
        "responses": responses,
        "security": security,
    });
    if let (Some(body), Some(fields)) = (request_body(operation), object.as_object_mut()) {
        fields.insert("requestBody".to_owned(), body);
    }
    object
}

/// The OpenAPI document of `operations`.
pub fn document(operations: &[Operation]) -> Value {
    let mut paths = Map::new();
    for operation in operations {
        let item = paths.entry(operation.path.to_owned()).or_insert_with(|| json!({}));
        if let Some(item) = item.as_object_mut() {
            item.insert(operation.method.name().to_owned(), operation_object(operation));
        }
    }
    let responses: Map<String, Value> = REFUSALS
        .iter()
        .map(|(status, description)| {
            (
                (*status).to_owned(),
                json!({
                    "description": description,
                    "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } }
                }),
            )
        })
        .collect();
    let mut schemas = crate::openapi_answers::components();
    schemas.insert("Error".to_owned(), error_schema());
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "mspkit-service",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "An example HTTP service embedding mspkit: providers, their teams and clients, billing and client policies over JSON. Every refusal is {code, message}."
        },
        "paths": paths,
        "components": {
            "schemas": schemas,
            "responses": responses,
            "securitySchemes": {
                "bearer": {
                    "type": "http",
                    "scheme": "bearer",
                    "bearerFormat": "JWT",
                    "description": "a JWT (EdDSA, ES256 or RS256) verified against the service's JWKS; `sub` is the account id; the `/vendor/…` operations need the `vendor` scope"
                }
            }
        },
        "security": [{ "bearer": [] }]
    })
}

/// The service's document as served (built once).
pub fn served() -> &'static str {
    static TEXT: OnceLock<String> = OnceLock::new();
    TEXT.get_or_init(|| document(&crate::http::operations()).to_string())
}
