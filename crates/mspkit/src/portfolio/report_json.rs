//! The compact JSON of a [`PortfolioReportView`], the client lines written by hand: at 100 000
//! clients serde's writer spent most of the report escaping the nine fixed keys and the id of
//! every line. Here only a line's name goes through serde's string escaping (and the rare
//! state and tags through serde); the keys are constants, the id is hex, the numbers are
//! digits. The clients are visited in chunks of [`CHUNK`]: each chunk's values are read first,
//! so the reads of clients scattered in memory (name order is not storage order) wait for
//! memory together, then its lines are written. `tests/public_api/clients.rs` checks the text
//! against `serde_json::to_string` of the owned report.

use super::report::{ClientLineRef, PortfolioReportView};

/// Clients read ahead before their lines are written.
const CHUNK: usize = 16;

impl PortfolioReportView<'_> {
    /// The report as compact JSON (the same text as `serde_json::to_string` of
    /// [`PortfolioReport::new`](super::PortfolioReport::new), tested), written into one buffer sized for it up front; the
    /// client lines are written by hand (`report_json.rs`), the rest through serde.
    pub fn to_json(&self) -> Result<String, serde_json::Error> {
        let mut out = Vec::with_capacity(self.json_len_estimate());
        write(&mut out, self)?;
        // serde_json and the line writer write UTF-8 only
        String::from_utf8(out).map_err(<serde_json::Error as serde::ser::Error>::custom)
    }

    /// A close upper estimate of the compact JSON's length: a client line's fixed part is
    /// at most about 200 bytes beside its name and tags (a UUID, a plan, four numbers). The
    /// names are summed in storage order (one sequential pass).
    fn json_len_estimate(&self) -> usize {
        const LINE: usize = 224;
        let clients = self.clients.provider.clients();
        let names: usize = clients.iter().map(|c| c.name().len() + 16 * c.tags().len()).sum();
        4096 + 512 * self.team.len() + LINE * clients.len() + names
    }
}

/// Writes `view` as compact JSON to `out`, in [`super::PortfolioReport`]'s field order.
pub(super) fn write(out: &mut Vec<u8>, view: &PortfolioReportView<'_>) -> Result<(), serde_json::Error> {
    out.extend_from_slice(b"{\"generated_at\":");
    serde_json::to_writer(&mut *out, &view.generated_at)?;
    out.extend_from_slice(b",\"provider\":");
    serde_json::to_writer(&mut *out, &view.provider)?;
    out.extend_from_slice(b",\"team_counts\":");
    serde_json::to_writer(&mut *out, &view.team_counts)?;
    out.extend_from_slice(b",\"team\":");
    serde_json::to_writer(&mut *out, &view.team)?;
    out.extend_from_slice(b",\"clients\":[");
    let provider = view.clients.provider;
    let all = provider.clients();
    // each line with whether its name needs escaping: reading the name here brings it in
    // with the rest of its chunk's
    let mut lines: Vec<(ClientLineRef<'_>, bool)> = Vec::with_capacity(CHUNK);
    let mut first = true;
    for chunk in view.clients.order.chunks(CHUNK) {
        lines.clear();
        lines.extend(chunk.iter().filter_map(|&i| all.get(i)).map(|c| {
            let line = ClientLineRef::new(provider, c);
            let plain = line.name.bytes().all(|b| b >= 0x20 && b != b'"' && b != b'\\');
            (line, plain)
        }));
        for (line, plain) in &lines {
            if !first {
                out.push(b',');
            }
            first = false;
            line_json(out, line, *plain)?;
        }
    }
    out.extend_from_slice(b"],\"seats\":");
    serde_json::to_writer(&mut *out, &view.seats)?;
    out.extend_from_slice(b",\"warnings\":");
    serde_json::to_writer(&mut *out, &view.warnings)?;
    if !view.billing_warnings.is_empty() {
        out.extend_from_slice(b",\"billing_warnings\":");
        serde_json::to_writer(&mut *out, &view.billing_warnings)?;
    }
    out.push(b'}');
    Ok(())
}

/// One client line, as serde writes [`super::ClientLine`]; `plain` when the name has no
/// character JSON escapes (`"`, `\\`, a control character): it is then written as it is, as
/// serde_json writes such a string (non-ASCII text is not escaped).
fn line_json(out: &mut Vec<u8>, line: &ClientLineRef<'_>, plain: bool) -> Result<(), serde_json::Error> {
    out.extend_from_slice(b"{\"id\":\"");
    let mut id = uuid::Uuid::encode_buffer();
    out.extend_from_slice(line.id.uuid().hyphenated().encode_lower(&mut id).as_bytes());
    out.extend_from_slice(b"\",\"name\":");
    if plain {
        out.push(b'"');
        out.extend_from_slice(line.name.as_bytes());
        out.push(b'"');
    } else {
        serde_json::to_writer(&mut *out, line.name)?;
    }
    out.extend_from_slice(b",\"plan\":");
    serde_json::to_writer(&mut *out, &line.plan)?;
    out.extend_from_slice(b",\"tier\":");
    serde_json::to_writer(&mut *out, &line.tier)?;
    out.extend_from_slice(b",\"seats\":");
    number(out, line.seats);
    out.extend_from_slice(b",\"occupied_seats\":");
    number(out, line.occupied_seats);
    out.extend_from_slice(b",\"free_seats\":");
    number(out, line.free_seats);
    out.extend_from_slice(if line.full { b",\"full\":true" } else { b",\"full\":false" });
    out.extend_from_slice(if line.enabled { b",\"enabled\":true" } else { b",\"enabled\":false" });
    if !line.state.is_active() {
        out.extend_from_slice(b",\"state\":");
        serde_json::to_writer(&mut *out, &line.state)?;
    }
    if let Some(billed) = line.billed_seats {
        out.extend_from_slice(b",\"billed_seats\":");
        number(out, billed);
    }
    if !line.tags.is_empty() {
        out.extend_from_slice(b",\"tags\":");
        serde_json::to_writer(&mut *out, line.tags)?;
    }
    out.push(b'}');
    Ok(())
}

/// The decimal digits of `n`, as serde_json writes an integer (without `fmt`'s machinery).
fn number(out: &mut Vec<u8>, mut n: u32) {
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
    out.extend_from_slice(digits.get(start..).unwrap_or_default());
}

#[cfg(test)]
mod tests {
    #[test]
    fn numbers_are_their_decimal_digits() {
        for n in [0, 7, 10, 99, 100, 4_096, 65_535, 1_000_000, u32::MAX] {
            let mut out = Vec::new();
            super::number(&mut out, n);
            assert_eq!(out, n.to_string().into_bytes());
        }
    }
}
