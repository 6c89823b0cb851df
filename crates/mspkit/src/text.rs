//! Text that leaves mspkit for a person or a spreadsheet: the one escaping-and-cutting rule of
//! every text output and message, and the one neutralising rule of every CSV cell.
//!
//! - [`shown`] makes a value safe to print on one line of a terminal: control characters and
//!   the invisible format characters (bidi overrides and isolates such as U+202E, zero-width
//!   characters, the BOM) are written as Rust escapes (`\n`, `\r`, `\t`, `\u{1b}`, `\u{202e}`),
//!   and the result is cut to a number of characters, the cut marked with `…`. A backslash is
//!   left as it is, so the rule is idempotent: a message escaped by the library and escaped
//!   again by the command line or the Python binding reads `\u{1b}`, never `\\u{1b}`.
//! - [`csv_cell`] neutralises a CSV cell a spreadsheet would run as a formula (OWASP "CSV
//!   Injection"): a cell starting with `=`, `+`, `-`, `@`, TAB, CR or LF, or with the full-width
//!   `＝`, `＋`, `－`, `＠`, gets a leading `'`. A cell that is a plain number as mspkit writes
//!   amounts (`-12.50`, `-$1,234.50`) is a number, not a formula, and is kept.

use std::borrow::Cow;

/// The longest field the command line prints, and the longest error message it or the Python
/// binding shows, in characters; a longer one is cut and ends with [`CUT_MARKER`].
pub const MAX_SHOWN_CHARS: usize = 1000;

/// What ends a cut field: `…` (U+2026).
pub const CUT_MARKER: char = '…';

/// Whether `ch` could change how a line reads in a terminal or an editor: a control character
/// (NUL, ESC, CR, LF, DEL, the C1 controls) or an invisible format character (soft hyphen,
/// Arabic letter mark, zero-width characters, the bidi marks, embeddings, overrides and
/// isolates U+202A–U+202E and U+2066–U+2069, the BOM, interlinear annotations). Client names
/// refuse these characters (`client_name_invalid`) and [`shown`] escapes them.
pub fn is_unsafe(ch: char) -> bool {
    ch.is_control()
        || matches!(ch,
            '\u{00ad}' | '\u{061c}' | '\u{180e}' | '\u{200b}'..='\u{200f}' | '\u{2028}'..='\u{202e}'
            | '\u{2060}'..='\u{206f}' | '\u{feff}' | '\u{fff9}'..='\u{fffb}')
}

/// `text` safe to show on one line: every [unsafe](is_unsafe) character escaped as Rust writes
/// it (`\n`, `\r`, `\t`, `\0`, `\u{1b}`, `\u{202e}`), then cut so that at most `max` characters
/// of the escaped text remain, followed by [`CUT_MARKER`] when something was cut (an escape is
/// never split). Backslashes are kept as they are: applying `shown` twice gives the same text
/// (with the same `max`), so no layer can escape a value twice.
///
/// ```
/// use mspkit::text::shown;
///
/// assert_eq!(shown("Evil\u{1b}[2J\nCorp\u{202e}", 80), "Evil\\u{1b}[2J\\nCorp\\u{202e}");
/// assert_eq!(shown(&shown("a\u{1b}b", 80), 80), "a\\u{1b}b");
/// assert_eq!(shown(&"x".repeat(10_000), 5), "xxxxx…");
/// ```
pub fn shown(text: &str, max: usize) -> String {
    let mut out = String::with_capacity(text.len().min(max.saturating_mul(4)).saturating_add(3));
    let mut count = 0usize;
    for ch in text.chars() {
        if is_unsafe(ch) {
            let escaped = escape(ch);
            let width = escaped.len();
            if count.saturating_add(width) > max {
                out.push(CUT_MARKER);
                break;
            }
            out.push_str(&escaped);
            count = count.saturating_add(width);
        } else {
            if count >= max {
                out.push(CUT_MARKER);
                break;
            }
            out.push(ch);
            count = count.saturating_add(1);
        }
    }
    out
}

/// Every line of a text for people (a table, a report) made safe: each line is [`shown`] with
/// `max` characters, the line breaks between lines kept. For output that is meant to have
/// several lines; a single value goes through [`shown`], which escapes its line breaks too.
pub fn shown_lines(text: &str, max: usize) -> String {
    text.split('\n').map(|line| shown(line, max)).collect::<Vec<_>>().join("\n")
}

/// One unsafe character as an ASCII escape (`\n`, `\u{1b}`).
fn escape(ch: char) -> String {
    match ch {
        '\n' => "\\n".to_owned(),
        '\r' => "\\r".to_owned(),
        '\t' => "\\t".to_owned(),
        '\0' => "\\0".to_owned(),
        other => format!("\\u{{{:x}}}", u32::from(other)),
    }
}

/// The characters that make a spreadsheet read a cell as a formula when they start it.
fn starts_formula(ch: char) -> bool {
    matches!(ch, '=' | '+' | '-' | '@' | '\t' | '\r' | '\n' | '＝' | '＋' | '－' | '＠')
}

