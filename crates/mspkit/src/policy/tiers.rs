//! Baseline tiers (issue 17, item 3): several baselines, each applying to the clients whose
//! tags it names ([`Baseline::applies_to`]; none named: every client). Each client is checked
//! against the baselines its tags select, merged by [`Baseline::strictest`]; a client no
//! baseline selects is reported apart ([`TieredCompliance::unselected`]). The report groups the
//! clients by tier: the set of baselines that selected them.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::{
    Baseline, BaselineError, ClientPolicies, Expectation, PolicyException, PortfolioCompliance, Requirement,
    SettingRequirement,
};
use crate::ids::OrganizationId;
use crate::provider::clients::ClientTag;

/// The stricter of two expectations of one setting: the larger minimum, the smaller ceiling,
/// the choices both allow; the same flag or text. `None` when no value meets both.
fn stricter(a: &Expectation, b: &Expectation) -> Option<Expectation> {
    match (a, b) {
        (Expectation::AtLeast(x), Expectation::AtLeast(y)) => Some(Expectation::AtLeast(*x.max(y))),
        (Expectation::AtMost(x), Expectation::AtMost(y)) => Some(Expectation::AtMost(*x.min(y))),
        (Expectation::OneOf(x), Expectation::OneOf(y)) => {
            let both: Vec<String> = x.iter().filter(|n| y.contains(n)).cloned().collect();
            (!both.is_empty()).then_some(Expectation::OneOf(both))
        }
        (x, y) if x == y => Some(x.clone()),
        _ => None,
    }
}

/// A baseline's name for people: its `name`, else `baseline N` (its position, from 1).
fn label(baseline: &Baseline, position: usize) -> String {
    baseline.name.clone().unwrap_or_else(|| format!("baseline {}", position.saturating_add(1)))
}

impl Baseline {
    /// The strictest combination of `baselines` for a client they all select, as
    /// [`MasterPasswordPolicy::strictest`](crate::password::MasterPasswordPolicy) combines
    /// organizations' policies: every policy any of them requires, each setting at the stricter
    /// value (the larger minimum, the smaller ceiling, the choices all allow; flags and texts
    /// must agree, else `baseline_conflict`). An exception is kept only where the baseline that
    /// wrote it is the one in force: for its setting (or its whole policy) the merged baseline
    /// asks exactly what it asks — a stricter baseline's requirement is not waived by a laxer
    /// one's exception. The name is the names joined with ` + `; `applies_to` is left empty.
    pub fn strictest(baselines: &[&Self]) -> Result<Self, BaselineError> {
        let names: Vec<String> = baselines.iter().enumerate().map(|(i, b)| label(b, i)).collect();
        let mut merged: BTreeMap<_, Requirement> = BTreeMap::new();
        for baseline in baselines {
            for requirement in &baseline.requirements {
                let Some(into) = merged.get_mut(&requirement.kind) else {
                    merged.insert(requirement.kind, requirement.clone());
                    continue;
                };
                for want in &requirement.settings {
                    match into.settings.iter_mut().find(|s| s.setting == want.setting) {
                        None => into.settings.push(want.clone()),
                        Some(have) => {
                            have.expectation =
                                stricter(&have.expectation, &want.expectation).ok_or_else(|| {
                                    BaselineError::Conflict {
                                        baselines: names.join(", "),
                                        subject: format!("{}.{}", requirement.kind, want.setting),
                                        first: have.expectation.to_string(),
                                        second: want.expectation.to_string(),
                                    }
                                })?;
                        }
                    }
                }
            }
        }
        let requirements: Vec<Requirement> = merged.into_values().collect();
        let find = |kind| requirements.iter().find(|r: &&Requirement| r.kind == kind);
        let in_force = |own: &Baseline, e: &PolicyException| {
            let (Some(mine), Some(merged)) = (own.requirement(e.policy), find(e.policy)) else {
                return false;
            };
            let setting = |r: &Requirement, name| {
                r.settings.iter().find(|s: &&SettingRequirement| s.setting == name).cloned()
            };
            match e.setting {
                None => {
                    mine.settings.len() == merged.settings.len()
                        && mine.settings.iter().all(|s| setting(merged, s.setting).as_ref() == Some(s))
                }
                Some(name) => setting(mine, name).is_some() && setting(mine, name) == setting(merged, name),
            }
        };
        let exceptions =
            baselines.iter().flat_map(|b| b.exceptions.iter().filter(|e| in_force(b, e)).cloned()).collect();
        Ok(Self {
            name: Some(names.join(" + ")),
            description: None,
            requirements,
            exceptions,
            applies_to: Vec::new(),
        })
    }

