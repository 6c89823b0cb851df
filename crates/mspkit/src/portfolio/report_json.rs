//! The compact JSON of a [`PortfolioReportView`], the client lines written by hand: at 100 000
//! clients serde's writer spent most of the report escaping the nine fixed keys and the id of
//! every line. Here only a line's name goes through serde's string escaping when it needs it
//! (and the rare state and tags through serde); the keys are constants, the id is hex, the
//! numbers are digits, a plan and its tier one fragment serde wrote once per plan. The lines
//! are written from the values gathered in one pass over the clients ([`super::report_lines`]),
//! not from the clients: in name order those lie scattered over memory, the copies in the cache.
//! `tests/public_api/clients.rs` checks the text against `serde_json::to_string` of the owned
//! report.

use super::report::{ClientLineRef, PortfolioReportView};
use super::report_lines::{Gathered, Kind, Line};
use crate::plan::PlanType;

impl PortfolioReportView<'_> {
    /// The report as compact JSON (the same text as `serde_json::to_string` of
    /// [`PortfolioReport::new`](super::PortfolioReport::new), tested), written into one
    /// string sized for it up front (text from the start, so that 18 MB at 100 000 clients
    /// are not read again to check they are UTF-8); the client lines are written by hand
    /// (`report_json.rs`), the rest through serde.
    pub fn to_json(&self) -> Result<String, serde_json::Error> {
        let mut out = String::with_capacity(self.json_len_estimate());
        write(&mut out, self)?;
        Ok(out)
    }

    /// A close upper estimate of the compact JSON's length: a client line's fixed part is
    /// at most about 200 bytes beside its name and tags (a UUID, a plan, four numbers), whose
    /// bytes were counted in the pass that gathered the lines.
    fn json_len_estimate(&self) -> usize {
        const LINE: usize = 224;
        let lines = &self.clients.lines;
        4096_usize
            .saturating_add(512 * self.team.len())
            .saturating_add(LINE.saturating_mul(lines.lines.len()))
            .saturating_add(lines.text)
    }
}

/// Writes `view` as compact JSON to `out`, in [`super::PortfolioReport`]'s field order.
pub(super) fn write(out: &mut String, view: &PortfolioReportView<'_>) -> Result<(), serde_json::Error> {
    out.push_str("{\"generated_at\":");
    serde_into(out, &view.generated_at)?;
    out.push_str(",\"provider\":");
    serde_into(out, &view.provider)?;
    out.push_str(",\"team_counts\":");
    serde_into(out, &view.team_counts)?;
    out.push_str(",\"team\":");
    serde_into(out, &view.team)?;
    out.push_str(",\"clients\":[");
    let provider = view.clients.provider;
    let all = provider.clients();
    let lines = &view.clients.lines;
    let mut fragments = Fragments::default();
    let mut first = true;
    for &i in &view.clients.order {
        let Some(line) = lines.lines.get(i) else { continue };
        if !first {
            out.push(',');
        }
        first = false;
        match line.kind {
            Kind::FromClient => {
                if let Some(c) = all.get(i) {
                    let line = ClientLineRef::new(provider, c);
                    let plain = line.name.bytes().all(|b| b >= 0x20 && b != b'"' && b != b'\\');
                    line_json(out, &line, plain)?;
                }
            }
            Kind::Plain | Kind::Escaped => gathered_json(out, line, lines, &mut fragments)?,
        }
    }
    out.push_str("],\"seats\":");
    serde_into(out, &view.seats)?;
    out.push_str(",\"warnings\":");
    serde_into(out, &view.warnings)?;
    if !view.billing_warnings.is_empty() {
        out.push_str(",\"billing_warnings\":");
        serde_into(out, &view.billing_warnings)?;
    }
    out.push('}');
    Ok(())
}

/// Appends serde's compact JSON of `value` (a part of the report written once, or a rare part
/// of a line).
fn serde_into<T: serde::Serialize + ?Sized>(out: &mut String, value: &T) -> Result<(), serde_json::Error> {
    out.push_str(&serde_json::to_string(value)?);
    Ok(())
}

/// The `"plan"` and `"tier"` members of a line on each plan met so far, as serde writes them
/// (a provider has a handful of plans: a short list searched linearly).
#[derive(Default)]
struct Fragments(Vec<(PlanType, String)>);

