//! Authentication as an attacker tries it: no token, a forged, expired, foreign or mis-addressed
//! one, an algorithm swap, a member on the vendor's endpoints, the retired `X-Mspkit-User`
//! header, a cross-site form body; and the three accepted algorithms (EdDSA, ES256, RS256).
//! `tests/keys/*.pem` are throw-away test keys made with openssl for this test only.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "a test fails loudly"
)]

mod common;

use std::path::PathBuf;
use std::sync::Arc;

use base64::Engine as _;
use common::{ADA, MALLORY, TempDb};
use mspkit_service::auth::{self, DEFAULT_AUDIENCE, DEFAULT_ISSUER, Signer};
use mspkit_service::client::{Client, Response};
use mspkit_service::{Config, Location};
use serde_json::json;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/keys").join(name)
}

fn code(response: &Response) -> (u16, String) {
    (response.status, response.json()["code"].as_str().unwrap_or_default().to_owned())
}

async fn send(
    client: &mut Client,
    method: &str,
    path: &str,
    headers: &[(&str, String)],
    body: Option<&str>,
) -> Response {
    client.send(method, path, headers, body).await.expect("the service answers")
}

fn bearer(token: &str) -> (&'static str, String) {
    ("authorization", format!("Bearer {token}"))
}

fn now() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs()
}

fn ada() -> mspkit::UserId {
    ADA.parse().unwrap()
}

