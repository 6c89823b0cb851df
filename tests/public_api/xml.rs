//! A minimal XML well-formedness checker shared by the policy tests here and the CLI's
//! `mspkit check --format junit` tests (`crates/mspkit-cli/tests/check.rs` includes this file).

/// A minimal XML well-formedness check: a prolog, balanced and properly nested elements with
/// quoted attributes, and only the five predefined entities or character references. Returns the
/// element names in document order.
pub fn well_formed_xml(xml: &str) -> Result<Vec<String>, String> {
    fn check_text(text: &str) -> Result<(), String> {
        let mut rest = text;
        while let Some(i) = rest.find('&') {
            let after = &rest[i + 1..];
            let end = after.find(';').ok_or("unterminated entity")?;
            let entity = &after[..end];
            let ok = matches!(entity, "amp" | "lt" | "gt" | "quot" | "apos")
                || entity.strip_prefix("#x").is_some_and(|h| u32::from_str_radix(h, 16).is_ok())
                || entity.strip_prefix('#').is_some_and(|d| d.parse::<u32>().is_ok());
            if !ok {
                return Err(format!("bad entity &{entity};"));
            }
            rest = &after[end + 1..];
        }
        if text.contains('<') || text.chars().any(|c| (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r')) {
            return Err(format!("bad character in {text:?}"));
        }
        Ok(())
    }
    let mut rest = xml.trim_start();
    if let Some(after) = rest.strip_prefix("<?xml") {
        rest = &after[after.find("?>").ok_or("unterminated prolog")? + 2..];
    }
    let mut stack: Vec<String> = Vec::new();
    let mut names = Vec::new();
    let mut closed_root = false;
    loop {
        let Some(open) = rest.find('<') else {
            if !rest.trim().is_empty() {
                return Err("text after the root element".into());
            }
            break;
        };
        let text = &rest[..open];
        if stack.is_empty() && !text.trim().is_empty() {
            return Err("text outside the root element".into());
        }
        check_text(text)?;
        rest = &rest[open + 1..];
        let close = rest.find('>').ok_or("unterminated tag")?;
        let tag = &rest[..close];
        rest = &rest[close + 1..];
        if let Some(name) = tag.strip_prefix('/') {
            if stack.pop().as_deref() != Some(name.trim()) {
                return Err(format!("mismatched </{name}>"));
            }
            closed_root = stack.is_empty();
            continue;
        }
        if closed_root {
            return Err("a second root element".into());
        }
        let self_closing = tag.ends_with('/');
        let body = tag.trim_end_matches('/');
        let name_end = body.find(char::is_whitespace).unwrap_or(body.len());
        let name = &body[..name_end];
        if name.is_empty() || !name.chars().all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | ':' | '.'))
        {
            return Err(format!("bad element name {name:?}"));
        }
        let mut attrs = body[name_end..].trim();
        let mut seen = Vec::new();
        while !attrs.is_empty() {
            let eq = attrs.find('=').ok_or("attribute without value")?;
            let attr = attrs[..eq].trim();
            if seen.contains(&attr) {
                return Err(format!("duplicate attribute {attr}"));
            }
            seen.push(attr);
            let value = attrs[eq + 1..].trim_start();
            let quote =
                value.chars().next().filter(|q| *q == '"' || *q == '\'').ok_or("unquoted attribute")?;
            let end = value[1..].find(quote).ok_or("unterminated attribute")?;
            check_text(&value[1..=end])?;
            attrs = value[end + 2..].trim_start();
        }
        names.push(name.to_owned());
        if self_closing {
            closed_root = stack.is_empty();
        } else {
            stack.push(name.to_owned());
        }
    }
    if !stack.is_empty() || !closed_root {
        return Err("unclosed elements".into());
    }
    Ok(names)
}