impl Fragments {
    /// The members of `plan`: `,"plan":…,"tier":…`.
    fn of(&mut self, plan: PlanType) -> Result<&str, serde_json::Error> {
        let at = if let Some(at) = self.0.iter().position(|(p, _)| *p == plan) {
            at
        } else {
            let mut text = ",\"plan\":".to_owned();
            serde_into(&mut text, &plan)?;
            text.push_str(",\"tier\":");
            serde_into(&mut text, &plan.tier())?;
            self.0.push((plan, text));
            self.0.len() - 1
        };
        Ok(self.0.get(at).map_or("", |(_, text)| text.as_str()))
    }
}

/// The line of a client whose state is active and who has no tags, as [`line_json`] writes it,
/// from its gathered values.
fn gathered_json(
    out: &mut String,
    line: &Line,
    lines: &Gathered,
    fragments: &mut Fragments,
) -> Result<(), serde_json::Error> {
    out.push_str("{\"id\":\"");
    let mut id = uuid::Uuid::encode_buffer();
    out.push_str(line.id.uuid().hyphenated().encode_lower(&mut id));
    out.push_str("\",\"name\":");
    let name = lines.name(line);
    if line.kind == Kind::Plain {
        out.push('"');
        out.push_str(name);
        out.push('"');
    } else {
        serde_into(out, name)?;
    }
    out.push_str(fragments.of(line.plan)?);
    out.push_str(",\"seats\":");
    number(out, line.seats);
    out.push_str(",\"occupied_seats\":");
    number(out, line.occupied);
    out.push_str(",\"free_seats\":");
    let free = line.seats.saturating_sub(line.occupied);
    number(out, free);
    out.push_str(if free == 0 { ",\"full\":true" } else { ",\"full\":false" });
    out.push_str(if line.enabled { ",\"enabled\":true}" } else { ",\"enabled\":false}" });
    Ok(())
}

/// One client line, as serde writes [`super::ClientLine`]; `plain` when the name has no
/// character JSON escapes (`"`, `\\`, a control character): it is then written as it is, as
/// serde_json writes such a string (non-ASCII text is not escaped).
fn line_json(out: &mut String, line: &ClientLineRef<'_>, plain: bool) -> Result<(), serde_json::Error> {
    out.push_str("{\"id\":\"");
    let mut id = uuid::Uuid::encode_buffer();
    out.push_str(line.id.uuid().hyphenated().encode_lower(&mut id));
    out.push_str("\",\"name\":");
    if plain {
        out.push('"');
        out.push_str(line.name);
        out.push('"');
    } else {
        serde_into(out, line.name)?;
    }
    out.push_str(",\"plan\":");
    serde_into(out, &line.plan)?;
    out.push_str(",\"tier\":");
    serde_into(out, &line.tier)?;
    out.push_str(",\"seats\":");
    number(out, line.seats);
    out.push_str(",\"occupied_seats\":");
    number(out, line.occupied_seats);
    out.push_str(",\"free_seats\":");
    number(out, line.free_seats);
    out.push_str(if line.full { ",\"full\":true" } else { ",\"full\":false" });
    out.push_str(if line.enabled { ",\"enabled\":true" } else { ",\"enabled\":false" });
    if !line.state.is_active() {
        out.push_str(",\"state\":");
        serde_into(out, &line.state)?;
    }
    if let Some(billed) = line.billed_seats {
        out.push_str(",\"billed_seats\":");
        number(out, billed);
    }
    if !line.tags.is_empty() {
        out.push_str(",\"tags\":");
        serde_into(out, line.tags)?;
    }
    out.push('}');
    Ok(())
}

/// The decimal digits of `n`, as serde_json writes an integer (without `fmt`'s machinery).
fn number(out: &mut String, mut n: u32) {
    let mut digits = [0u8; 10];
    let mut start = digits.len();
    for slot in digits.iter_mut().rev() {
        // n % 10 < 10: the cast keeps the digit
        *slot = b'0' + (n % 10) as u8;
        start -= 1;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for digit in digits.get(start..).unwrap_or_default() {
        out.push(char::from(*digit));
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn numbers_are_their_decimal_digits() {
        for n in [0, 7, 10, 99, 100, 4_096, 65_535, 1_000_000, u32::MAX] {
            let mut out = String::new();
            super::number(&mut out, n);
            assert_eq!(out, n.to_string());
        }
    }
}