#[allow(clippy::too_many_lines, reason = "one attack after another")]
#[tokio::test]
async fn only_valid_tokens_get_in() {
    let db = TempDb::new("auth");
    let running = common::start(&db).await;
    let mut client = common::client(&running);
    let (p, _) = common::billable_provider(&mut client, "Northwind IT").await;
    let path = format!("/providers/{p}");
    let signer = &common::keys().signer;
    let mut raw = Client::new(running.addr());

    // the health check needs nothing; everything else a token
    assert_eq!(send(&mut raw, "GET", "/health", &[], None).await.status, 200);
    assert_eq!(code(&send(&mut raw, "GET", &path, &[], None).await), (401, "token_missing".to_owned()));
    // the retired header is no way in
    let header = [("x-mspkit-user", ADA.to_owned())];
    assert_eq!(code(&send(&mut raw, "GET", &path, &header, None).await), (401, "token_missing".to_owned()));
    assert_eq!(code(&send(&mut raw, "GET", "/nowhere", &[], None).await).0, 401);

    let valid = signer.token(ada(), false, std::time::Duration::from_secs(60)).unwrap();
    assert_eq!(send(&mut raw, "GET", &path, &[bearer(&valid)], None).await.status, 200);
    assert_eq!(
        send(&mut raw, "GET", &path, &[("authorization", format!("bearer {valid}"))], None).await.status,
        200
    );

    // malformed and tampered tokens
    let mut tampered = valid.clone().into_bytes();
    let last = tampered.len() - 2;
    tampered[last] = if tampered[last] == b'A' { b'B' } else { b'A' };
    let tampered = String::from_utf8(tampered).unwrap();
    let (head, rest) = valid.split_once('.').unwrap();
    let (_, signature) = rest.split_once('.').unwrap();
    let engine = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let other_claims = engine.encode(
        json!({ "sub": MALLORY, "iss": DEFAULT_ISSUER, "aud": DEFAULT_AUDIENCE, "exp": now() + 60, "iat": now(), "scope": "vendor" })
            .to_string(),
    );
    let swapped = format!("{head}.{other_claims}.{signature}");
    let none = format!("{}.{other_claims}.", engine.encode(r#"{"alg":"none","typ":"JWT"}"#));
    // HS256 with the public key as the secret (the classic algorithm confusion)
    let jwks: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(common::keys().dir.join("jwks.json")).unwrap())
            .unwrap();
    let public = jwks["keys"][0]["x"].as_str().unwrap();
    let hs = jsonwebtoken::encode(
        &jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256),
        &json!({ "sub": ADA, "iss": DEFAULT_ISSUER, "aud": DEFAULT_AUDIENCE, "exp": now() + 60 }),
        &jsonwebtoken::EncodingKey::from_secret(public.as_bytes()).unwrap(),
    )
    .unwrap();
    for token in ["x", "a.b.c", &"A".repeat(20_000), &tampered, &swapped, &none, &hs] {
        let response = send(&mut raw, "GET", &path, &[bearer(token)], None).await;
        assert_eq!(response.status, 401, "{token:.40}: {}", response.body);
    }
    // not even a header value hyper reads: refused before the service
    for token in ["", "\u{7f}"] {
        let response = send(&mut raw, "GET", &path, &[bearer(token)], None).await;
        assert!(matches!(response.status, 400 | 401), "{token:?}: {}", response.body);
    }
    assert_eq!(code(&send(&mut raw, "GET", &path, &[("authorization", valid.clone())], None).await).0, 401);

    // expired beyond the leeway; not yet valid; a foreign issuer, audience or key
    let expired = signer.token_at(ada(), false, now() - 600, now() - auth::LEEWAY_SECONDS - 5).unwrap();
    assert_eq!(
        code(&send(&mut raw, "GET", &path, &[bearer(&expired)], None).await),
        (401, "token_expired".to_owned())
    );
    let pem = std::fs::read(common::keys().dir.join("signing.pem")).unwrap();
    for (issuer, audience) in [("someone-else", DEFAULT_AUDIENCE), (DEFAULT_ISSUER, "another-service")] {
        let foreign = Signer::from_pem(&pem, issuer, audience).unwrap();
        let token = foreign.token(ada(), false, std::time::Duration::from_secs(60)).unwrap();
        assert_eq!(
            code(&send(&mut raw, "GET", &path, &[bearer(&token)], None).await),
            (401, "token_invalid".to_owned())
        );
    }
    let stranger = Signer::from_pem_file(&fixture("es256.pem"), DEFAULT_ISSUER, DEFAULT_AUDIENCE).unwrap();
    let token = stranger.token(ada(), true, std::time::Duration::from_secs(60)).unwrap();
    assert_eq!(
        code(&send(&mut raw, "GET", &path, &[bearer(&token)], None).await),
        (401, "token_invalid".to_owned())
    );
    let not_a_uuid = {
        let claims =
            json!({ "sub": "ada", "iss": DEFAULT_ISSUER, "aud": DEFAULT_AUDIENCE, "exp": now() + 60 });
        let mut header = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::EdDSA);
        header.kid = signer.jwk().unwrap().common.key_id;
        jsonwebtoken::encode(&header, &claims, &jsonwebtoken::EncodingKey::from_ed_pem(&pem).unwrap())
            .unwrap()
    };
    assert_eq!(
        code(&send(&mut raw, "GET", &path, &[bearer(&not_a_uuid)], None).await),
        (401, "token_invalid".to_owned())
    );

    // the vendor's endpoints need the vendor scope
    let vendor = format!("/vendor/providers/{p}/discount");
    let body = r#"{"discount": "100"}"#;
    let json_type = ("content-type", "application/json".to_owned());
    assert_eq!(
        code(&send(&mut raw, "PUT", &vendor, std::slice::from_ref(&json_type), Some(body)).await).0,
        401
    );
    let member = [bearer(&valid), json_type.clone()];
    assert_eq!(
        code(&send(&mut raw, "PUT", &vendor, &member, Some(body)).await),
        (403, "vendor_scope_required".to_owned())
    );
    let issue = r#"{"kind": "msp", "name": "Evil", "issued_to": "eve@example.com"}"#;
    assert_eq!(code(&send(&mut raw, "POST", "/vendor/providers", &member, Some(issue)).await).0, 403);
    assert_eq!(
        code(
            &send(&mut raw, "POST", &format!("/vendor/providers/{p}/billable"), &[bearer(&valid)], None)
                .await
        )
        .0,
        403
    );
    let scoped = signer.token(ada(), true, std::time::Duration::from_secs(60)).unwrap();
    let response = send(&mut raw, "PUT", &vendor, &[bearer(&scoped), json_type], Some(body)).await;
    // past the gate: the library's own answer (no subscription to discount yet)
    assert_eq!(code(&response), (409, "no_subscription".to_owned()), "{}", response.body);
}

