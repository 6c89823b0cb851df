use super::*;

const GOOD: &str = r#"
name = "standard"

[policies.two_factor_authentication]

[policies.master_password]
min_length = 14
min_complexity = 3
require_upper = true

[policies.maximum_vault_timeout]
minutes = 60
action = ["lock", "log_out"]

[[exceptions]]
client = "Contoso"
policy = "maximum_vault_timeout"
setting = "minutes"
reason = "kiosks"
expires = 2027-03-31
"#;

#[test]
fn a_toml_baseline_reads_with_its_semantics() {
    let b = Baseline::from_toml(GOOD).unwrap();
    assert_eq!(b.name.as_deref(), Some("standard"));
    let kinds: Vec<_> = b.requirements.iter().map(|r| r.kind).collect();
    assert_eq!(
        kinds,
        [PolicyKind::TwoFactorAuthentication, PolicyKind::MasterPassword, PolicyKind::MaximumVaultTimeout]
    );
    let mp = b.requirement(PolicyKind::MasterPassword).unwrap();
    assert_eq!(
        mp.settings,
        [
            SettingRequirement { setting: "min_complexity", expectation: Expectation::AtLeast(3) },
            SettingRequirement { setting: "min_length", expectation: Expectation::AtLeast(14) },
            SettingRequirement {
                setting: "require_upper",
                expectation: Expectation::Equals(SettingValue::Bool(true))
            },
        ]
    );
    let timeout = b.requirement(PolicyKind::MaximumVaultTimeout).unwrap();
    assert_eq!(timeout.settings.first().unwrap().expectation, Expectation::AtMost(60));
    assert_eq!(
        timeout.settings.get(1).unwrap().expectation,
        Expectation::OneOf(vec!["lock".into(), "log_out".into()])
    );
    let exception = b.exceptions.first().unwrap();
    assert_eq!(
        (exception.setting, exception.expires),
        (Some("minutes"), NaiveDate::from_ymd_opt(2027, 3, 31).unwrap())
    );
    assert!(
        exception.holds_on(exception.expires) && !exception.holds_on(exception.expires.succ_opt().unwrap())
    );
}

#[test]
fn json_reads_the_same() {
    let json = r#"{"name": "standard", "policies": {"two_factor_authentication": {},
            "master_password": {"min_length": 14, "min_complexity": 3, "require_upper": true},
            "maximum_vault_timeout": {"minutes": 60, "action": ["lock", "log_out"]}},
            "exceptions": [{"client": "Contoso", "policy": "maximum_vault_timeout", "setting": "minutes",
            "reason": "kiosks", "expires": "2027-03-31"}]}"#;
    assert_eq!(Baseline::from_json(json).unwrap(), Baseline::from_toml(GOOD).unwrap());
}

fn toml_err(text: &str) -> BaselineError {
    Baseline::from_toml(text).unwrap_err()
}

#[test]
fn errors_name_the_line_and_the_key() {
    let e = toml_err("[policies.master_password]\nmin_length = 14\nmin_lenght = 3\n");
    assert_eq!(e.code(), "baseline_unknown_setting");
    assert_eq!(
        e.location().unwrap(),
        &Location { key: "policies.master_password.min_lenght".into(), line: Some(3) }
    );
    assert!(
        e.to_string()
            .starts_with("line 3, `policies.master_password.min_lenght`: `min_lenght` is not a setting"),
        "{e}"
    );

    let e = toml_err("[policies.single_org]\n\n[policies.single_organization]\n");
    assert_eq!(e.code(), "baseline_unknown_policy");
    assert_eq!(e.location().unwrap().line, Some(3));

    let e = toml_err("[policies.master_password]\nmin_length = 11\n");
    assert_eq!(e.code(), "baseline_invalid_value");
    assert_eq!(
        e.to_string(),
        "line 2, `policies.master_password.min_length`: `master_password.min_length` is 11; it must be between 12 and 128"
    );

    let e = toml_err("[policies.master_password]\nmin_length = \"14\"\n");
    assert_eq!(e.code(), "baseline_invalid_value");

    let e = toml_err("[policies.master_password\nmin_length = 14\n");
    assert_eq!(e.code(), "baseline_malformed");
    assert_eq!(e.location().unwrap().line, Some(1));

    let e = toml_err("version = 2\n");
    assert_eq!(e.code(), "baseline_unknown_key");

    let e = toml_err("[policies.maximum_vault_timeout]\naction = \"lock\"\n");
    assert_eq!(e.code(), "baseline_missing_setting");
    assert_eq!(e.location().unwrap().line, Some(1));

    let e = toml_err(
        "[policies.single_org]\n[[exceptions]]\nclient = \"a\"\npolicy = \"single_org\"\nreason = \"r\"\nexpires = \"soon\"\n",
    );
    assert_eq!(e.code(), "baseline_invalid_exception");
    assert_eq!(e.location().unwrap(), &Location { key: "exceptions[0].expires".into(), line: Some(6) });

    let e = toml_err(
        "[policies.single_org]\n[[exceptions]]\nclient = \"a\"\npolicy = \"master_password\"\nreason = \"r\"\nexpires = 2027-01-01\n",
    );
    assert_eq!(e.code(), "baseline_invalid_exception");
}

