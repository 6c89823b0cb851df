//! The hostile input table (`tests/fixtures/hostile/cases.json`), read and turned into inputs.
//! Shared by the Rust runner (`public_api/hostile.rs`) and the CLI's (`mspkit-cli/tests/hostile.rs`);
//! the Python runner (`bindings/python/tests/test_hostile.py`) builds the same inputs.

use serde_json::Value;

/// One case of the table.
#[derive(Debug, Clone)]
pub struct Case {
    /// What it tries.
    pub name: String,
    /// `portfolio`, `event_log`, `kdf` or `catalog`.
    pub kind: String,
    /// The input: a portfolio document, an event log (JSON Lines) or a catalogue's TOML (empty
    /// for `kdf`).
    pub text: String,
    /// For `kdf`: the type code, iterations, memory and parallelism, as JSON numbers (or null).
    pub args: Vec<Value>,
    /// For `baseline`: the file name it is read as (`b.json`, `b.toml`), which chooses the format.
    pub file: String,
    /// The error code it must give.
    pub code: String,
}

fn root() -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Sets (creating the last key of an object) or removes the value at a JSON pointer.
fn edit(doc: &mut Value, pointer: &str, value: Option<Value>) -> Result<(), String> {
    let (parent, last) = pointer.rsplit_once('/').ok_or_else(|| format!("bad pointer `{pointer}`"))?;
    let parent = doc.pointer_mut(parent).ok_or_else(|| format!("no `{parent}` in the example"))?;
    match (parent, value) {
        (Value::Object(map), Some(v)) => {
            map.insert(last.to_owned(), v);
        }
        (Value::Object(map), None) => {
            map.remove(last).ok_or_else(|| format!("no `{pointer}` to remove"))?;
        }
        (Value::Array(items), value) => {
            let i: usize = last.parse().map_err(|_| format!("bad index in `{pointer}`"))?;
            match value {
                Some(v) => *items.get_mut(i).ok_or_else(|| format!("no `{pointer}`"))? = v,
                None => {
                    items.remove(i);
                }
            }
        }
        _ => return Err(format!("`{pointer}` is not in an object or array")),
    }
    Ok(())
}

/// The document of a portfolio case: `examples/portfolio.json` with the case's edits.
fn portfolio_text(edits: &[Value]) -> Result<String, String> {
    let base = std::fs::read_to_string(root().join("examples/portfolio.json")).map_err(|e| e.to_string())?;
    let mut text = base.clone();
    let mut doc: Option<Value> = None;
    for e in edits {
        let s = |key: &str| e.get(key).and_then(Value::as_str).map(str::to_owned);
        let pair = |key: &str| -> Option<(String, String)> {
            let v = e.get(key)?.as_array()?;
            Some((v.first()?.as_str()?.to_owned(), v.get(1)?.as_str()?.to_owned()))
        };
        if let Some(pointer) = s("set") {
            let value = match e.get("repeat").and_then(Value::as_array) {
                Some(r) => Value::String(
                    r.first()
                        .and_then(Value::as_str)
                        .unwrap_or_default()
                        .repeat(usize::try_from(r.get(1).and_then(Value::as_u64).unwrap_or(0)).unwrap_or(0)),
                ),
                None => e.get("value").cloned().unwrap_or(Value::Null),
            };
            let d = doc.get_or_insert(serde_json::from_str(&base).map_err(|e| e.to_string())?);
            edit(d, &pointer, Some(value))?;
        } else if let Some(pointer) = s("remove") {
            let d = doc.get_or_insert(serde_json::from_str(&base).map_err(|e| e.to_string())?);
            edit(d, &pointer, None)?;
        } else if let Some(v) = e.get("copy").and_then(Value::as_array) {
            let (from, to) = (v.first().and_then(Value::as_str), v.get(1).and_then(Value::as_str));
            let (Some(from), Some(to)) = (from, to) else { return Err("bad copy".into()) };
            let d = doc.get_or_insert(serde_json::from_str(&base).map_err(|e| e.to_string())?);
            let value = d.pointer(from).cloned().ok_or_else(|| format!("no `{from}`"))?;
            edit(d, to, Some(value))?;
        } else if let Some((old, new)) = pair("replace") {
            if !text.contains(&old) {
                return Err(format!("`{old}` is not in the example"));
            }
            text = text.replacen(&old, &new, 1);
        } else if let Some((old, new)) = pair("replace_all") {
            if !text.contains(&old) {
                return Err(format!("`{old}` is not in the example"));
            }
            text = text.replace(&old, &new);
        } else if let Some(n) = e.get("truncate").and_then(Value::as_u64) {
            let n = usize::try_from(n).unwrap_or(0);
            text = text.char_indices().take_while(|(i, _)| *i < n).map(|(_, c)| c).collect();
        } else if let Some(p) = s("prepend") {
            text = format!("{p}{text}");
        } else if let Some(a) = s("append") {
            text.push_str(&a);
        } else if let Some(raw) = s("raw") {
            text = raw;
        } else if let Some(v) = e.get("nest").and_then(Value::as_array) {
            let part = |i: usize| v.get(i).and_then(Value::as_str).unwrap_or_default().to_owned();
            let n = usize::try_from(v.get(1).and_then(Value::as_u64).unwrap_or(0)).unwrap_or(0);
            text = format!("{}{}{}", part(0).repeat(n), part(2), part(3).repeat(n));
        } else {
            return Err(format!("unknown edit {e}"));
        }
    }
    match doc {
        Some(d) => serde_json::to_string_pretty(&d).map_err(|e| e.to_string()),
        None => Ok(text),
    }
}

