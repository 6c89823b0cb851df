//! The schemas of the service's answers in the OpenAPI document: each operation's success body
//! (a command's `{version, events, …}` with what it created; each read's document) and the
//! shared shapes they are made of (`Event`, `Provider`, `Report`, …). Each lists the fields a
//! client may rely on (`required`); the documents may carry more (`additionalProperties` is not
//! closed, so the library can add a field without breaking a generated client).

use serde_json::{Map, Value, json};

fn uuid() -> Value {
    json!({ "type": "string", "format": "uuid" })
}

fn string() -> Value {
    json!({ "type": "string" })
}

fn integer() -> Value {
    json!({ "type": "integer", "minimum": 0 })
}

fn boolean() -> Value {
    json!({ "type": "boolean" })
}

/// An exact amount of money as the library writes it (a decimal string, e.g. `"1548.00"`).
fn money() -> Value {
    json!({ "type": "string", "pattern": "^-?[0-9]+(\\.[0-9]+)?$", "description": "an exact amount, e.g. \"3.50\"" })
}

fn reference(name: &str) -> Value {
    json!({ "$ref": format!("#/components/schemas/{name}") })
}

fn array(items: Value) -> Value {
    let mut schema = Map::new();
    schema.insert("type".to_owned(), Value::from("array"));
    schema.insert("items".to_owned(), items);
    Value::Object(schema)
}

/// An object whose `required` fields are `fields` (name and schema), open to more.
fn shape(description: &str, fields: &[(&str, Value)]) -> Value {
    let properties: Map<String, Value> = fields.iter().map(|(n, s)| ((*n).to_owned(), s.clone())).collect();
    let required: Vec<&str> = fields.iter().map(|(n, _)| *n).collect();
    json!({ "type": "object", "description": description, "required": required, "properties": properties })
}

/// The shared shapes, for `components.schemas` (besides `Error`).
#[allow(clippy::too_many_lines, reason = "one schema after another")]
pub(crate) fn components() -> Map<String, Value> {
    let mut schemas = Map::new();
    let mut add = |name: &str, schema: Value| {
        schemas.insert(name.to_owned(), schema);
    };
    add(
        "Event",
        shape(
            "one event of the provider's log, as in an mspkit event log (JSON Lines)",
            &[
                ("sequence", json!({ "type": "integer", "minimum": 1 })),
                ("at", json!({ "type": "string", "format": "date-time" })),
                ("provider", uuid()),
                ("actor", shape("who acted: `type` `member` (with `id`) or `system`", &[("type", string())])),
                (
                    "change",
                    shape(
                        "what changed: `type` names the change, the rest is its data",
                        &[("type", string())],
                    ),
                ),
            ],
        ),
    );
    add(
        "Write",
        shape(
            "a command's outcome",
            &[
                (
                    "version",
                    json!({ "type": "integer", "minimum": 0, "description": "the provider's version after the write" }),
                ),
                (
                    "events",
                    json!({ "type": "array", "items": reference("Event"), "description": "the events appended (none when nothing changed)" }),
                ),
            ],
        ),
    );
    add(
        "Provider",
        shape(
            "the provider document (mspkit's provider as JSON)",
            &[
                ("id", uuid()),
                ("kind", string()),
                ("status", string()),
                ("enabled", boolean()),
                ("last_sequence", integer()),
                ("settings", shape("name and billing details", &[("name", string())])),
                (
                    "members",
                    array(shape(
                        "a member of the team",
                        &[("id", uuid()), ("email", string()), ("role", string()), ("status", string())],
                    )),
                ),
                (
                    "clients",
                    array(shape(
                        "a client organization",
                        &[
                            ("id", uuid()),
                            ("name", string()),
                            ("plan", string()),
                            ("seats", integer()),
                            ("enabled", boolean()),
                        ],
                    )),
                ),
                ("seat_minimums", json!({ "type": "object", "additionalProperties": integer() })),
            ],
        ),
    );
    add(
        "Report",
        shape(
            "the portfolio report, as `mspkit report`",
            &[
                ("generated_at", json!({ "type": "string", "format": "date-time" })),
                (
                    "provider",
                    shape("the provider", &[("id", uuid()), ("name", string()), ("status", string())]),
                ),
                (
                    "team",
                    array(shape(
                        "a member",
                        &[("id", uuid()), ("email", string()), ("role", string()), ("status", string())],
                    )),
                ),
                ("team_counts", json!({ "type": "object", "additionalProperties": integer() })),
                (
                    "clients",
                    array(shape(
                        "a client",
                        &[
                            ("id", uuid()),
                            ("name", string()),
                            ("plan", string()),
                            ("seats", integer()),
                            ("occupied_seats", integer()),
                        ],
                    )),
                ),
                (
                    "seats",
                    array(shape(
                        "seats per plan",
                        &[("plan", string()), ("purchased_seats", integer()), ("assigned_seats", integer())],
                    )),
                ),
                ("warnings", array(shape("a warning", &[("code", string()), ("message", string())]))),
            ],
        ),
    );
    schemas
}