#[tokio::test]
async fn bodies_are_json_and_answers_are_not_cached() {
    let db = TempDb::new("auth-media");
    let running = common::start(&db).await;
    let mut client = common::client(&running);
    let (p, _) = common::billable_provider(&mut client, "Northwind IT").await;
    let token = common::keys().signer.token(ada(), false, std::time::Duration::from_secs(60)).unwrap();
    let path = format!("/providers/{p}/members");
    let body = r#"{"emails": ["grace@northwind.example"], "role": "service_user"}"#;
    // (the test client adds `application/json` to a body without a type)
    for content_type in [
        Some("application/x-www-form-urlencoded"),
        Some("text/plain"),
        Some("multipart/form-data; boundary=x"),
        Some("application/jsonx"),
    ] {
        let mut headers = vec![bearer(&token)];
        if let Some(content_type) = content_type {
            headers.push(("content-type", content_type.to_owned()));
        }
        let response = send(&mut client, "POST", &path, &headers, Some(body)).await;
        assert_eq!(code(&response), (415, "unsupported_media_type".to_owned()), "{content_type:?}");
    }
    let headers = [bearer(&token), ("content-type", "application/json; charset=utf-8".to_owned())];
    let response = send(&mut client, "POST", &path, &headers, Some(body)).await;
    assert_eq!(response.status, 200, "{}", response.body);
    for read in [format!("/providers/{p}"), format!("/providers/{p}/seats"), format!("/providers/{p}/report")]
    {
        let response = send(&mut client, "GET", &read, &[bearer(&token)], None).await;
        assert_eq!(response.status, 200, "{read}");
        assert_eq!(response.header("cache-control"), Some("no-store"), "{read}");
        assert_eq!(response.header("x-content-type-options"), Some("nosniff"), "{read}");
    }
}