/// The text of an event-log case: `examples/events.jsonl` with the case's text edits
/// (`replace`, `replace_all`, `truncate`, `prepend`, `append`, `raw`, `drop_line`: the line
/// numbered from 1).
fn log_text(edits: &[Value]) -> Result<String, String> {
    let base = std::fs::read_to_string(root().join("examples/events.jsonl")).map_err(|e| e.to_string())?;
    // The cases are about what an event holds: they edit the version 1 form (a chained line
    // that was edited is refused first for its hash).
    let mut text = crate::example_log::unchained(&base);
    for e in edits {
        if let Some(n) = e.get("drop_line").and_then(Value::as_u64) {
            let n = usize::try_from(n).unwrap_or(0);
            text = text.lines().enumerate().filter(|(i, _)| i + 1 != n).fold(
                String::new(),
                |mut out, (_, l)| {
                    out.push_str(l);
                    out.push('\n');
                    out
                },
            );
        } else {
            text = portfolio_edit_text(text, e)?;
        }
    }
    Ok(text)
}

/// One text edit (the ones shared by portfolio and log cases).
fn portfolio_edit_text(mut text: String, e: &Value) -> Result<String, String> {
    let s = |key: &str| e.get(key).and_then(Value::as_str).map(str::to_owned);
    let pair = |key: &str| -> Option<(String, String)> {
        let v = e.get(key)?.as_array()?;
        Some((v.first()?.as_str()?.to_owned(), v.get(1)?.as_str()?.to_owned()))
    };
    if let Some((old, new)) = pair("replace") {
        if !text.contains(&old) {
            return Err(format!("`{old}` is not in the example"));
        }
        text = text.replacen(&old, &new, 1);
    } else if let Some((old, new)) = pair("replace_all") {
        if !text.contains(&old) {
            return Err(format!("`{old}` is not in the example"));
        }
        text = text.replace(&old, &new);
    } else if let Some(n) = e.get("truncate").and_then(Value::as_u64) {
        let n = usize::try_from(n).unwrap_or(0);
        text = text.char_indices().take_while(|(i, _)| *i < n).map(|(_, c)| c).collect();
    } else if let Some(p) = s("prepend") {
        text = format!("{p}{text}");
    } else if let Some(a) = s("append") {
        text.push_str(&a);
    } else if let Some(raw) = s("raw") {
        text = raw;
    } else {
        return Err(format!("unknown edit {e}"));
    }
    Ok(text)
}

/// The text of a document case: its `text`, or its `build`: `[prefix, piece, n, joiner,
/// suffix]`, the piece repeated n times and joined by the joiner, between prefix and suffix.
fn document_text(c: &Value) -> Result<String, String> {
    if let Some(text) = c.get("text").and_then(Value::as_str) {
        return Ok(text.to_owned());
    }
    let build = c.get("build").and_then(Value::as_array).ok_or("neither `text` nor `build`")?;
    let part = |i: usize| build.get(i).and_then(Value::as_str).ok_or(format!("`build` has no text at {i}"));
    let n = build.get(2).and_then(Value::as_u64).ok_or("`build` has no count")?;
    let pieces = vec![part(1)?; usize::try_from(n).map_err(|e| e.to_string())?];
    Ok(format!("{}{}{}", part(0)?, pieces.join(part(3)?), part(4)?))
}

/// The files of the table: `cases.json`, and `output.json` (issue 16's output side: client
/// names with control and bidi characters, plus the CSV and text payloads read by
/// [`output_payloads`]).
pub const TABLE_FILES: [&str; 2] = ["cases.json", "output.json"];

fn table(file: &str) -> Value {
    let text = std::fs::read_to_string(root().join("tests/fixtures/hostile").join(file)).unwrap_or_default();
    serde_json::from_str(&text).unwrap_or(Value::Null)
}

/// A list of strings of `output.json` (`formulas`, `numbers`, `text`).
pub fn output_payloads(list: &str) -> Vec<String> {
    table("output.json")
        .get(list)
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|v| v.as_str().map(str::to_owned))
        .collect()
}

/// Every case of the table, with its input built.
pub fn cases() -> Vec<Case> {
    let tables: Vec<Value> = TABLE_FILES.iter().map(|f| table(f)).collect();
    let mut out = Vec::new();
    for c in tables.iter().flat_map(|t| t.get("cases").and_then(Value::as_array).into_iter().flatten()) {
        let field = |k: &str| c.get(k).and_then(Value::as_str).unwrap_or_default().to_owned();
        let kind = field("kind");
        let text = match kind.as_str() {
            "portfolio" => {
                let edits = c.get("edits").and_then(Value::as_array).cloned().unwrap_or_default();
                portfolio_text(&edits).unwrap_or_else(|e| format!("BROKEN CASE: {e}"))
            }
            "catalog" => field("toml"),
            "baseline" | "what_if" | "reference_policies" | "kdf_json" | "password_policy_json" => {
                document_text(c).unwrap_or_else(|e| format!("BROKEN CASE: {e}"))
            }
            "event_log" => {
                let edits = c.get("edits").and_then(Value::as_array).cloned().unwrap_or_default();
                log_text(&edits).unwrap_or_else(|e| format!("BROKEN CASE: {e}"))
            }
            _ => String::new(),
        };
        out.push(Case {
            name: field("name"),
            kind,
            text,
            args: c.get("args").and_then(Value::as_array).cloned().unwrap_or_default(),
            file: field("file"),
            code: field("code"),
        });
    }
    out
}
