//! mspkit's messages for people, in English and Simplified Chinese.
//!
//! The messages live in two [Project Fluent](https://projectfluent.org) files embedded in the
//! crate: `en.ftl` (the source language) and `zh-CN.ftl`. They hold one message per error code
//! (`error-<code>`), the portfolio report's warnings (`warning-<code>`), the values and labels
//! of the command line's tables, and the timeline's words; the deployment guide has its own
//! zh-CN edition ([`deployment_catalog`]).
//!
//! The core (`mspkit`) stays free of all this: its errors and warnings keep their English
//! `Display`, which is the English output. A Chinese message is made from the English one
//! ([`translate`]): the English message file gives the English text of each code with named
//! arguments, the arguments are read back from the English text by that pattern, and the
//! Chinese pattern is formatted with them. A test checks, for an instance of every error
//! variant, that the English pattern reproduces the core's text exactly; a text that does not
//! match (a message changed without its pattern) falls back to English, never to garbage.
//!
//! ```
//! use mspkit_i18n::{Lang, error_message};
//!
//! let english = "the open invoice is due on `2026-12-01`; it is not overdue before the day after";
//! assert_eq!(error_message(Lang::En, "invoice_not_overdue", english), english);
//! assert_eq!(
//!     error_message(Lang::ZhCn, "invoice_not_overdue", english),
//!     "未结发票的到期日为 `2026-12-01`，在其次日之前不算逾期"
//! );
//! ```

#![forbid(unsafe_code)]

mod catalog;
mod lang;
mod matcher;
mod render;
#[cfg(test)]
mod tests;
mod timeline;

pub use catalog::{
    EN_FTL, ZH_CN_FTL, english_matches, error_message, message_ids, text, translate, value, warning_message,
};
pub use lang::{Lang, UnknownLanguage};
pub use render::{cell, compliance_table, deployment_catalog, display_width, tiers_table};
pub use timeline::{FluentTimeline, timeline_svg};
