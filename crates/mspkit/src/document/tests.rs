use std::collections::BTreeMap;

use super::*;

#[test]
fn shape_errors_keep_their_line_and_column() {
    let err = parse_json::<Vec<u32>>("portfolio", "[1,\n 2,\n \"x\"]").unwrap_err();
    let DocumentError::Invalid { line, column, what, .. } = &err else { panic!("{err:?}") };
    assert_eq!((*line, *column, *what), (3, 4, "portfolio"));
    assert_eq!(err.code(), "invalid_document");
    assert!(
        err.to_string().starts_with("cannot read the portfolio at line 3, column 4: invalid type"),
        "{err}"
    );
}

#[test]
fn a_repeated_key_is_refused_at_any_depth_with_its_place() {
    let r = DocumentReader::new();
    let e = r.check("{\"a\": {\"1\": 1,\n \"1\": 2}}", "plan").unwrap_err();
    assert_eq!(e.code(), "duplicate_key");
    assert!(matches!(&e, DocumentError::DuplicateKey { key, line: 2, .. } if key == "1"), "{e:?}");
    assert!(r.parse::<BTreeMap<String, u8>>(r#"{"a": 1, "a": 2}"#, "x").is_err());
    assert!(r.check(r#"[{"a": 1}, {"a": 2}]"#, "x").is_ok());
    assert!(r.check(r#"{"a": 1, "b": {"a": 2}}"#, "x").is_ok());
    // Past the short list's limit the set takes over, keys seen before included.
    let wide: Vec<String> = (0..40).map(|i| format!("\"k{i}\": {i}")).collect();
    assert!(r.check(&format!("{{{}}}", wide.join(", ")), "x").is_ok());
    for repeat in ["k0", "k15", "k16", "k39"] {
        let text = format!("{{{}, \"{repeat}\": 0}}", wide.join(", "));
        assert_eq!(r.check(&text, "x").unwrap_err().code(), "duplicate_key", "{repeat}");
    }
    // Keys are compared after unescaping: "\u0061" is "a".
    assert_eq!(r.check(r#"{"a": 1, "\u0061": 2}"#, "x").unwrap_err().code(), "duplicate_key");
}

fn r_line_reads(line: &str) -> bool {
    DocumentReader::new().parse_line::<serde_json::Value>(line, "x", 1).is_ok()
}

#[test]
fn the_quick_scan_proves_distinct_keys_and_never_misses_a_repeat() {
    for distinct in [
        r#"{"a": 1, "b": {"a": 2, "b": [1, {"a": 3}]}, "c": "x"}"#,
        r#"[{"a": 1}, {"a": 2}, [], {}, "a", -1.5, 0, true, false, null]"#,
        // Brackets, commas and colons inside strings are not structure.
        r#"{"a": "}{a: [,", "b": "]]", "c": {"a": ",a:{"}, "d": 1}"#,
        r#"{"a": {"b": 1}, "b": 2}"#,
        "{\"Zo\u{eb}\": 1, \"Zoe\": 2}",
        // Keys alike in their first and last bytes and length (the fingerprint), or in all
        // but length.
        r#"{"form": 1, "from": 2, "fm": 3, "fxxxm": 4, "": 5, "f": 6}"#,
        "",
    ] {
        assert!(keys_surely_distinct(distinct), "{distinct}");
    }
    for not_proven in [
        r#"{"a": 1, "a": 2}"#,
        r#"{"a": 1, "b": {"c": 1, "d": 2, "c": 3}}"#,
        r#"[1, {"x": [{"a": 1, "a": 1}]}]"#,
        r#"{"change": {"type": "x", "type": "x"}}"#,
        // Escapes are left to the full check, which compares keys unescaped and refuses a
        // lone surrogate anywhere.
        r#"{"a": 1, "\u0061": 2}"#,
        r#"{"\u0062": 1}"#,
        r#"{"a": "\ud800"}"#,
        r#"{"a": "}{\"a\": [,", "b": "\\"}"#,
        // So are numbers that may be out of range.
        r#"{"a": 1e400}"#,
        "[2E-5]",
        // Unmatched brackets, an unterminated string.
        r#"{"a": 1]"#,
        "[1}",
        "}",
        r#"{"a"#,
    ] {
        assert!(!keys_surely_distinct(not_proven), "{not_proven}");
    }
    // Past the limits (keys in one object, depth) the scan does not vouch, and the full
    // check still reads the document.
    let wide: Vec<String> = (0..40).map(|i| format!("\"k{i}\": {i}")).collect();
    let wide = format!("{{{}}}", wide.join(", "));
    assert!(!keys_surely_distinct(&wide));
    let deep = format!("{}{}", "[".repeat(70), "]".repeat(70));
    assert!(!keys_surely_distinct(&deep));
    // 4 nested objects of 20 keys: 80 keys open at once.
    let level: Vec<String> = (0..19).map(|i| format!("\"k{i}\": {i}")).collect();
    let level = level.join(", ");
    let nested = format!("{{{level}, \"n\": {{{level}, \"n\": {{{level}, \"n\": {{{level}, \"n\": 0}}}}}}}}");
    assert!(!keys_surely_distinct(&nested));
    assert!(r_line_reads(&nested));
    assert!(keys_surely_distinct(&format!("{{{level}, \"n\": {{{level}, \"n\": 0}}}}")));
    assert!(!keys_surely_distinct(r#"{"abcdefghX": 1, "abcdefghX": 2}"#));
    assert!(!keys_surely_distinct(r#"{"": 1, "": 2}"#));
    let r = DocumentReader::new();
    assert_eq!(r.parse_line::<BTreeMap<String, u8>>(&wide, "x", 3).unwrap().len(), 40);
    assert_eq!(
        r.parse_line::<BTreeMap<String, u8>>(&format!("{}, \"k3\": 0}}", wide.trim_end_matches('}')), "x", 3)
            .unwrap_err()
            .code(),
        "duplicate_key"
    );
    assert!(r.parse_line::<serde_json::Value>(&deep, "x", 3).is_ok());
    // Finding a quote or backslash, eight bytes at a time and in the tail.
    for (text, at) in [("0123456789\"", 10), ("01234567\\", 8), ("\"", 0), ("abc", usize::MAX)] {
        assert_eq!(quote_or_backslash(text.as_bytes(), 0).unwrap_or(usize::MAX), at, "{text}");
    }
    assert_eq!(quote_or_backslash(b"\"abcdefghij\"", 1), Some(11));
}

#[test]
fn a_line_read_in_one_pass_fails_exactly_as_the_full_check_and_read() {
    let r = DocumentReader::new();
    let lines = [
        r#"{"a": 1, "a": 2}"#,
        r#"{"a": 1, "b": {"c": 1, "c": 2}}"#,
        r#"{"a": 1, "\u0061": 2}"#,
        r#"{"a": 1, "b": "x"}"#,
        r#"{"a": 1, "a": "x"}"#,
        r#"{"a": 1,, "a": 2}"#,
        r#"{"a": 1} trailing"#,
        r#"{"a": 300}"#,
        r#"{"a": 1, "b": 1e400}"#,
        r#"{"a": 1, "b": "\ud800"}"#,
        r#"{"a": 1, "b": [{"c": 1, "c": 2}]}"#,
        "[1, 2]",
        "",
    ];
    let long = format!("{{\"a\": 1, \"b\": {}}}", "9".repeat(400));
    for line in lines.iter().copied().chain([long.as_str()]) {
        let one_pass = r.parse_line::<BTreeMap<String, u8>>(line, "event", 7);
        let full = r
            .check_line(line, "event", 7)
            .and_then(|()| serde_json::from_str(line).map_err(|e| invalid_on_line("event", &e, 7)));
        assert_eq!(one_pass, full, "{line}");
        // A type that skips everything unread: the check's refusals still hold.
        let one_pass = r.parse_line::<serde::de::IgnoredAny>(line, "event", 7);
        let full = r
            .check_line(line, "event", 7)
            .and_then(|()| serde_json::from_str(line).map_err(|e| invalid_on_line("event", &e, 7)));
        assert_eq!(one_pass, full, "{line}");
    }
    assert!(r.parse_line::<serde::de::IgnoredAny>(&long, "event", 7).is_err());
    let e = r.parse_line::<BTreeMap<String, u8>>(r#"{"a": 1, "\u0061": 2}"#, "event", 7).unwrap_err();
    assert!(matches!(&e, DocumentError::DuplicateKey { key, line: 7, .. } if key == "a"), "{e:?}");
    let small = DocumentReader::with_max_bytes(4);
    assert_eq!(small.parse_line::<u64>("123456", "event", 2).unwrap_err().code(), "document_too_large");
    assert_eq!(r.parse_line::<u64>("123456", "event", 2).unwrap(), 123_456);
}

#[test]
fn the_limit_holds_for_text_and_for_endless_sources() {
    let r = DocumentReader::with_max_bytes(10);
    assert_eq!(r.check("[1, 2, 3, 4, 5]", "x").unwrap_err().code(), "document_too_large");
    assert_eq!(r.read(std::io::repeat(b' '), "x").unwrap_err().code(), "document_too_large");
    assert_eq!(r.read(&b"[1]"[..], "x").unwrap(), "[1]");
    assert_eq!(r.read(&[0xff_u8, 0xfe][..], "x").unwrap_err().code(), "read_failed");
}

#[test]
fn the_wrong_shape_is_invalid_document_with_line_and_column() {
    let r = DocumentReader::new();
    let e = r.parse::<Vec<u8>>("[1,\n \"two\"]", "x").unwrap_err();
    assert_eq!(e.code(), "invalid_document");
    assert!(matches!(e, DocumentError::Invalid { line: 2, .. }), "{e:?}");
    assert!(!e.to_string().contains(" at line 2 column"), "{e}");
    assert_eq!(r.check("{\"a\": ", "x").unwrap_err().code(), "invalid_document");
}

#[test]
fn quoting_escapes_what_a_terminal_would_obey_and_cuts() {
    assert_eq!(quote_cut("a\nmspkit: b", 80), "a\\nmspkit: b");
    assert_eq!(quote_cut("\u{1b}[31mred\r\u{202e}", 80), "\\u{1b}[31mred\\r\\u{202e}");
    assert_eq!(quote_cut("back\\slash", 80), "back\\slash");
    assert_eq!(quote_cut(&"x".repeat(1000), 5), "xxxxx…");
    assert_eq!(quote_cut("Zoë", 80), "Zoë");
}
