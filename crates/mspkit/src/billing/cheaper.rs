//! Which billing model a comparison finds cheaper ([`ModelComparison::cheaper`](super::ModelComparison)).

use serde::Serialize;

/// The cheaper of the seat-minimum model and a usage-based one, over a year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CheaperModel {
    /// The seat-minimum model costs less.
    SeatMinimum,
    /// A usage-based model would cost less.
    UsageBased,
    /// Both cost the same.
    Equal,
}

impl CheaperModel {
    /// The stable snake_case name (its JSON form).
    pub fn name(self) -> &'static str {
        match self {
            Self::SeatMinimum => "seat_minimum",
            Self::UsageBased => "usage_based",
            Self::Equal => "equal",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::CheaperModel;

    #[test]
    fn the_name_is_the_json_form() {
        for model in [CheaperModel::SeatMinimum, CheaperModel::UsageBased, CheaperModel::Equal] {
            assert_eq!(serde_json::to_value(model).unwrap(), model.name());
        }
    }
}
