//! The portfolio's deployment timeline as a self-contained SVG Gantt chart.

use std::fmt::Write as _;

use chrono::{Datelike, NaiveDate};

use super::{DeploymentReport, PhaseNumber};

const COLORS: [&str; 4] = ["#4e79a7", "#f28e2b", "#59a14f", "#b07aa1"];
/// For a phase the edition does not list (a report built by hand).
const OTHER_COLOUR: &str = "#999999";
const NAME_WIDTH: i64 = 220;
const CHART_WIDTH: i64 = 760;
const ROW: i64 = 30;
const TOP: i64 = 60;

/// Escapes text for XML content and attributes.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// The colour of a phase: by its position in the edition (the report's `phases`), not by its
/// number, so bars and legend agree whatever the numbering (1–4, 10–40, …).
fn colour_of(report: &DeploymentReport, phase: PhaseNumber) -> &'static str {
    report
        .phases
        .iter()
        .position(|(number, _)| *number == phase)
        .and_then(|i| COLORS.get(i % COLORS.len()))
        .copied()
        .unwrap_or(OTHER_COLOUR)
}

fn first_of_month(date: NaiveDate) -> NaiveDate {
    date.with_day(1).unwrap_or(date)
}

fn next_month(date: NaiveDate) -> Option<NaiveDate> {
    let (y, m) =
        if date.month() == 12 { (date.year().checked_add(1)?, 1) } else { (date.year(), date.month() + 1) };
    NaiveDate::from_ymd_opt(y, m, 1)
}

/// The words of the timeline and the fonts it asks for, so that a caller can draw it in another
/// language (the `mspkit-i18n` crate does, for Simplified Chinese). Every text is XML-escaped
/// by the renderer; [`EnglishTimeline`] is the built-in English.
pub trait TimelineText {
    /// The `lang` attribute of the `<svg>` element, if any.
    fn lang(&self) -> Option<String> {
        None
    }
    /// The CSS font stack (`font-family`): for a language with its own script, name fonts that
    /// have its glyphs before the generic family.
    fn font_family(&self) -> String {
        "sans-serif".to_owned()
    }
    /// The heading.
    fn title(&self) -> String;
    /// The document's `<title>`, naming the day.
    fn title_on(&self, today: NaiveDate) -> String;
    /// The mark after an overdue client's name (with its leading space, if the language has one).
    fn overdue(&self) -> String;
    /// A phase bar's tooltip.
    fn phase_bar(&self, client: &str, phase: PhaseNumber, start: NaiveDate, end: NaiveDate) -> String;
    /// A due-date marker's tooltip.
    fn due(&self, date: NaiveDate) -> String;
    /// The label of today's line.
    fn today(&self, date: NaiveDate) -> String;
    /// The legend's label of the due-date marker.
    fn due_date(&self) -> String;
    /// An axis label: the month, or only the year when the ticks are a year or more apart.
    fn month(&self, first: NaiveDate, year_only: bool) -> String;
}

/// The timeline in English.
#[derive(Debug, Clone, Copy, Default)]
pub struct EnglishTimeline;

impl TimelineText for EnglishTimeline {
    fn title(&self) -> String {
        "Deployment timeline".to_owned()
    }
    fn title_on(&self, today: NaiveDate) -> String {
        format!("Deployment timeline on {today}")
    }
    fn overdue(&self) -> String {
        " (overdue)".to_owned()
    }
    fn phase_bar(&self, client: &str, phase: PhaseNumber, start: NaiveDate, end: NaiveDate) -> String {
        format!("{client} phase {phase}: {start} to {end}")
    }
    fn due(&self, date: NaiveDate) -> String {
        format!("due {date}")
    }
    fn today(&self, date: NaiveDate) -> String {
        format!("today {date}")
    }
    fn due_date(&self) -> String {
        "due date".to_owned()
    }
    fn month(&self, first: NaiveDate, year_only: bool) -> String {
        first.format(if year_only { "%Y" } else { "%b %Y" }).to_string()
    }
}

/// The horizontal room of a label, in average character widths: a wide (CJK) character counts
/// twice, so a legend in Chinese does not overlap.
fn advance(text: &str) -> i64 {
    let wide = |c: char| matches!(u32::from(c), 0x1100..=0x115F | 0x2E80..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD);
    text.chars().map(|c| if wide(c) { 2 } else { 1 }).sum()
}