    /// Whether this baseline applies to a client carrying `tags`: it names none (every client)
    /// or one of them.
    pub fn selects(&self, tags: &BTreeSet<ClientTag>) -> bool {
        self.applies_to.is_empty() || self.applies_to.iter().any(|t| tags.contains(t))
    }
}

/// The clients one set of baselines selected, and their compliance with those baselines merged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TierCompliance {
    /// The baselines that selected these clients, by name (or `baseline N`), in the order given.
    pub baselines: Vec<String>,
    /// The compliance against their strictest combination ([`Baseline::strictest`]).
    pub report: PortfolioCompliance,
}

/// A client no baseline selects: its tags name none of the baselines' `applies_to`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnselectedClient {
    /// The organization id.
    pub client_id: OrganizationId,
    /// The client's name.
    pub client_name: String,
    /// Its tags (perhaps none).
    pub tags: Vec<ClientTag>,
}

/// Every client's compliance with the baselines its tags select, grouped by tier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TieredCompliance {
    /// Whether every client is selected by some baseline and compliant with it.
    pub compliant: bool,
    /// One tier per set of baselines that selected some client, in the order of the baselines
    /// (a tier of baselines 1 and 2 after the tier of baseline 1 alone).
    pub tiers: Vec<TierCompliance>,
    /// The clients no baseline selects, in the order given: each is a finding.
    pub unselected: Vec<UnselectedClient>,
}

/// Checks each client against the baselines its tags select ([`Baseline::applies_to`]; merged
/// by [`Baseline::strictest`] where several do; a client none selects is reported apart). A set of
/// baselines that selects some client and cannot be merged is `baseline_conflict`.
pub fn check_tiers<'a>(
    baselines: &[Baseline],
    clients: impl IntoIterator<Item = (ClientPolicies<'a>, &'a BTreeSet<ClientTag>)>,
    now: DateTime<Utc>,
) -> Result<TieredCompliance, BaselineError> {
    let mut groups: BTreeMap<Vec<usize>, Vec<ClientPolicies<'a>>> = BTreeMap::new();
    let mut unselected = Vec::new();
    for (client, tags) in clients {
        let selected: Vec<usize> =
            baselines.iter().enumerate().filter(|(_, b)| b.selects(tags)).map(|(i, _)| i).collect();
        if selected.is_empty() {
            unselected.push(UnselectedClient {
                client_id: client.id,
                client_name: client.name.to_string(),
                tags: tags.iter().cloned().collect(),
            });
        } else {
            groups.entry(selected).or_default().push(client);
        }
    }
    let mut tiers = Vec::with_capacity(groups.len());
    for (selected, clients) in groups {
        let chosen: Vec<&Baseline> = selected.iter().filter_map(|&i| baselines.get(i)).collect();
        let merged = match chosen.as_slice() {
            [one] => (*one).clone(),
            several => Baseline::strictest(several)?,
        };
        let report = merged.check_portfolio(clients, now);
        let names = selected.iter().filter_map(|&i| baselines.get(i).map(|b| label(b, i))).collect();
        tiers.push(TierCompliance { baselines: names, report });
    }
    let compliant = unselected.is_empty() && tiers.iter().all(|t| t.report.compliant);
    Ok(TieredCompliance { compliant, tiers, unselected })
}