/// The extra fields a command's answer carries beyond `Write`, by `operationId`.
fn write_extras(id: &str) -> Vec<(&'static str, Value)> {
    match id {
        "set_up" => vec![("member", uuid())],
        "invite" => vec![
            ("members", array(uuid())),
            (
                "invitations",
                array(shape(
                    "per invitee: the member id, the address and the invitation's token (a real service mails the token instead)",
                    &[("member", uuid()), ("email", string()), ("token", string())],
                )),
            ),
        ],
        "create_client" | "add_existing_client" => vec![("client", uuid())],
        "unlink" => vec![(
            "organization",
            json!({ "type": "object", "description": "the organization as it leaves the provider" }),
        )],
        "remediate" => vec![
            (
                "steps",
                json!({ "type": "integer", "minimum": 0, "description": "the policy changes carried out" }),
            ),
            (
                "unfixable",
                array(json!({ "type": "object", "description": "a finding no policy change can fix" })),
            ),
        ],
        _ => Vec::new(),
    }
}

/// The schema of a command's answer (`Write` and what it created).
pub(crate) fn write_schema(id: &str) -> Value {
    let extras = write_extras(id);
    if extras.is_empty() {
        return reference("Write");
    }
    json!({ "allOf": [reference("Write"), shape("what the command created", &extras)] })
}

/// The schema of a created thing's answer (201), by `operationId`.
pub(crate) fn created_schema(id: &str) -> Value {
    match id {
        "issue_provider" => json!({ "allOf": [
            reference("Write"),
            shape(
                "the new provider and its set-up token (a real service mails the token to the person it is issued to)",
                &[("provider", uuid()), ("setup_token", string())],
            ),
        ] }),
        _ => json!({ "type": "object" }),
    }
}

/// The schema of a read's JSON answer, by `operationId`.
#[allow(clippy::too_many_lines, reason = "one schema per answer")]
pub(crate) fn json_schema(id: &str) -> Value {
    match id {
        "health" => shape(
            "the service is up",
            &[("status", json!({ "type": "string", "enum": ["ok"] })), ("retries", integer())],
        ),
        "openapi" => shape("this document", &[("openapi", string()), ("paths", json!({ "type": "object" }))]),
        "read_provider" => reference("Provider"),
        "report" => reference("Report"),
        "client_policies" => shape(
            "the client's policies",
            &[
                ("client", uuid()),
                ("name", string()),
                ("plan", string()),
                ("policies", array(shape("one policy", &[("policy", string()), ("enabled", boolean())]))),
            ],
        ),
        "seats" => shape(
            "seat utilisation, as `mspkit seats`",
            &[
                ("idle_threshold", integer()),
                (
                    "plans",
                    array(shape(
                        "per plan",
                        &[
                            ("plan", string()),
                            ("seat_minimum", integer()),
                            ("assigned", integer()),
                            ("used", integer()),
                            ("free", integer()),
                        ],
                    )),
                ),
                (
                    "clients",
                    array(shape(
                        "per client",
                        &[("id", uuid()), ("name", string()), ("assigned", integer()), ("used", integer())],
                    )),
                ),
                ("full_clients", array(uuid())),
                ("idle_clients", array(uuid())),
            ],
        ),
        "invoice" => shape(
            "the invoice charged in the month",
            &[
                ("month", string()),
                ("charge_date", json!({ "type": "string", "format": "date" })),
                (
                    "lines",
                    array(shape(
                        "one plan's line",
                        &[
                            ("plan", string()),
                            ("quantity", integer()),
                            ("unit_price", money()),
                            ("total", money()),
                        ],
                    )),
                ),
                ("prorations", array(json!({ "type": "object" }))),
                ("subtotal", money()),
                ("total", money()),
            ],
        ),
        "psa" => shape(
            "the PSA export",
            &[(
                "rows",
                array(shape(
                    "one client's line",
                    &[
                        ("client", string()),
                        ("client_id", uuid()),
                        ("product", string()),
                        ("quantity", integer()),
                        ("unit_price", money()),
                        ("total", money()),
                    ],
                )),
            )],
        ),
        "what_if" => shape(
            "the proposed changes' outcome, as `mspkit what-if` (nothing stored)",
            &[
                ("on", json!({ "type": "string", "format": "date" })),
                ("outcomes", array(json!({ "type": "object" }))),
                ("recurring_before", money()),
                ("recurring_after", money()),
                ("next_invoice_difference", money()),
                ("service_user_allowed", boolean()),
            ],
        ),
        "compliance" => shape(
            "every client against the baseline, as `mspkit check --baseline --format json`",
            &[
                (
                    "baseline",
                    json!({ "type": ["string", "null"], "description": "the baseline's name, if it has one" }),
                ),
                ("compliant", boolean()),
                (
                    "totals",
                    shape(
                        "counts",
                        &[("clients", integer()), ("compliant_clients", integer()), ("findings", integer())],
                    ),
                ),
                (
                    "clients",
                    array(shape(
                        "one client's findings",
                        &[
                            ("client_id", uuid()),
                            ("client_name", string()),
                            ("findings", array(json!({ "type": "object" }))),
                        ],
                    )),
                ),
            ],
        ),
        _ => json!({ "type": "object" }),
    }
}
