//! The two message files, loaded once into Fluent bundles, and the functions that format
//! their messages.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use fluent_syntax::ast::{Entry, Pattern};

use crate::lang::Lang;
use crate::matcher;

/// The English message file (the source language).
pub const EN_FTL: &str = include_str!("en.ftl");
/// The Simplified Chinese message file.
pub const ZH_CN_FTL: &str = include_str!("zh-CN.ftl");

type Bundle = FluentBundle<FluentResource>;

struct Catalog {
    en: Bundle,
    zh_cn: Bundle,
    /// English text of each `phrase-…` message → its id.
    phrases: HashMap<String, String>,
    /// The ids of the `arg-…` messages: shapes of an argument (`line { $line }`) translated
    /// inside a message.
    shapes: Vec<String>,
}

impl Catalog {
    fn bundle(&self, lang: Lang) -> &Bundle {
        match lang {
            Lang::En => &self.en,
            Lang::ZhCn => &self.zh_cn,
        }
    }
}

fn bundle(lang: Lang, source: &str) -> Bundle {
    let id = lang.tag().parse().unwrap_or_default();
    let mut bundle = FluentBundle::new_concurrent(vec![id]);
    // No Unicode isolation marks around arguments: the output is a terminal line or a
    // Python string, where invisible FSI/PDI characters would only get in the way.
    bundle.set_use_isolating(false);
    // A file that does not parse cleanly still gives the messages it has; the tests parse both
    // files strictly.
    let resource = FluentResource::try_new(source.to_owned()).unwrap_or_else(|(resource, _)| resource);
    let _ = bundle.add_resource(resource);
    bundle
}

fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| {
        let en = bundle(Lang::En, EN_FTL);
        let zh_cn = bundle(Lang::ZhCn, ZH_CN_FTL);
        let mut phrases = HashMap::new();
        let mut shapes = Vec::new();
        if let Ok(ids) = message_ids(EN_FTL) {
            for id in ids.keys() {
                if id.starts_with("phrase-") {
                    if let Some(text) = format_message(&en, id, &[]) {
                        phrases.insert(text, id.clone());
                    }
                } else if id.starts_with("arg-") {
                    shapes.push(id.clone());
                }
            }
        }
        Catalog { en, zh_cn, phrases, shapes }
    })
}

fn format_pattern(bundle: &Bundle, pattern: &Pattern<&str>, args: &[(&str, String)]) -> Option<String> {
    let mut fluent_args = FluentArgs::new();
    for (name, value) in args {
        fluent_args.set(*name, FluentValue::from(value.clone()));
    }
    let mut errors = Vec::new();
    let text = bundle.format_pattern(pattern, Some(&fluent_args), &mut errors);
    errors.is_empty().then(|| text.into_owned())
}

fn format_message(bundle: &Bundle, id: &str, args: &[(&str, String)]) -> Option<String> {
    let pattern = bundle.get_message(id)?.value()?;
    format_pattern(bundle, pattern, args)
}

/// The message `id` in `lang` with named arguments, falling back to English, then to the id
/// itself (a missing message shows, it does not fail).
pub fn text(lang: Lang, id: &str, args: &[(&str, String)]) -> String {
    let c = catalog();
    format_message(c.bundle(lang), id, args)
        .or_else(|| format_message(&c.en, id, args))
        .unwrap_or_else(|| id.to_owned())
}

/// A snake_case value as a table shows it (a role, a status, a severity): `value-<name>` in
/// `lang`, the name itself in English or when there is no such message.
pub fn value(lang: Lang, name: &str) -> String {
    if lang == Lang::En {
        return name.to_owned();
    }
    format_message(catalog().bundle(lang), &format!("value-{name}"), &[]).unwrap_or_else(|| name.to_owned())
}

/// A known phrase (`phrase-…`, such as an action's description inside a permission denial) in
/// `lang`, if `english` is one.
pub(crate) fn phrase(lang: Lang, english: &str) -> Option<String> {
    let c = catalog();
    c.phrases.get(english).and_then(|id| format_message(c.bundle(lang), id, &[]))
}

