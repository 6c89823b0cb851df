//! Reading a message's arguments back from its English text: the English Fluent pattern of
//! the message (`the open invoice is due on `{ $due_on }`; …`) matched against the text the
//! core wrote, literal parts exactly, each variable taking the shortest text that lets the rest
//! match (with backtracking). A step budget bounds the work on any input.

use std::borrow::Cow;

use fluent_syntax::ast::{Expression, InlineExpression, Pattern, PatternElement};

/// The most matching steps one text may take: far above what a message needs (a few dozen),
/// far below what a hostile text could cost.
const BUDGET: u32 = 20_000;

/// One part of a pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Part<'p> {
    /// Text that must appear as it is.
    Literal(Cow<'p, str>),
    /// A named argument.
    Variable(&'p str),
}

/// A pattern as parts (neighbouring literals joined), or `None` when it holds anything but
/// text, string literals and variables (which a pattern meant for matching never does).
fn parts<'p>(pattern: &'p Pattern<&'p str>) -> Option<Vec<Part<'p>>> {
    let mut out: Vec<Part<'p>> = Vec::new();
    let push_literal = |out: &mut Vec<Part<'p>>, text: &'p str| {
        if text.is_empty() {
            return;
        }
        if let Some(Part::Literal(last)) = out.last_mut() {
            last.to_mut().push_str(text);
        } else {
            out.push(Part::Literal(Cow::Borrowed(text)));
        }
    };
    for element in &pattern.elements {
        match element {
            PatternElement::TextElement { value } => push_literal(&mut out, value),
            PatternElement::Placeable { expression: Expression::Inline(inline) } => match inline {
                InlineExpression::VariableReference { id } => out.push(Part::Variable(id.name)),
                InlineExpression::StringLiteral { value } => push_literal(&mut out, value),
                _ => return None,
            },
            PatternElement::Placeable { .. } => return None,
        }
    }
    Some(out)
}

/// The number of literal characters of a pattern: of two patterns that both match a text, the
/// one with more literal text is the more specific.
pub(crate) fn literal_len(pattern: &Pattern<&str>) -> usize {
    parts(pattern).map_or(0, |parts| {
        parts
            .iter()
            .map(|p| match p {
                Part::Literal(text) => text.chars().count(),
                Part::Variable(_) => 0,
            })
            .sum()
    })
}

/// The variables of `pattern` written between backticks (`` `{ $name }` ``): by the house
/// style, values a user gave, which are shown as they are and never translated.
pub(crate) fn quoted<'p>(pattern: &'p Pattern<&'p str>) -> Vec<&'p str> {
    let Some(parts) = parts(pattern) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for pair in parts.windows(2) {
        if let [Part::Literal(before), Part::Variable(name)] = pair
            && before.ends_with('`')
        {
            out.push(*name);
        }
    }
    out
}

/// The arguments of `text` by `pattern`, in the pattern's order, or `None` when the text does
/// not have the pattern's shape.
pub(crate) fn capture<'p>(pattern: &'p Pattern<&'p str>, text: &str) -> Option<Vec<(&'p str, String)>> {
    let parts = parts(pattern)?;
    let mut captures = Vec::new();
    let mut budget = BUDGET;
    walk(&parts, text, &mut captures, &mut budget).then_some(captures)
}

fn walk<'p>(parts: &[Part<'p>], text: &str, captures: &mut Vec<(&'p str, String)>, budget: &mut u32) -> bool {
    if *budget == 0 {
        return false;
    }
    *budget -= 1;
    let Some((first, rest)) = parts.split_first() else {
        return text.is_empty();
    };
    match first {
        Part::Literal(literal) => {
            text.strip_prefix(literal.as_ref()).is_some_and(|tail| walk(rest, tail, captures, budget))
        }
        Part::Variable(name) => {
            // Where the variable may end: before each occurrence of the literal after it, at
            // any character boundary before another variable, or at the end of the text.
            let ends: Box<dyn Iterator<Item = usize> + '_> = match rest.first() {
                None => Box::new(std::iter::once(text.len())),
                Some(Part::Literal(literal)) => {
                    Box::new(text.match_indices(literal.as_ref()).map(|(at, _)| at))
                }
                Some(Part::Variable(_)) => {
                    Box::new(text.char_indices().map(|(at, _)| at).chain(std::iter::once(text.len())))
                }
            };
            for end in ends {
                let (Some(value), Some(tail)) = (text.get(..end), text.get(end..)) else {
                    continue;
                };
                captures.push((name, value.to_owned()));
                if walk(rest, tail, captures, budget) {
                    return true;
                }
                captures.pop();
                if *budget == 0 {
                    return false;
                }
            }
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use fluent_syntax::ast::{Entry, Pattern};
    use fluent_syntax::parser::parse;

    use super::{capture, literal_len};

    fn with_pattern(source: &str, check: impl Fn(&Pattern<&str>)) {
        let resource = parse(source).unwrap();
        let Some(Entry::Message(message)) = resource.body.first() else { panic!("no message") };
        check(message.value.as_ref().unwrap());
    }

    #[test]
    fn captures_named_arguments() {
        with_pattern("m = member `{ $member }` is `{ $status }`, not invited\n", |p| {
            let got = capture(p, "member `a-b` is `accepted`, not invited").unwrap();
            assert_eq!(got, [("member", "a-b".to_owned()), ("status", "accepted".to_owned())]);
            assert!(capture(p, "member `a-b` is accepted").is_none());
            assert_eq!(literal_len(p), "member `` is ``, not invited".chars().count());
        });
    }

    #[test]
    fn backtracks_when_a_value_holds_the_next_literal() {
        with_pattern("m = `{ $name }` is `{ $what }`\n", |p| {
            let got = capture(p, "`a` is `b` is `c`").unwrap();
            assert_eq!(got, [("name", "a".to_owned()), ("what", "b` is `c".to_owned())]);
        });
    }

    #[test]
    fn escaped_braces_and_neighbouring_variables() {
        with_pattern("m = {\"{\"}{ $a }{ $b }{\"}\"}\n", |p| {
            let got = capture(p, "{xy}").unwrap();
            assert_eq!(got.len(), 2);
            assert_eq!(format!("{}{}", got[0].1, got[1].1), "xy");
        });
    }

    #[test]
    fn a_hostile_text_stops_at_the_budget() {
        with_pattern("m = { $a }x{ $b }x{ $c }x{ $d }y\n", |p| {
            let text = "x".repeat(5_000);
            assert!(capture(p, &text).is_none());
        });
    }
}