/// Whether `cell` is a plain number as mspkit writes counts and amounts: an optional `-`, an
/// optional `$`, digits with optional thousands commas, and an optional decimal part.
fn is_plain_number(cell: &str) -> bool {
    let rest = cell.strip_prefix('-').unwrap_or(cell);
    let rest = rest.strip_prefix('$').unwrap_or(rest);
    let (whole, fraction) = rest.split_once('.').unwrap_or((rest, "0"));
    whole.bytes().next().is_some_and(|b| b.is_ascii_digit())
        && whole.bytes().all(|b| b.is_ascii_digit() || b == b',')
        && !fraction.is_empty()
        && fraction.bytes().all(|b| b.is_ascii_digit())
}

/// A CSV cell neutralised against formula injection: a cell whose first character starts a
/// formula (`=`, `+`, `-`, `@`, TAB, CR, LF and the full-width `＝`, `＋`, `－`, `＠`) gets a
/// leading `'`, which spreadsheets show as text; every other cell, and a plain number
/// (`-12.50`, `-$1,234.50`), is kept as it is. Every CSV mspkit writes passes each of its cells
/// through this before quoting.
///
/// ```
/// use mspkit::text::csv_cell;
///
/// assert_eq!(csv_cell("=1+2"), "'=1+2");
/// assert_eq!(csv_cell("@SUM(A1:A9)"), "'@SUM(A1:A9)");
/// assert_eq!(csv_cell("Contoso"), "Contoso");
/// assert_eq!(csv_cell("-$1,234.50"), "-$1,234.50");
/// ```
pub fn csv_cell(cell: &str) -> Cow<'_, str> {
    match cell.chars().next() {
        Some(first) if starts_formula(first) && !is_plain_number(cell) => Cow::Owned(format!("'{cell}")),
        _ => Cow::Borrowed(cell),
    }
}

/// [`csv_cell`] for a cell's bytes (the client invoice report's writer copies bytes): whether
/// the cell needs the leading `'`. Looks at the first bytes only, unless it may be a number.
#[cfg_attr(not(feature = "csv"), allow(dead_code, reason = "only the CSV writers call it"))]
pub(crate) fn csv_cell_needs_quote_mark(cell: &[u8]) -> bool {
    match cell.first() {
        // `=`, `+`, `-`, `@`, TAB, CR, LF, and the first byte of the full-width forms (U+FFxx).
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r' | b'\n' | 0xEF) => {
            std::str::from_utf8(cell).map_or(true, |text| matches!(csv_cell(text), Cow::Owned(_)))
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shown_escapes_once_and_cuts_without_splitting_an_escape() {
        assert_eq!(shown("a\nmspkit: b", 80), "a\\nmspkit: b");
        assert_eq!(shown("\u{1b}[31mred\r\u{202e}\0\t", 80), "\\u{1b}[31mred\\r\\u{202e}\\0\\t");
        assert_eq!(shown("back\\slash", 80), "back\\slash");
        assert_eq!(shown("Zoë", 80), "Zoë");
        assert_eq!(shown(&"x".repeat(1000), 5), "xxxxx…");
        // `\u{1b}` is six characters: it does not fit after `ab` in 5, and is not split.
        assert_eq!(shown("ab\u{1b}cd", 5), "ab…");
        assert_eq!(shown("", 5), "");
        assert_eq!(shown("abc", 0), "…");
        for text in ["a\u{1b}b\u{202e}", "x\\u{1b}", &"é\n".repeat(600), "\u{2066}\u{85}\u{7f}"] {
            for max in [0, 1, 6, 7, 80, 1000] {
                let once = shown(text, max);
                assert_eq!(shown(&once, max), once, "{text:?} {max}");
                assert!(!once.chars().any(is_unsafe), "{once:?}");
                assert!(once.chars().count() <= max + 1, "{once:?}");
            }
        }
    }

    #[test]
    fn shown_lines_keeps_the_lines_and_escapes_within_them() {
        assert_eq!(shown_lines("a\u{1b}\nb\r", 80), "a\\u{1b}\nb\\r");
        assert_eq!(shown_lines(&format!("{}\nok", "x".repeat(20)), 3), "xxx…\nok");
    }

    #[test]
    fn the_owasp_formulas_are_neutralised_and_numbers_kept() {
        for formula in [
            "=1+2",
            "=cmd|' /C calc'!A0",
            "+1+2",
            "-1+2",
            "@SUM(1+2)",
            "=HYPERLINK(\"http://evil.example\",\"x\")",
            "\t=1+2",
            "\r=1+2",
            "\n=1+2",
            "＝1+2",
            "＋1",
            "－1",
            "＠x",
            "=1+2@evil.example",
            "-",
            "-$",
            "-1.",
            "-.5",
            "--1",
            "-1e3",
        ] {
            assert_eq!(csv_cell(formula), format!("'{formula}"), "{formula:?}");
            assert!(csv_cell_needs_quote_mark(formula.as_bytes()), "{formula:?}");
        }
        for kept in [
            "Contoso",
            "",
            "'=1",
            " =1",
            "1+2",
            "-12.50",
            "-$1,234.50",
            "-3",
            "4.00",
            "a=b",
            "é=",
            "\u{feff}x",
        ] {
            assert_eq!(csv_cell(kept), kept, "{kept:?}");
            assert!(!csv_cell_needs_quote_mark(kept.as_bytes()), "{kept:?}");
        }
    }
}