impl TieredCompliance {
    /// The report as a table for people: each tier's table under a heading naming its
    /// baselines, then the clients no baseline selects. Values are escaped as in
    /// [`PortfolioCompliance::to_table`].
    pub fn to_table(&self) -> String {
        let mut out = String::new();
        for tier in &self.tiers {
            let names: Vec<String> = tier.baselines.iter().map(|n| crate::text::shown(n, 200)).collect();
            let _ =
                writeln!(out, "== Tier: {} ({} client(s))", names.join(" + "), tier.report.totals.clients);
            out.push_str(tier.report.to_table().trim_end());
            out.push_str("\n\n");
        }
        if self.unselected.is_empty() {
            let _ = writeln!(out, "Every client is selected by a baseline.");
        } else {
            let _ = writeln!(
                out,
                "== Selected by no baseline: {} client(s) (a finding each)",
                self.unselected.len()
            );
            for c in &self.unselected {
                let tags: Vec<&str> = c.tags.iter().map(ClientTag::as_str).collect();
                let tags =
                    if tags.is_empty() { "no tags".to_owned() } else { format!("tags: {}", tags.join(", ")) };
                let _ = writeln!(
                    out,
                    "  {} ({tags})",
                    crate::text::shown(&c.client_name, crate::text::MAX_SHOWN_CHARS)
                );
            }
        }
        out
    }

    /// The report as JUnit XML: every tier's clients as [`PortfolioCompliance::to_junit`]
    /// writes them (a client's test cases are its tier's required policies), and each client no
    /// baseline selects as a suite with one failed case, `baseline_selected`.
    pub fn to_junit(&self) -> String {
        let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        let (mut cases, mut failed) = (self.unselected.len(), self.unselected.len());
        for tier in &self.tiers {
            let (c, f) = tier.report.junit_counts();
            cases += c;
            failed += f;
        }
        let _ = writeln!(
            out,
            "<testsuites name=\"policy compliance by tier\" tests=\"{cases}\" failures=\"{failed}\" errors=\"0\">"
        );
        for tier in &self.tiers {
            tier.report.write_junit_suites(&mut out);
        }
        for c in &self.unselected {
            let name = super::xml_escape(&c.client_name);
            let _ = writeln!(
                out,
                "  <testsuite name=\"{name}\" id=\"{}\" tests=\"1\" failures=\"1\" errors=\"0\">",
                c.client_id
            );
            let _ = writeln!(
                out,
                "    <testcase classname=\"{name}\" name=\"baseline_selected\">\n      <failure type=\"no_baseline\" message=\"no baseline applies to the client's tags\"/>\n    </testcase>\n  </testsuite>"
            );
        }
        out.push_str("</testsuites>\n");
        out
    }

    /// The report as JSON (`write_failed` if it cannot be written).
    pub fn to_json(&self) -> Result<String, super::PolicyError> {
        serde_json::to_string_pretty(self).map_err(|e| super::PolicyError::WriteFailed {
            what: "tiered compliance report",
            message: e.to_string(),
        })
    }
}

/// Something whose clients can be checked against baseline tiers: a provider, a portfolio.
pub trait CheckTiers {
    /// The tiered compliance report at `now` ([`check_tiers`] over the clients and their tags).
    fn check_tiers(
        &self,
        baselines: &[Baseline],
        now: DateTime<Utc>,
    ) -> Result<TieredCompliance, BaselineError>;
}

impl CheckTiers for crate::Provider {
    fn check_tiers(
        &self,
        baselines: &[Baseline],
        now: DateTime<Utc>,
    ) -> Result<TieredCompliance, BaselineError> {
        check_tiers(baselines, self.clients().iter().map(|c| (ClientPolicies::from(c), c.tags())), now)
    }
}

impl CheckTiers for crate::Portfolio {
    fn check_tiers(
        &self,
        baselines: &[Baseline],
        now: DateTime<Utc>,
    ) -> Result<TieredCompliance, BaselineError> {
        self.provider().check_tiers(baselines, now)
    }
}