/// Renders the report as an SVG Gantt chart: one row per client, a bar per phase (four colours
/// chosen by the phase's position in the edition, the same in bars and legend), a month axis,
/// the due dates and a line for today. Self-contained: no fonts, stylesheets or scripts are
/// fetched; every name is XML-escaped. In English: [`render_timeline_svg_with`] takes the words.
pub fn render_timeline_svg(report: &DeploymentReport) -> String {
    render_timeline_svg_with(report, &EnglishTimeline)
}

/// [`render_timeline_svg`] with the words and fonts of `text`.
pub fn render_timeline_svg_with(report: &DeploymentReport, text: &dyn TimelineText) -> String {
    let today = report.today;
    let mut dates = vec![today];
    for row in &report.rows {
        dates.extend(row.phases.iter().flat_map(|p| [p.start, p.end]).flatten());
        dates.extend(row.due);
    }
    let min = dates.iter().min().copied().unwrap_or(today);
    let max = dates.iter().max().copied().unwrap_or(today);
    let from = first_of_month(min);
    let to = next_month(max).unwrap_or(max);
    let span = (to - from).num_days().max(1);
    let x = |d: NaiveDate| NAME_WIDTH + (d - from).num_days() * CHART_WIDTH / span;
    let day_width = (CHART_WIDTH / span).max(2);
    let rows = i64::try_from(report.rows.len()).unwrap_or(0);
    let height = TOP + rows.max(1) * ROW + 60;
    let width = NAME_WIDTH + CHART_WIDTH + 20;

    let mut s = String::new();
    let lang = text.lang().map(|l| format!(r#" lang="{}""#, escape(&l))).unwrap_or_default();
    let _ = writeln!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg"{lang} width="{width}" height="{height}" viewBox="0 0 {width} {height}" font-family="{}" font-size="12">"#,
        escape(&text.font_family())
    );
    let _ = writeln!(s, "<title>{}</title>", escape(&text.title_on(today)));
    let _ = writeln!(s, r##"<rect width="{width}" height="{height}" fill="#ffffff"/>"##);
    let _ = writeln!(
        s,
        r#"<text x="10" y="22" font-size="16" font-weight="bold">{}</text>"#,
        escape(&text.title())
    );
    month_ticks(&mut s, from, to, rows, &x, text);
    for (i, row) in (0_i64..).zip(&report.rows) {
        let y = TOP + i * ROW;
        if i % 2 == 1 {
            let _ = writeln!(s, r##"<rect x="0" y="{y}" width="{width}" height="{ROW}" fill="#f5f5f5"/>"##);
        }
        let colour = if row.overdue { "#c0392b" } else { "#222222" };
        let mark = if row.overdue { escape(&text.overdue()) } else { String::new() };
        let _ = writeln!(
            s,
            r#"<text x="10" y="{}" fill="{colour}">{}{mark} · {}%</text>"#,
            y + 19,
            escape(&row.name),
            row.percent
        );
        for p in &row.phases {
            let (Some(start), Some(end)) = (p.start, p.end) else {
                continue;
            };
            let colour = colour_of(report, p.phase);
            let bx = x(start);
            let bw = (x(end) - bx + day_width).max(2);
            let opacity = if p.finished { "0.55" } else { "1" };
            let _ = writeln!(
                s,
                r#"<rect x="{bx}" y="{}" width="{bw}" height="{}" rx="3" fill="{colour}" fill-opacity="{opacity}"><title>{}</title></rect>"#,
                y + 6,
                ROW - 12,
                escape(&text.phase_bar(&row.name, p.phase, start, end)),
            );
        }
        if let Some(due) = row.due {
            let dx = x(due) + day_width / 2;
            let _ = writeln!(
                s,
                r##"<path d="M{dx} {} l5 7 l-5 7 l-5 -7 z" fill="#222222"><title>{}</title></path>"##,
                y + 8,
                escape(&text.due(due))
            );
        }
    }
    // Today.
    let tx = x(today) + day_width / 2;
    let _ = writeln!(
        s,
        r##"<line x1="{tx}" y1="{}" x2="{tx}" y2="{}" stroke="#c0392b" stroke-width="2" stroke-dasharray="4 3"/>"##,
        TOP - 10,
        TOP + rows * ROW
    );
    let _ = writeln!(
        s,
        r##"<text x="{}" y="{}" fill="#c0392b">{}</text>"##,
        tx + 3,
        TOP + rows * ROW + 14,
        escape(&text.today(today))
    );
    legend(&mut s, report, TOP + rows.max(1) * ROW + 36, text);
    s.push_str("</svg>\n");
    s
}

/// The most month lines the axis draws, whatever the span of the dates: the chart's size
/// depends on its rows, never on how far apart its dates are.
const MAX_TICKS: u32 = 40;

/// The months between two ticks: 1, 2, 3 or 6 months, else whole years, so that at most
/// [`MAX_TICKS`] ticks cover `from..=to`.
fn tick_step(from: NaiveDate, to: NaiveDate) -> u32 {
    let months = (i64::from(to.year()) - i64::from(from.year())) * 12 + i64::from(to.month())
        - i64::from(from.month());
    let months = u32::try_from(months.max(0)).unwrap_or(u32::MAX);
    let needed = months.div_ceil(MAX_TICKS).max(1);
    match needed {
        1..=3 => needed,
        4..=6 => 6,
        _ => needed.div_ceil(12).saturating_mul(12),
    }
}

/// The first of the month `step` months after `date`'s.
fn months_after(date: NaiveDate, step: u32) -> Option<NaiveDate> {
    let index = i64::from(date.year()) * 12 + i64::from(date.month0()) + i64::from(step);
    let year = i32::try_from(index.div_euclid(12)).ok()?;
    let month = u32::try_from(index.rem_euclid(12)).ok()? + 1;
    NaiveDate::from_ymd_opt(year, month, 1)
}

/// Writes a vertical line and a label at the first of every month (or of every few months or
/// years on a long span, at most [`MAX_TICKS`] of them).
fn month_ticks(
    s: &mut String,
    from: NaiveDate,
    to: NaiveDate,
    rows: i64,
    x: &impl Fn(NaiveDate) -> i64,
    text: &dyn TimelineText,
) {
    let step = tick_step(from, to);
    let mut month = Some(from);
    while let Some(m) = month.filter(|m| *m <= to) {
        let mx = x(m);
        let _ = writeln!(
            *s,
            r##"<line x1="{mx}" y1="{}" x2="{mx}" y2="{}" stroke="#dddddd"/>"##,
            TOP - 10,
            TOP + rows * ROW
        );
        if m < to {
            let _ = writeln!(
                s,
                r##"<text x="{}" y="{}" fill="#555555">{}</text>"##,
                mx + 3,
                TOP - 14,
                escape(&text.month(m, step >= 12))
            );
        }
        month = months_after(m, step);
    }
}

/// Writes the legend: one swatch per phase, and the due-date marker.
fn legend(s: &mut String, report: &DeploymentReport, ly: i64, text: &dyn TimelineText) {
    let mut lx = 10;
    for (number, name) in &report.phases {
        let colour = colour_of(report, *number);
        let _ = writeln!(s, r#"<rect x="{lx}" y="{}" width="14" height="14" fill="{colour}"/>"#, ly - 11);
        let label = format!("{number}. {name}");
        let _ = writeln!(s, r#"<text x="{}" y="{ly}">{}</text>"#, lx + 19, escape(&label));
        lx += 30 + advance(&label) * 7;
    }
    let _ = writeln!(*s, r##"<path d="M{} {} l5 7 l-5 7 l-5 -7 z" fill="#222222"/>"##, lx + 5, ly - 12);
    let _ = writeln!(*s, r#"<text x="{}" y="{ly}">{}</text>"#, lx + 15, escape(&text.due_date()));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deployment::{DeploymentCatalog, DeploymentPortfolio};

    #[test]
    fn the_chart_is_self_contained_and_escapes_names() {
        let doc = r#"{"clients": [{"id": "4f675534-8d07-592f-9292-f914019a3e33", "name": "Smith & <Sons>"}],
            "deployments": [{"client": "4f675534-8d07-592f-9292-f914019a3e33",
                             "schedule": {"start": "2026-12-21", "hours_per_day": 1}, "due": "2027-01-15"}]}"#;
        let p = DeploymentPortfolio::from_json(doc).unwrap();
        let c = DeploymentCatalog::builtin().unwrap();
        let r = DeploymentReport::build(&c, &p, NaiveDate::from_ymd_opt(2026, 12, 22).unwrap()).unwrap();
        let svg = render_timeline_svg(&r);
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assert!(svg.contains("Smith &amp; &lt;Sons&gt;"));
        assert!(!svg.contains("<Sons>"));
        assert!(!svg.contains("href") && !svg.contains("<script") && !svg.contains("@import"));
        assert!(svg.contains("Dec 2026") && svg.contains("Jan 2027"));
        assert!(svg.matches("<rect x=").count() >= 4);
        assert!(svg.contains("today 2026-12-22"));
        assert!(svg.trim_end().ends_with("</svg>"));
    }

    /// The fill of the first `<rect …>` after `after` in `svg`.
    fn fill_after<'a>(svg: &'a str, after: &str) -> &'a str {
        let at = svg.find(after).unwrap();
        let rect = &svg[svg[..at].rfind("<rect").unwrap()..];
        let fill = rect.find("fill=\"").unwrap() + 6;
        &rect[fill..fill + 7]
    }

    #[test]
    fn the_chart_stays_small_whatever_the_dates() {
        let doc = r#"{"clients": [{"id": "4f675534-8d07-592f-9292-f914019a3e33", "name": "Far"}],
            "deployments": [{"client": "4f675534-8d07-592f-9292-f914019a3e33",
                             "schedule": {"start": "2026-12-21", "hours_per_day": 1}, "due": "2200-12-31"}]}"#;
        let p = DeploymentPortfolio::from_json(doc).unwrap();
        let c = DeploymentCatalog::builtin().unwrap();
        let today = NaiveDate::from_ymd_opt(1900, 1, 1).unwrap();
        let mut r = DeploymentReport::build(&c, &p, today).unwrap();
        let in_range = render_timeline_svg(&r);
        assert!(in_range.len() < 16 * 1024, "{} bytes", in_range.len());
        assert!(in_range.contains(">2200</text>") || in_range.contains(">2196</text>"));
        // A report's fields are public: a hand-made one with dates at chrono's limits too.
        r.rows[0].due = Some(NaiveDate::MAX);
        r.today = NaiveDate::MIN;
        let extreme = render_timeline_svg(&r);
        assert!(extreme.len() < 16 * 1024, "{} bytes", extreme.len());
        assert!(extreme.matches("<line x1=").count() <= MAX_TICKS as usize + 2);
    }

    #[test]
    fn bars_and_legend_colour_phases_alike_whatever_their_numbers() {
        // The built-in edition with its phases numbered 10, 20, 30, 40.
        let mut toml = include_str!("guide-36.toml").to_owned();
        for n in (1..=4).rev() {
            toml =
                toml.replace(&format!("[[phases]]\nnumber = {n}\n"), &format!("[[phases]]\nnumber = {n}0\n"));
            toml = toml.replace(&format!("\nphase = {n}\n"), &format!("\nphase = {n}0\n"));
        }
        let c = DeploymentCatalog::from_toml(&toml).unwrap();
        let numbers: Vec<_> = c.phases().iter().map(crate::deployment::Phase::number).collect();
        assert_eq!(numbers, [10, 20, 30, 40]);
        let doc = r#"{"clients": [{"id": "4f675534-8d07-592f-9292-f914019a3e33", "name": "Fabrikam"}],
            "deployments": [{"client": "4f675534-8d07-592f-9292-f914019a3e33",
                             "schedule": {"start": "2026-11-02", "hours_per_day": 2}}]}"#;
        let p = DeploymentPortfolio::from_json(doc).unwrap();
        let r = DeploymentReport::build(&c, &p, NaiveDate::from_ymd_opt(2026, 11, 2).unwrap()).unwrap();
        let svg = render_timeline_svg(&r);
        for (i, n) in numbers.iter().enumerate() {
            let bar = fill_after(&svg, &format!("<title>Fabrikam phase {n}:"));
            let legend = fill_after(&svg, &format!(">{n}. "));
            assert_eq!(bar, COLORS[i], "bar of phase {n}");
            assert_eq!(legend, COLORS[i], "legend of phase {n}");
        }
    }
}