#[tokio::test]
async fn eddsa_es256_and_rs256_keys_are_accepted() {
    let signers: Vec<Signer> =
        [common::keys().dir.join("signing.pem"), fixture("es256.pem"), fixture("rs256.pem")]
            .iter()
            .map(|path| Signer::from_pem_file(path, DEFAULT_ISSUER, DEFAULT_AUDIENCE).unwrap())
            .collect();
    let set = json!({ "keys": signers.iter().map(|s| serde_json::to_value(s.jwk().unwrap()).unwrap()).collect::<Vec<_>>() });
    let algorithms: Vec<String> =
        set["keys"].as_array().unwrap().iter().map(|k| k["alg"].as_str().unwrap().to_owned()).collect();
    assert_eq!(algorithms, ["EdDSA", "ES256", "RS256"]);
    let jwks = std::env::temp_dir().join(format!("mspkit-service-jwks-three-{}.json", std::process::id()));
    std::fs::write(&jwks, set.to_string()).unwrap();
    let db = TempDb::new("auth-algorithms");
    let config = Config { jwks: Some(jwks.clone()), ..common::config(Location::File(db.0.clone())) };
    let running = mspkit_service::start(&config).await.unwrap();
    let mut setup = common::client(&running);
    let (p, _) = common::billable_provider(&mut setup, "Northwind IT").await;
    for signer in signers {
        let mut client = Client::with_signer(running.addr(), Arc::new(signer));
        let response = client.call("GET", &format!("/providers/{p}"), Some(ADA), None).await.unwrap();
        assert_eq!(response.status, 200, "{}", response.body);
    }
    // an HMAC key in the set is refused at start: a public key must never be a shared secret
    std::fs::write(&jwks, r#"{"keys": [{"kty": "oct", "k": "c2VjcmV0", "alg": "HS256"}]}"#).unwrap();
    assert!(mspkit_service::start(&config).await.is_err());
    std::fs::write(&jwks, r#"{"keys": []}"#).unwrap();
    assert!(mspkit_service::start(&config).await.is_err());
    let _ = std::fs::remove_file(&jwks);
    let no_keys = Config { jwks: None, ..common::config(Location::Memory) };
    assert!(matches!(mspkit_service::start(&no_keys).await, Err(mspkit_service::StartError::Auth(_))));
}

#[test]
fn keygen_refuses_to_replace_keys() {
    let dir = std::env::temp_dir().join(format!("mspkit-service-keygen-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let generated = auth::keygen(&dir).unwrap();
    assert!(auth::keygen(&dir).unwrap_err().contains("exists"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(&generated.signing_key).unwrap().permissions().mode();
        assert_eq!(mode & 0o077, 0, "the signing key is readable by its owner only");
    }
    assert_eq!(std::fs::read(&generated.token_key).unwrap().len(), 64);
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn a_retried_command_with_an_idempotency_key_applies_once() {
    let db = TempDb::new("idempotency");
    let running = common::start(&db).await;
    let mut client = common::client(&running);
    let (p, _) = common::billable_provider(&mut client, "Northwind IT").await;
    let created = common::ok(
        &mut client,
        "POST",
        &format!("/providers/{p}/clients"),
        Some(ADA),
        Some(json!({ "name": "Contoso", "owner_email": "owner@contoso.example", "plan": "teams_monthly", "seats": 10 })),
    )
    .await;
    let c = created["client"].as_str().unwrap().to_owned();
    let seats = format!("/providers/{p}/clients/{c}/seats");
    let json_type = ("content-type", "application/json".to_owned());
    let with_key =
        |key: &str| vec![common::bearer(ADA), json_type.clone(), ("idempotency-key", key.to_owned())];
    let first = send(&mut client, "PUT", &seats, &with_key("retry-1"), Some(r#"{"seats": 12}"#)).await;
    assert_eq!(first.status, 200, "{}", first.body);
    let version = first.json()["version"].as_u64().unwrap();
    // the answer was lost; the client sends the same request again, several times
    for _ in 0..3 {
        let again = send(&mut client, "PUT", &seats, &with_key("retry-1"), Some(r#"{"seats": 12}"#)).await;
        assert_eq!((again.status, again.json()), (200, first.json()));
    }
    // the same key for another request is refused; another account's same key is its own
    let other = send(&mut client, "PUT", &seats, &with_key("retry-1"), Some(r#"{"seats": 13}"#)).await;
    assert_eq!(code(&other), (422, "idempotency_key_reused".to_owned()));
    for bad in ["", " ", "é", &"k".repeat(256)] {
        let response = send(&mut client, "PUT", &seats, &with_key(bad), Some(r#"{"seats": 13}"#)).await;
        assert_eq!(code(&response).0, 400, "{bad:?}");
    }
    let store = mspkit_service::Store::open_file(&db.0).unwrap();
    assert_eq!(
        store.sequences(&p).unwrap().last().copied(),
        Some(version),
        "nothing appended by the retries"
    );
    // a command that changes nothing is remembered too, and a vendor key is the vendor's own
    let same = send(&mut client, "PUT", &seats, &with_key("retry-2"), Some(r#"{"seats": 12}"#)).await;
    assert_eq!((same.status, same.json()["events"].as_array().map(Vec::len)), (200, Some(0)));
    let vendor_headers = [
        bearer(&common::keys().signer.token(ada(), true, std::time::Duration::from_secs(60)).unwrap()),
        json_type.clone(),
        ("idempotency-key", "retry-1".to_owned()),
    ];
    let start = format!("/vendor/providers/{p}/subscription");
    let started = send(&mut client, "POST", &start, &vendor_headers, Some("{}")).await;
    assert_eq!(started.status, 200, "{}", started.body);
    let again = send(&mut client, "POST", &start, &vendor_headers, Some("{}")).await;
    assert_eq!((again.status, again.json()), (200, started.json()));
    assert_eq!(store.sequences(&p).unwrap().last().copied(), Some(version + 1));
}