/// An argument in `lang`: a known phrase is translated, and so is an argument of a known
/// shape (`arg-…`: `line 3, `key``), the most specific shape that fits; anything else is kept.
fn argument(lang: Lang, value: String) -> String {
    if let Some(phrase) = phrase(lang, &value) {
        return phrase;
    }
    let c = catalog();
    let best = c
        .shapes
        .iter()
        .filter_map(|id| {
            let pattern = c.en.get_message(id)?.value()?;
            let captures = matcher::capture(pattern, &value)?;
            Some((matcher::literal_len(pattern), id, captures))
        })
        .max_by_key(|(len, _, _)| *len);
    match best {
        Some((_, id, captures)) => format_message(c.bundle(lang), id, &captures).unwrap_or(value),
        None => value,
    }
}

/// The core's English text of message `id` (an error's `Display`, a warning's message) in
/// `lang`. The English message of `id` (its value or one of its attributes, the most specific
/// that matches) reads the arguments back from `english`; the same value or attribute of
/// `lang` is formatted with them. English, or a text that fits no pattern of `id`, is
/// returned as it is.
pub fn translate(lang: Lang, id: &str, english: &str) -> String {
    if lang == Lang::En {
        return english.to_owned();
    }
    let c = catalog();
    let (Some(source), Some(target)) = (c.en.get_message(id), c.bundle(lang).get_message(id)) else {
        return english.to_owned();
    };
    let mut candidates: Vec<(Option<&str>, &Pattern<&str>)> =
        source.value().map(|v| (None, v)).into_iter().collect();
    candidates.extend(source.attributes().map(|a| (Some(a.id()), a.value())));
    let best = candidates
        .into_iter()
        .filter_map(|(attribute, pattern)| {
            matcher::capture(pattern, english).map(|captures| {
                (matcher::literal_len(pattern), attribute, captures, matcher::quoted(pattern))
            })
        })
        .max_by_key(|(len, _, _, _)| *len);
    let Some((_, attribute, captures, quoted)) = best else {
        return english.to_owned();
    };
    let pattern = match attribute {
        None => target.value(),
        Some(name) => target.get_attribute(name).map(|a| a.value()),
    };
    // A value the user gave (between backticks) is shown as it is; the others may be phrases.
    let args: Vec<(&str, String)> = captures
        .into_iter()
        .map(
            |(name, value)| {
                if quoted.contains(&name) { (name, value) } else { (name, argument(lang, value)) }
            },
        )
        .collect();
    pattern.and_then(|p| format_pattern(c.bundle(lang), p, &args)).unwrap_or_else(|| english.to_owned())
}

/// Whether the English message of `id` (its value or an attribute) reads `english` back
/// exactly: its arguments captured by the pattern and formatted again give the same text. The
/// test of every error variant calls this, so an English pattern cannot drift from the core's
/// `Display` unnoticed.
pub fn english_matches(id: &str, english: &str) -> bool {
    let c = catalog();
    let Some(message) = c.en.get_message(id) else {
        return false;
    };
    message.value().into_iter().chain(message.attributes().map(|a| a.value())).any(|pattern| {
        matcher::capture(pattern, english)
            .and_then(|captures| format_pattern(&c.en, pattern, &captures))
            .is_some_and(|again| again == english)
    })
}

/// An error's message in `lang`, from its code and its English `Display`
/// ([`translate`] of `error-<code>`).
pub fn error_message(lang: Lang, code: &str, english: &str) -> String {
    translate(lang, &format!("error-{code}"), english)
}

/// A portfolio report warning's message in `lang`, from its code and English message.
pub fn warning_message(lang: Lang, code: &str, english: &str) -> String {
    translate(lang, &format!("warning-{code}"), english)
}

/// Every message id of a Fluent file with the names of its attributes, or the parser's
/// complaints when the file does not parse cleanly.
pub fn message_ids(source: &str) -> Result<BTreeMap<String, BTreeSet<String>>, String> {
    let resource = match fluent_syntax::parser::parse(source) {
        Ok(resource) => resource,
        Err((_, errors)) => {
            return Err(errors.iter().map(|e| format!("{e:?}")).collect::<Vec<_>>().join("; "));
        }
    };
    let mut ids = BTreeMap::new();
    for entry in resource.body {
        if let Entry::Message(message) = entry {
            let attributes = message.attributes.iter().map(|a| a.id.name.to_owned()).collect();
            if ids.insert(message.id.name.to_owned(), attributes).is_some() {
                return Err(format!("`{}` is defined twice", message.id.name));
            }
        }
    }
    Ok(ids)
}
