//! Output for people that the command line and the Python binding share: table cells that
//! count wide characters, the policy compliance tables and the deployment guide's editions.

use std::fmt::Write as _;

use mspkit::deployment::DeploymentCatalog;
use mspkit::policy::{PortfolioCompliance, TieredCompliance};

use crate::catalog::{phrase, text, translate, value};
use crate::lang::Lang;

/// The zh-CN edition of the 36-step deployment guide: the built-in edition's numbers, phases,
/// durations, conditions and set-up tasks, with every name, goal, topic, action and resource
/// in Chinese.
const GUIDE_36_ZH_CN: &str = include_str!("guide-36.zh-CN.toml");

/// The built-in deployment guide in `lang`. Machine outputs (JSON) keep using the English
/// edition ([`DeploymentCatalog::builtin`]); the text and the timeline use this one.
pub fn deployment_catalog(lang: Lang) -> Result<DeploymentCatalog, mspkit::Error> {
    match lang {
        Lang::En => Ok(DeploymentCatalog::builtin()?),
        Lang::ZhCn => Ok(DeploymentCatalog::from_toml(GUIDE_36_ZH_CN)?),
    }
}

/// Whether a character takes two columns in a terminal (East Asian wide and full-width).
fn is_wide(c: char) -> bool {
    matches!(
        u32::from(c),
        0x1100..=0x115F
            | 0x2E80..=0x303E
            | 0x3041..=0x33FF
            | 0x3400..=0x4DBF
            | 0x4E00..=0x9FFF
            | 0xA000..=0xA4CF
            | 0xAC00..=0xD7A3
            | 0xF900..=0xFAFF
            | 0xFE30..=0xFE4F
            | 0xFF00..=0xFF60
            | 0xFFE0..=0xFFE6
            | 0x20000..=0x3FFFD
    )
}

/// The columns `text` takes in a terminal: a wide (CJK) character counts two.
pub fn display_width(text: &str) -> usize {
    text.chars().map(|c| if is_wide(c) { 2 } else { 1 }).sum()
}

/// `text` (already escaped) padded to `width` columns, or cut to fit with `…`.
pub fn cell(text: &str, width: usize) -> String {
    let columns = display_width(text);
    if columns > width {
        let mut out = String::new();
        let mut used = 0;
        for c in text.chars() {
            let w = if is_wide(c) { 2 } else { 1 };
            if used + w > width.saturating_sub(1) {
                break;
            }
            used += w;
            out.push(c);
        }
        out.push('…');
        out.push_str(&" ".repeat(width.saturating_sub(used + 1)));
        out
    } else {
        format!("{text}{}", " ".repeat(width - columns))
    }
}

fn shown(text: &str) -> String {
    mspkit::text::shown(text, mspkit::text::MAX_SHOWN_CHARS)
}

/// An expected or actual value of a finding in `lang`: `enabled`, `not configured`, `unset`,
/// `not offered on the … plan`; a setting's value stays as it is.
fn finding_value(lang: Lang, english: &str) -> String {
    phrase(lang, english).unwrap_or_else(|| translate(lang, "finding-not-offered", english))
}

