//! The deployment timeline (SVG) in a language: the words from the message files, and a font
//! stack that names fonts with CJK glyphs before the generic family.

use chrono::NaiveDate;
use mspkit::deployment::{
    DeploymentReport, EnglishTimeline, PhaseNumber, TimelineText, render_timeline_svg_with,
};

use crate::catalog::text;
use crate::lang::Lang;

/// The fonts the Chinese timeline asks for, in order: Noto and Source Han (Linux, the same
/// design), PingFang (macOS), Microsoft YaHei (Windows), then any sans-serif font.
const CJK_FONTS: &str =
    "'Noto Sans CJK SC', 'Source Han Sans SC', 'PingFang SC', 'Microsoft YaHei', sans-serif";

/// The timeline's words in a language ([`TimelineText`] over the message files). In English it
/// is exactly [`EnglishTimeline`].
#[derive(Debug, Clone, Copy)]
pub struct FluentTimeline(pub Lang);

impl TimelineText for FluentTimeline {
    fn lang(&self) -> Option<String> {
        (self.0 != Lang::En).then(|| self.0.tag().to_owned())
    }
    fn font_family(&self) -> String {
        match self.0 {
            Lang::En => EnglishTimeline.font_family(),
            Lang::ZhCn => CJK_FONTS.to_owned(),
        }
    }
    fn title(&self) -> String {
        text(self.0, "svg-title", &[])
    }
    fn title_on(&self, today: NaiveDate) -> String {
        text(self.0, "svg-title-on", &[("today", today.to_string())])
    }
    fn overdue(&self) -> String {
        match self.0 {
            // The English mark has its leading space; a Chinese one needs none.
            Lang::En => EnglishTimeline.overdue(),
            Lang::ZhCn => text(self.0, "svg-overdue", &[]),
        }
    }
    fn phase_bar(&self, client: &str, phase: PhaseNumber, start: NaiveDate, end: NaiveDate) -> String {
        text(
            self.0,
            "svg-phase-bar",
            &[
                ("client", client.to_owned()),
                ("phase", phase.to_string()),
                ("start", start.to_string()),
                ("end", end.to_string()),
            ],
        )
    }
    fn due(&self, date: NaiveDate) -> String {
        text(self.0, "svg-due", &[("date", date.to_string())])
    }
    fn today(&self, date: NaiveDate) -> String {
        text(self.0, "svg-today", &[("date", date.to_string())])
    }
    fn due_date(&self) -> String {
        text(self.0, "svg-due-date", &[])
    }
    fn month(&self, first: NaiveDate, year_only: bool) -> String {
        let format = text(self.0, if year_only { "svg-year-format" } else { "svg-month-format" }, &[]);
        let mut out = String::new();
        // A format the message file got wrong shows the ISO month rather than failing.
        if std::fmt::write(&mut out, format_args!("{}", first.format(&format))).is_err() {
            return first.format("%Y-%m").to_string();
        }
        out
    }
}

/// The timeline of `report` in `lang` (build the report with [`crate::deployment_catalog`] of
/// the same language, so phase names match).
pub fn timeline_svg(lang: Lang, report: &DeploymentReport) -> String {
    render_timeline_svg_with(report, &FluentTimeline(lang))
}