#[test]
fn json_errors_name_the_key() {
    let e = Baseline::from_json(r#"{"policies": {"master_password": {"min_len": 14}}}"#).unwrap_err();
    assert_eq!(e.code(), "baseline_unknown_setting");
    assert_eq!(
        e.location().unwrap(),
        &Location { key: "policies.master_password.min_len".into(), line: None }
    );
    let e = Baseline::from_json("{\n\"policies\": {,}}").unwrap_err();
    assert_eq!((e.code(), e.location().unwrap().line), ("baseline_malformed", Some(2)));
    assert_eq!(Baseline::from_file_text("b.yaml", "").unwrap_err().code(), "baseline_unknown_format");
}

#[test]
fn a_repeated_json_key_is_refused_with_its_place_not_read_as_the_last() {
    let text = "{\"policies\": {\"master_password\": {\"min_length\": 14,\n \"min_length\": 12}}}";
    let e = Baseline::from_json(text).unwrap_err();
    assert_eq!(e.code(), "duplicate_key");
    assert!(
        matches!(&e, BaselineError::Document(DocumentError::DuplicateKey { key, line: 2, .. }) if key == "min_length"),
        "{e:?}"
    );
    assert!(e.to_string().contains("line 2"), "{e}");
    // TOML refuses a key given twice by itself.
    let e = toml_err("[policies.master_password]\nmin_length = 14\nmin_length = 12\n");
    assert_eq!(e.code(), "baseline_malformed");
    // The size limit, for both formats.
    let small = DocumentReader::with_max_bytes(8);
    assert_eq!(
        Baseline::from_json_with("{\"name\": \"x\"}", &small).unwrap_err().code(),
        "document_too_large"
    );
    assert_eq!(Baseline::from_toml_with("name = \"xxxx\"", &small).unwrap_err().code(), "document_too_large");
}

fn exceptions_json(n: usize) -> String {
    let one = r#"{"client": "Contoso", "policy": "single_org", "reason": "r", "expires": "2027-01-01"}"#;
    format!(r#"{{"policies": {{"single_org": {{}}}}, "exceptions": [{}]}}"#, vec![one; n].join(","))
}

#[test]
fn a_baseline_is_bounded_in_exceptions_and_values() {
    let at_limit = Baseline::from_json(&exceptions_json(MAX_BASELINE_EXCEPTIONS)).unwrap();
    assert_eq!(at_limit.exceptions.len(), MAX_BASELINE_EXCEPTIONS);
    let e = Baseline::from_json(&exceptions_json(MAX_BASELINE_EXCEPTIONS + 1)).unwrap_err();
    assert_eq!(e.code(), "baseline_too_large");
    assert!(e.to_string().contains("10000 exceptions"), "{e}");
    // Values anywhere count: a long list of choices.
    let many = vec!["\"lock\""; MAX_BASELINE_VALUES + 1].join(",");
    let text =
        format!(r#"{{"policies": {{"maximum_vault_timeout": {{"minutes": 60, "action": [{many}]}}}}}}"#);
    let e = Baseline::from_json(&text).unwrap_err();
    assert_eq!((e.code(), e.to_string().contains("values")), ("baseline_too_large", true), "{e}");
    // The same limits in TOML.
    let one = "[[exceptions]]\nclient = \"Contoso\"\npolicy = \"single_org\"\nreason = \"r\"\nexpires = 2027-01-01\n";
    let toml = format!("[policies.single_org]\n{}", one.repeat(MAX_BASELINE_EXCEPTIONS + 1));
    assert_eq!(toml_err(&toml).code(), "baseline_too_large");
    let toml = format!("[policies.maximum_vault_timeout]\nminutes = 60\naction = [{many}]\n");
    assert_eq!(toml_err(&toml).code(), "baseline_too_large");
    // Far over the limit, a TOML text is refused before it is parsed.
    let huge = format!("[policies.single_org]\n{}", one.repeat(5 * MAX_BASELINE_VALUES / 4));
    assert!(toml_values_at_most(&huge) > TOML_PRE_COUNT_FACTOR * MAX_BASELINE_VALUES);
    assert_eq!(toml_err(&huge).code(), "baseline_too_large");
    // The quick count never refuses what the exact count accepts at the limit.
    assert!(
        toml_values_at_most(&format!("[policies.single_org]\n{}", one.repeat(MAX_BASELINE_EXCEPTIONS)))
            < TOML_PRE_COUNT_FACTOR * MAX_BASELINE_VALUES
    );
}

#[test]
fn an_expiry_beyond_the_year_9999_is_refused() {
    for expires in ["+10000-01-01", "-0001-01-01", "0000-12-31"] {
        let text = exceptions_json(1).replace("2027-01-01", expires);
        let e = Baseline::from_json(&text).unwrap_err();
        assert_eq!(e.code(), "baseline_invalid_exception", "{expires}");
    }
}
