//! The answers the OpenAPI document describes, against the answers the service sends: on the
//! seeded example provider, each main read and a command of each kind of result is called, and
//! its body checked against the operation's success schema in `/openapi.json` (types, required
//! fields, nested objects and arrays, `$ref` and `allOf`, enums). And no JSON answer is left
//! undescribed (a bare `{"type": "object"}`).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "a test fails loudly"
)]

mod common;

use std::path::PathBuf;

use mspkit_service::{Config, Location};
use serde_json::{Value, json};

const P: &str = "6f1c2e3a-8b4d-4c5e-9f60-7a8b9c0d1e2f";
const ADA: &str = "00000000-0000-0000-0000-0000000000a1";
const CONTOSO: &str = "34f1cd53-7e72-56b0-bc48-3a2bbf2487ae";
const FABRIKAM: &str = "4f675534-8d07-592f-9292-f914019a3e33";

fn resolve<'a>(document: &'a Value, schema: &'a Value) -> &'a Value {
    match schema.get("$ref").and_then(Value::as_str) {
        Some(reference) => {
            let target = document.pointer(reference.strip_prefix('#').unwrap()).expect("a $ref resolves");
            resolve(document, target)
        }
        None => schema,
    }
}

fn type_matches(name: &str, value: &Value) -> bool {
    match name {
        "object" => value.is_object(),
        "array" => value.is_array(),
        "string" => value.is_string(),
        "integer" => value.is_i64() || value.is_u64(),
        "number" => value.is_number(),
        "boolean" => value.is_boolean(),
        "null" => value.is_null(),
        other => panic!("a schema type {other}"),
    }
}

/// Checks `value` against `schema` (the subset of JSON Schema the document uses); `at` names
/// where, for the message.
fn check(document: &Value, schema: &Value, value: &Value, at: &str) {
    let schema = resolve(document, schema);
    if let Some(all) = schema.get("allOf").and_then(Value::as_array) {
        for part in all {
            check(document, part, value, at);
        }
    }
    match schema.get("type") {
        Some(Value::String(name)) => assert!(type_matches(name, value), "{at}: not {name}: {value}"),
        Some(Value::Array(names)) => assert!(
            names.iter().any(|n| type_matches(n.as_str().unwrap(), value)),
            "{at}: none of {names:?}: {value}"
        ),
        _ => {}
    }
    if let Some(options) = schema.get("enum").and_then(Value::as_array) {
        assert!(options.contains(value), "{at}: {value} not in {options:?}");
    }
    if let Some(required) = schema.get("required").and_then(Value::as_array) {
        for field in required {
            let field = field.as_str().unwrap();
            assert!(value.get(field).is_some(), "{at}: no `{field}` in {value}");
        }
    }
    if let (Some(properties), Some(object)) =
        (schema.get("properties").and_then(Value::as_object), value.as_object())
    {
        for (name, property) in properties {
            if let Some(v) = object.get(name) {
                check(document, property, v, &format!("{at}.{name}"));
            }
        }
    }
    if let (Some(items), Some(array)) = (schema.get("items"), value.as_array()) {
        for (i, item) in array.iter().enumerate() {
            check(document, items, item, &format!("{at}[{i}]"));
        }
    }
    if let (Some(extra), Some(object)) = (schema.get("additionalProperties"), value.as_object())
        && extra.is_object()
        && schema.get("properties").is_none()
    {
        for (name, v) in object {
            check(document, extra, v, &format!("{at}.{name}"));
        }
    }
}

/// The success schema of `method path` in the document (its JSON media type).
fn success<'a>(document: &'a Value, method: &str, path: &str) -> (&'a str, &'a Value) {
    let operation = &document["paths"][path][method.to_ascii_lowercase()];
    let responses = operation["responses"].as_object().unwrap_or_else(|| panic!("{method} {path}"));
    let (status, response) = responses.iter().find(|(s, _)| s.starts_with('2')).expect("a success");
    (status, &response["content"]["application/json"]["schema"])
}

#[test]
fn no_json_answer_is_left_undescribed() {
    let document = mspkit_service::openapi::document(&mspkit_service::http::operations());
    for (path, item) in document["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            for (status, response) in operation["responses"].as_object().unwrap() {
                let Some(schema) = response.pointer("/content/application~1json/schema") else { continue };
                assert_ne!(schema, &json!({ "type": "object" }), "{method} {path} {status}: a bare object");
            }
        }
    }
}

#[tokio::test]
async fn the_answers_are_as_described() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let config =
        Config { seed: Some(root.join("examples/events.jsonl")), ..common::config(Location::Memory) };
    let running = mspkit_service::start(&config).await.expect("service starts");
    let mut client = common::client(&running);
    let document = mspkit_service::openapi::document(&mspkit_service::http::operations());
    let s = format!("/providers/{P}");
    let what_if: Value =
        serde_json::from_str(&std::fs::read_to_string(root.join("examples/what-if.json")).unwrap()).unwrap();
    let baseline = json!({ "policies": { "two_factor_authentication": {} } });
    let calls: Vec<(&str, String, &str, Option<Value>)> = vec![
        ("GET", "/health".to_owned(), "/health", None),
        ("GET", "/openapi.json".to_owned(), "/openapi.json", None),
        ("GET", s.clone(), "/providers/{provider}", None),
        ("GET", format!("{s}/report"), "/providers/{provider}/report", None),
        (
            "GET",
            format!("{s}/clients/{CONTOSO}/policies"),
            "/providers/{provider}/clients/{client}/policies",
            None,
        ),
        ("GET", format!("{s}/seats"), "/providers/{provider}/seats", None),
        ("GET", format!("{s}/invoices/2026-12"), "/providers/{provider}/invoices/{period}", None),
        ("GET", format!("{s}/psa?format=json"), "/providers/{provider}/psa", None),
        ("POST", format!("{s}/what-if"), "/providers/{provider}/what-if", Some(what_if)),
        ("POST", format!("{s}/compliance"), "/providers/{provider}/compliance", Some(baseline)),
        (
            "PUT",
            format!("{s}/clients/{FABRIKAM}/seats"),
            "/providers/{provider}/clients/{client}/seats",
            Some(json!({ "seats": 31 })),
        ),
        (
            "POST",
            format!("{s}/members"),
            "/providers/{provider}/members",
            Some(json!({ "emails": ["mary.jackson@northwind-it.example"], "role": "service_user" })),
        ),
        (
            "POST",
            format!("{s}/clients"),
            "/providers/{provider}/clients",
            Some(
                json!({ "name": "Initech", "owner_email": "owner@initech.example", "plan": "teams_monthly", "seats": 5 }),
            ),
        ),
        (
            "POST",
            "/vendor/providers".to_owned(),
            "/vendor/providers",
            Some(json!({ "kind": "msp", "name": "Woodgrove IT", "issued_to": "ada@woodgrove.example" })),
        ),
    ];
    for (method, concrete, path, body) in calls {
        let user = if path.starts_with("/vendor/") { None } else { Some(ADA) };
        let response = common::call(&mut client, method, &concrete, user, body).await;
        let (status, schema) = success(&document, method, path);
        assert_eq!(response.status.to_string(), status, "{method} {concrete}: {}", response.body);
        check(&document, schema, &response.json(), &format!("{method} {path}"));
    }
    // and a refusal in the error shape
    let refused = common::call(&mut client, "GET", &format!("{s}/invoices/2026-13"), Some(ADA), None).await;
    assert_eq!(refused.status, 400);
    check(&document, &json!({ "$ref": "#/components/schemas/Error" }), &refused.json(), "error");
    running.stop().await.unwrap();
}
