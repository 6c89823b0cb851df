//! The OpenAPI document at `GET /openapi.json` against the running router, both ways: every
//! described path and method is served (not `route_not_found`, not 405), every other method on
//! a described path is 405, and the router is built only from the table the document is built
//! from. Then the document's own shape: the OpenAPI version, an `operationId`, responses and
//! the error shape on every operation, path parameters matching the path, every `$ref`
//! resolving, the bearer scheme with the vendor scope where it is needed.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "a test fails loudly"
)]

mod common;

use std::collections::BTreeSet;

use common::{ADA, TempDb};
use mspkit_service::client::Response;
use serde_json::Value;

const METHODS: [&str; 5] = ["GET", "POST", "PUT", "DELETE", "PATCH"];

fn code(response: &Response) -> String {
    response.json()["code"].as_str().unwrap_or_default().to_owned()
}

/// A path with every `{name}` filled with a value of the right shape.
fn concrete(path: &str) -> String {
    path.split('/')
        .map(|segment| match segment {
            "{provider}" => "6f1c2e3a-8b4d-4c5e-9f60-7a8b9c0d1e2f",
            "{member}" => "00000000-0000-4000-8000-000000000111",
            "{client}" => "00000000-0000-4000-8000-000000000222",
            "{plan}" => "teams_monthly",
            "{policy}" => "single_org",
            "{period}" => "2026-01",
            other => {
                assert!(!other.starts_with('{'), "an unexpected path parameter {other}");
                other
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// Follows a local `$ref` (`#/a/b`).
fn resolve<'a>(document: &'a Value, reference: &str) -> Option<&'a Value> {
    document.pointer(reference.strip_prefix('#')?)
}

/// Every `$ref` anywhere in `value`.
fn references(value: &Value, into: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, v) in map {
                if key == "$ref" {
                    into.push(v.as_str().expect("a $ref is text").to_owned());
                } else {
                    references(v, into);
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| references(v, into)),
        _ => {}
    }
}

#[tokio::test]
async fn the_document_and_the_router_agree_both_ways() {
    let db = TempDb::new("openapi");
    let running = common::start(&db).await;
    let mut client = common::client(&running);

    // Served without a token, as JSON.
    let served = client.send("GET", "/openapi.json", &[], None).await.unwrap();
    assert_eq!(served.status, 200, "{}", served.body);
    assert!(served.header("content-type").unwrap_or_default().starts_with("application/json"));
    let document = served.json();
    assert_eq!(document, mspkit_service::openapi::document(&mspkit_service::http::operations()));

    let paths = document["paths"].as_object().expect("paths");
    let mut described = BTreeSet::new();
    for (path, item) in paths {
        let concrete = concrete(path);
        let methods: BTreeSet<String> =
            item.as_object().expect("a path item").keys().map(|m| m.to_ascii_uppercase()).collect();
        for method in METHODS {
            let vendor = path.starts_with("/vendor/");
            let user = if vendor { None } else { Some(ADA) };
            let response = common::call(&mut client, method, &concrete, user, None).await;
            if methods.contains(method) {
                // Served: whatever the provider's rules answer, the route and the method exist.
                assert_ne!(code(&response), "route_not_found", "{method} {path}: {}", response.body);
                assert_ne!(response.status, 405, "{method} {path}: {}", response.body);
                described.insert((method.to_owned(), path.clone()));
                // A token is needed exactly where the document says one is.
                let anonymous = client.send(method, &concrete, &[], None).await.unwrap();
                let public = item[method.to_ascii_lowercase()]["security"] == serde_json::json!([]);
                assert_eq!(anonymous.status == 401, !public, "{method} {path}: {}", anonymous.body);
            } else {
                assert_eq!(response.status, 405, "{method} {path} is not described: {}", response.body);
                assert_eq!(code(&response), "method_not_allowed");
            }
        }
    }
    // The routes the router is built from are exactly the described ones.
    let served: BTreeSet<(String, String)> = mspkit_service::http::operations()
        .iter()
        .map(|o| (o.method.name().to_ascii_uppercase(), o.path.to_owned()))
        .collect();
    assert_eq!(served, described);
    assert!(described.contains(&("GET".to_owned(), "/openapi.json".to_owned())));

    // A path that is not described is not served.
    for path in
        ["/providers", "/vendor", "/providers/6f1c2e3a-8b4d-4c5e-9f60-7a8b9c0d1e2f/nothing", "/openapi"]
    {
        let response = common::call(&mut client, "GET", path, Some(ADA), None).await;
        assert_eq!((response.status, code(&response).as_str()), (404, "route_not_found"), "{path}");
    }
    running.stop().await.unwrap();
}

/// The router has no route of its own beside the table: `http.rs` adds routes in one place,
/// the fold over the table.
#[test]
fn the_router_is_built_only_from_the_table() {
    let source = include_str!("../src/http.rs");
    assert_eq!(source.matches(".route(").count(), 1, "a route added outside the table");
    assert!(source.contains(
        ".fold(Router::new(), |router, (operation, handler)| router.route(operation.path, handler))"
    ));
}

#[allow(clippy::too_many_lines, reason = "one check after another on one document")]
#[test]
fn the_document_is_well_formed() {
    let operations = mspkit_service::http::operations();
    let document = mspkit_service::openapi::document(&operations);
    assert!(document["openapi"].as_str().unwrap().starts_with("3."));
    assert!(document["info"]["title"].is_string());
    assert!(document["info"]["version"].is_string());

    // The error shape: code and message, both required.
    let error = &document["components"]["schemas"]["Error"];
    assert_eq!(error["required"], serde_json::json!(["code", "message"]));
    assert_eq!(error["properties"]["code"]["type"], "string");
    assert_eq!(error["properties"]["message"]["type"], "string");
    let scheme = &document["components"]["securitySchemes"]["bearer"];
    assert_eq!((scheme["type"].as_str(), scheme["scheme"].as_str()), (Some("http"), Some("bearer")));

    let mut ids = BTreeSet::new();
    let mut count = 0;
    for (path, item) in document["paths"].as_object().unwrap() {
        assert!(path.starts_with('/'), "{path}");
        for (method, operation) in item.as_object().unwrap() {
            count += 1;
            assert!(["get", "post", "put", "delete"].contains(&method.as_str()), "{method} {path}");
            let id = operation["operationId"].as_str().expect("an operationId");
            assert!(ids.insert(id.to_owned()), "operationId {id} twice");
            assert!(!operation["summary"].as_str().unwrap_or_default().is_empty(), "{id}: no summary");

            let responses = operation["responses"].as_object().expect("responses");
            assert!(!responses.is_empty(), "{id}: no responses");
            assert!(responses.keys().any(|s| s.starts_with('2')), "{id}: no success answer");
            for (status, response) in responses {
                assert!(status.len() == 3 && status.parse::<u16>().is_ok(), "{id}: status {status}");
                let response = match response.get("$ref") {
                    Some(reference) => resolve(&document, reference.as_str().unwrap()).expect("a response"),
                    None => response,
                };
                assert!(response["description"].is_string(), "{id} {status}: no description");
                if !status.starts_with('2') {
                    assert_eq!(
                        response["content"]["application/json"]["schema"]["$ref"],
                        "#/components/schemas/Error",
                        "{id} {status}: not the error shape"
                    );
                }
            }

            // The path's parameters, each declared once, and no other.
            let declared: Vec<&str> = operation["parameters"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|p| p["in"] == "path")
                .map(|p| {
                    assert_eq!(p["required"], true, "{id}: a path parameter is required");
                    p["name"].as_str().unwrap()
                })
                .collect();
            assert_eq!(declared, mspkit_service::openapi::path_parameters(path), "{id}");

            let security = operation["security"].as_array().expect("security");
            if path.starts_with("/vendor/") {
                assert_eq!(operation["security"], serde_json::json!([{ "bearer": ["vendor"] }]), "{id}");
                assert!(responses.contains_key("403"), "{id}: the vendor scope's refusal");
            }
            if security.is_empty() {
                assert!(["/health", "/openapi.json"].contains(&path.as_str()), "{id} needs no token");
            } else {
                assert!(responses.contains_key("401"), "{id}: no 401");
            }

            // A body where the route reads one: JSON, and the baseline TOML too.
            let body = operation.get("requestBody");
            let op = operations.iter().find(|o| o.id == id).unwrap();
            assert_eq!(body.is_some(), op.body != mspkit_service::openapi::Body::None, "{id}");
            if let Some(body) = body {
                let content = body["content"].as_object().unwrap();
                assert!(content.contains_key("application/json"), "{id}");
                let baseline = op.body == mspkit_service::openapi::Body::Baseline;
                assert_eq!(content.contains_key("application/toml"), baseline, "{id}");
                assert_eq!(body["required"], op.body != mspkit_service::openapi::Body::OptionalJson, "{id}");
            }
        }
    }
    assert_eq!(count, operations.len(), "two operations on one method and path");

    let mut refs = Vec::new();
    references(&document, &mut refs);
    assert!(!refs.is_empty());
    for reference in refs {
        assert!(resolve(&document, &reference).is_some(), "{reference} does not resolve");
    }
}