/// The policy compliance table in `lang` ([`PortfolioCompliance::to_table`] in English).
pub fn compliance_table(lang: Lang, report: &PortfolioCompliance) -> String {
    if lang == Lang::En {
        return report.to_table();
    }
    let mut out = String::new();
    let title = report.baseline.as_deref().map_or_else(|| text(lang, "check-baseline", &[]), shown);
    let _ = writeln!(out, "{}", text(lang, "check-title", &[("baseline", title)]));
    let findings = report.findings();
    if !findings.is_empty() {
        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "{} {} {} {} {} {}",
            cell(&text(lang, "check-col-severity", &[]), 9),
            cell(&text(lang, "check-col-client", &[]), 22),
            cell(&text(lang, "check-col-finding", &[]), 22),
            cell(&text(lang, "check-col-subject", &[]), 36),
            cell(&text(lang, "check-col-expected", &[]), 16),
            text(lang, "check-col-actual", &[]),
        );
        for (client, f) in findings {
            let mut actual = finding_value(lang, &f.actual);
            if let Some(day) = f.exception_expired {
                actual =
                    text(lang, "check-exception-expired", &[("actual", actual), ("day", day.to_string())]);
            }
            let _ = writeln!(
                out,
                "{} {} {} {} {} {}",
                cell(&value(lang, f.severity.name()), 9),
                cell(&shown(&client.client_name), 22),
                cell(f.code.code(), 22),
                cell(&shown(&f.subject()), 36),
                cell(&shown(&finding_value(lang, &f.expected)), 16),
                shown(&actual)
            );
        }
    }
    let accepted: Vec<_> =
        report.clients.iter().flat_map(|c| c.accepted.iter().map(move |a| (c, a))).collect();
    if !accepted.is_empty() {
        let _ = writeln!(out);
        let _ = writeln!(out, "{}", text(lang, "check-accepted", &[]));
        for (client, a) in accepted {
            let line = text(
                lang,
                "check-accepted-line",
                &[
                    ("client", shown(&client.client_name)),
                    ("subject", shown(&a.finding.subject())),
                    ("code", a.finding.code.code().to_owned()),
                    ("expires", a.expires.to_string()),
                    ("reason", shown(&a.reason)),
                ],
            );
            let _ = writeln!(out, "  {line}");
        }
    }
    let _ = writeln!(out);
    let t = &report.totals;
    let by_severity: Vec<String> = ["critical", "high", "medium"]
        .iter()
        .filter_map(|s| {
            t.by_severity.get(*s).map(|n| {
                text(lang, "check-severity-count", &[("count", n.to_string()), ("severity", value(lang, s))])
            })
        })
        .collect();
    let severities =
        if by_severity.is_empty() { String::new() } else { format!("（{}）", by_severity.join("，")) };
    let _ = write!(
        out,
        "{}",
        text(
            lang,
            "check-summary",
            &[
                ("compliant", t.compliant_clients.to_string()),
                ("clients", t.clients.to_string()),
                ("findings", t.findings.to_string()),
                ("severities", severities),
                ("accepted", t.accepted.to_string()),
            ],
        )
    );
    out
}

/// The tiered compliance report in `lang` ([`TieredCompliance::to_table`] in English).
pub fn tiers_table(lang: Lang, report: &TieredCompliance) -> String {
    if lang == Lang::En {
        return report.to_table();
    }
    let mut out = String::new();
    for tier in &report.tiers {
        let names: Vec<String> = tier.baselines.iter().map(|n| mspkit::text::shown(n, 200)).collect();
        let heading = text(
            lang,
            "check-tier",
            &[("baselines", names.join(" + ")), ("clients", tier.report.totals.clients.to_string())],
        );
        let _ = writeln!(out, "{heading}");
        out.push_str(compliance_table(lang, &tier.report).trim_end());
        out.push_str("\n\n");
    }
    if report.unselected.is_empty() {
        let _ = writeln!(out, "{}", text(lang, "check-all-selected", &[]));
    } else {
        let _ = writeln!(
            out,
            "{}",
            text(lang, "check-unselected", &[("count", report.unselected.len().to_string())])
        );
        for c in &report.unselected {
            let tags: Vec<&str> = c.tags.iter().map(mspkit::client::ClientTag::as_str).collect();
            let tags = if tags.is_empty() {
                text(lang, "check-no-tags", &[])
            } else {
                text(lang, "check-tags", &[("tags", tags.join(", "))])
            };
            let _ = writeln!(out, "  {}（{tags}）", shown(&c.client_name));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{cell, display_width};

    #[test]
    fn wide_characters_count_twice() {
        assert_eq!(display_width("abc"), 3);
        assert_eq!(display_width("客户"), 4);
        assert_eq!(cell("客户", 6), "客户  ");
        assert_eq!(cell("客户组织名称", 6), "客户… ");
        assert_eq!(cell("abcdef", 4), "abc…");
    }
}
