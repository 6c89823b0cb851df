//! Compliance reports for people (a table), machines (JSON) and CI systems (JUnit XML).

use std::fmt::Write as _;

use super::PortfolioCompliance;

/// `text` as the table shows it: escaped and cut ([`crate::text::shown`]), so a value from a
/// document (a baseline's name, an exception's reason, what a client has) cannot forge a row
/// or reach the terminal raw.
fn shown(text: &str) -> String {
    crate::text::shown(text, crate::text::MAX_SHOWN_CHARS)
}

/// `text` escaped, then padded or cut (`…`) to `width` characters.
fn cell(text: &str, width: usize) -> String {
    let text = &shown(text);
    let count = text.chars().count();
    if count > width {
        let mut cut: String = text.chars().take(width.saturating_sub(1)).collect();
        cut.push('…');
        cut
    } else {
        format!("{text}{}", " ".repeat(width - count))
    }
}

/// Escapes text for XML content and attribute values. Characters XML 1.0 does not allow at all
/// (most control characters) become U+FFFD, so any client name yields a valid document.
pub fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if u32::from(c) < 0x20 || matches!(c, '\u{FFFE}' | '\u{FFFF}') => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

impl PortfolioCompliance {
    /// A table of every unaccepted finding (most severe first), the accepted ones, and a
    /// summary line. Every value from the baseline or the portfolio is escaped and cut
    /// ([`crate::text::shown`]): one finding is one line, whatever the names hold.
    pub fn to_table(&self) -> String {
        let mut out = String::new();
        let title = shown(self.baseline.as_deref().unwrap_or("baseline"));
        let _ = writeln!(out, "Policy compliance against {title}");
        let findings = self.findings();
        if !findings.is_empty() {
            let _ = writeln!(out);
            let _ = writeln!(
                out,
                "{} {} {} {} {} ACTUAL",
                cell("SEVERITY", 9),
                cell("CLIENT", 22),
                cell("FINDING", 22),
                cell("POLICY / SETTING", 36),
                cell("EXPECTED", 16),
            );
            for (client, f) in findings {
                let mut actual = f.actual.to_string();
                if let Some(day) = f.exception_expired {
                    let _ = write!(actual, " (exception expired {day})");
                }
                let _ = writeln!(
                    out,
                    "{} {} {} {} {} {}",
                    cell(f.severity.name(), 9),
                    cell(&client.client_name, 22),
                    cell(f.code.code(), 22),
                    cell(&f.subject(), 36),
                    cell(&f.expected, 16),
                    shown(&actual)
                );
            }
        }
        let accepted: Vec<_> =
            self.clients.iter().flat_map(|c| c.accepted.iter().map(move |a| (c, a))).collect();
        if !accepted.is_empty() {
            let _ = writeln!(out);
            let _ = writeln!(out, "Accepted by exception:");
            for (client, a) in accepted {
                let _ = writeln!(
                    out,
                    "  {} {}: {} until {} ({})",
                    shown(&client.client_name),
                    shown(&a.finding.subject()),
                    a.finding.code.code(),
                    a.expires,
                    shown(&a.reason)
                );
            }
        }
        let _ = writeln!(out);
        let t = &self.totals;
        let by_severity: Vec<String> = ["critical", "high", "medium"]
            .iter()
            .filter_map(|s| t.by_severity.get(*s).map(|n| format!("{n} {s}")))
            .collect();
        let _ = write!(
            out,
            "{} of {} clients compliant; {} finding(s){}; {} accepted by exception",
            t.compliant_clients,
            t.clients,
            t.findings,
            if by_severity.is_empty() { String::new() } else { format!(" ({})", by_severity.join(", ")) },
            t.accepted
        );
        out
    }

    /// The report as pretty JSON, written from the report as it is (no copy first). A failure
    /// to write is `write_failed` (it does not happen for a report built by mspkit).
    pub fn to_json(&self) -> Result<String, super::PolicyError> {
        serde_json::to_string_pretty(self).map_err(|e| super::PolicyError::WriteFailed {
            what: "compliance report",
            message: e.to_string(),
        })
    }

    /// The report as JUnit XML: one test suite per client, one test case per required policy;
    /// a policy with unaccepted findings fails (one `<failure>` per finding), one accepted by an
    /// exception is skipped with the reason.
    pub fn to_junit(&self) -> String {
        let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        let (cases, failed) = self.junit_counts();
        let _ = writeln!(
            out,
            "<testsuites name=\"{}\" tests=\"{cases}\" failures=\"{failed}\" errors=\"0\">",
            xml_escape(&format!("policy compliance: {}", self.baseline.as_deref().unwrap_or("baseline")))
        );
        self.write_junit_suites(&mut out);
        out.push_str("</testsuites>\n");
        out
    }

    /// The JUnit test cases (a client times a required policy) and the failed ones.
    pub(super) fn junit_counts(&self) -> (usize, usize) {
        let cases = self.clients.len() * self.required_policies.len();
        let failed: usize = self
            .clients
            .iter()
            .map(|c| {
                self.required_policies.iter().filter(|k| c.findings.iter().any(|f| f.policy == **k)).count()
            })
            .sum();
        (cases, failed)
    }

    /// One JUnit `<testsuite>` per client (see [`Self::to_junit`]).
    pub(super) fn write_junit_suites(&self, out: &mut String) {
        for client in &self.clients {
            let failures = self
                .required_policies
                .iter()
                .filter(|k| client.findings.iter().any(|f| f.policy == **k))
                .count();
            let _ = writeln!(
                out,
                "  <testsuite name=\"{}\" id=\"{}\" tests=\"{}\" failures=\"{failures}\" errors=\"0\">",
                xml_escape(&client.client_name),
                client.client_id,
                self.required_policies.len()
            );
            for kind in &self.required_policies {
                let _ = write!(
                    out,
                    "    <testcase classname=\"{}\" name=\"{}\"",
                    xml_escape(&client.client_name),
                    kind.name()
                );
                let findings: Vec<_> = client.findings.iter().filter(|f| f.policy == *kind).collect();
                let accepted: Vec<_> = client.accepted.iter().filter(|a| a.finding.policy == *kind).collect();
                if findings.is_empty() && accepted.is_empty() {
                    out.push_str("/>\n");
                    continue;
                }
                out.push_str(">\n");
                let failed = !findings.is_empty();
                for f in findings {
                    let _ = writeln!(
                        out,
                        "      <failure type=\"{}\" message=\"{}\">{}</failure>",
                        f.code.code(),
                        xml_escape(&f.describe()),
                        xml_escape(&format!("severity: {}\n{}", f.severity.name(), f.describe()))
                    );
                }
                if let Some(a) = accepted.first().filter(|_| !failed) {
                    let _ = writeln!(
                        out,
                        "      <skipped message=\"{}\"/>",
                        xml_escape(&format!("accepted until {}: {}", a.expires, a.reason))
                    );
                }
                out.push_str("    </testcase>\n");
            }
            out.push_str("  </testsuite>\n");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_covers_markup_quotes_and_control_characters() {
        assert_eq!(xml_escape("a<b>&\"c'"), "a&lt;b&gt;&amp;&quot;c&apos;");
        assert_eq!(xml_escape("x\u{1}y\u{FFFF}"), "x\u{FFFD}y\u{FFFD}");
        assert_eq!(xml_escape("line\nnext\ttab"), "line\nnext\ttab");
    }

    #[test]
    fn cells_pad_and_cut() {
        assert_eq!(cell("ab", 4), "ab  ");
        assert_eq!(cell("abcdef", 4), "abc…");
    }
}
