//! PSA reconciliation (issue 17): the provider's clients and their PSA references against a
//! PSA's companies. Pure: the companies come in as values ([`PsaCompany`]), read by
//! [`crate::billing::read_psa_companies`] or built by the caller.
//!
//! What it reports, in this order: clients without a PSA reference, references that match no
//! company, companies with no client, and companies whose quantity differs from the seats the
//! MSP bills their clients ([`Provider::client_billed_seats`]). Rows of one company id are one
//! company: their quantities add up. A company several clients reference is compared with the
//! sum of their billed seats.
//!
//! It proposes a match for a client without a reference only when it is sure: first by the
//! exact name (trimmed), then by the normalised name ([`normalised_company_name`]), each time
//! only when exactly one unclaimed company and exactly one client without a reference share
//! the name — never a guess between two. The proposals become `client_reference_set` events
//! only when the caller records them ([`Provider::set_client_references`]).

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use crate::Provider;
use crate::billing::{PsaCompany, Subscription, check_client_reference};
use crate::ids::OrganizationId;

/// What a reconciliation finding is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum PsaFindingKind {
    /// A client has no PSA reference (a proposal may say which company it is).
    ClientWithoutReference,
    /// A client's reference names no company of the export.
    ReferenceUnmatched,
    /// A company of the export is referenced by no client (and no proposal names it).
    CompanyWithoutClient,
    /// A company's quantity differs from the seats billed to the clients that reference it.
    QuantityMismatch,
}

impl PsaFindingKind {
    /// The snake_case name, as in JSON and CSV.
    pub fn name(self) -> &'static str {
        match self {
            Self::ClientWithoutReference => "client_without_reference",
            Self::ReferenceUnmatched => "reference_unmatched",
            Self::CompanyWithoutClient => "company_without_client",
            Self::QuantityMismatch => "quantity_mismatch",
        }
    }
}

/// A client named by a finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PsaClient {
    /// The client's id.
    pub id: OrganizationId,
    /// The client's name.
    pub name: String,
}

/// One finding of a reconciliation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PsaFinding {
    /// What it is about.
    pub kind: PsaFindingKind,
    /// The clients concerned (none for a company without a client).
    pub clients: Vec<PsaClient>,
    /// The PSA company id (for `reference_unmatched`, the reference that matches nothing).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub company_id: Option<String>,
    /// The PSA company's name, when a company is concerned.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub company: Option<String>,
    /// The seats billed to the clients ([`Provider::client_billed_seats`], summed).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub billed_seats: Option<u64>,
    /// The company's quantity in the PSA (its rows summed).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub psa_quantity: Option<u64>,
    /// A sentence for people: the proposal or why there is none, the difference.
    pub detail: String,
}

/// How a proposal was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PsaMatchKind {
    /// The same name, trimmed.
    ExactName,
    /// The same normalised name ([`normalised_company_name`]).
    NormalisedName,
}

impl PsaMatchKind {
    /// The snake_case name.
    pub fn name(self) -> &'static str {
        match self {
            Self::ExactName => "exact_name",
            Self::NormalisedName => "normalised_name",
        }
    }
}

/// A proposed reference: the client is that company.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PsaMatch {
    /// The client's id.
    pub client_id: OrganizationId,
    /// The client's name.
    pub client: String,
    /// The company's id: the reference to set.
    pub company_id: String,
    /// The company's name.
    pub company: String,
    /// How the match was found.
    pub by: PsaMatchKind,
}

/// A reconciliation of the provider's clients with a PSA export: its findings and the matches
/// it is confident of ([`crate::Provider::reconcile_psa`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PsaReconciliation {
    /// Distinct companies of the export (by id).
    pub companies: usize,
    /// The provider's clients.
    pub clients: usize,
    /// Clients whose reference names a company of the export.
    pub matched: usize,
    /// The findings: by kind in the order of [`PsaFindingKind`], then clients in the
    /// provider's order and companies in the export's.
    pub findings: Vec<PsaFinding>,
    /// The matches it is sure of, in the provider's order of clients.
    pub proposals: Vec<PsaMatch>,
}

/// The reconciliation CSV's columns.
pub const PSA_RECONCILIATION_COLUMNS: [&str; 8] =
    ["Finding", "Clients", "Client Ids", "Company Id", "Company", "Billed Seats", "PSA Quantity", "Detail"];

/// Words of a company's legal form, dropped at the end of a normalised name.
const LEGAL_FORMS: [&str; 27] = [
    "ab",
    "ag",
    "as",
    "bv",
    "co",
    "company",
    "corp",
    "corporation",
    "gmbh",
    "inc",
    "incorporated",
    "kg",
    "limited",
    "llc",
    "llp",
    "lp",
    "ltd",
    "nv",
    "oy",
    "plc",
    "pty",
    "sa",
    "sarl",
    "sas",
    "spa",
    "srl",
    "ug",
];

/// A company name as the second pass compares it: lower case, `&` read as `and`, every other
/// character that is not a letter or digit a space, a leading `the` and trailing legal forms
/// (`Inc`, `LLC`, `Ltd`, `GmbH`, …) dropped, words joined by one space. `Contoso, Ltd.` and
/// `contoso` are the same; accents are kept (`Café` is not `Cafe`). A name of legal forms only
/// keeps them.
pub fn normalised_company_name(name: &str) -> String {
    let lower = name.to_lowercase().replace('&', " and ");
    let spaced: String = lower.chars().map(|c| if c.is_alphanumeric() { c } else { ' ' }).collect();
    let words: Vec<&str> = spaced.split_whitespace().collect();
    let mut kept: &[&str] = &words;
    if let Some(rest) = kept.strip_prefix(&["the"]) {
        kept = rest;
    }
    while let Some((last, rest)) = kept.split_last() {
        if rest.is_empty() || !LEGAL_FORMS.contains(last) {
            break;
        }
        kept = rest;
    }
    if kept.is_empty() { words.join(" ") } else { kept.join(" ") }
}

/// The rows of one company id.
#[derive(Debug)]
struct Company<'a> {
    id: &'a str,
    name: &'a str,
    quantity: Option<u64>,
}

/// One company per id, in the export's order (quantities added up), and the index by id.
fn companies_by_id(rows: &[PsaCompany]) -> (Vec<Company<'_>>, HashMap<&str, usize>) {
    let mut groups: Vec<Company<'_>> = Vec::new();
    let mut by_id: HashMap<&str, usize> = HashMap::new();
    for row in rows {
        let q = row.quantity().map(u64::from);
        if let Some(group) = by_id.get(row.company_id()).and_then(|&g| groups.get_mut(g)) {
            group.quantity = match (group.quantity, q) {
                (Some(a), Some(b)) => Some(a.saturating_add(b)),
                (a, b) => a.or(b),
            };
        } else {
            by_id.insert(row.company_id(), groups.len());
            groups.push(Company { id: row.company_id(), name: row.company_name(), quantity: q });
        }
    }
    (groups, by_id)
}

/// The key a matching pass compares names by.
fn name_key(by: PsaMatchKind, name: &str) -> String {
    match by {
        PsaMatchKind::ExactName => name.trim().to_owned(),
        PsaMatchKind::NormalisedName => normalised_company_name(name),
    }
}

/// What the matching passes found, by client (its index among the provider's clients).
#[derive(Debug, Default)]
struct Matching {
    /// The proposed company of a client and how it was found.
    proposed: HashMap<usize, (usize, PsaMatchKind)>,
    /// Clients that share their name with several companies or clients: (companies, clients).
    ambiguous: HashMap<usize, (usize, usize)>,
    /// Clients matched to a company whose id cannot be a reference.
    unusable: HashMap<usize, usize>,
    /// Companies neither referenced nor proposed, in the export's order.
    open_companies: Vec<usize>,
}

impl Matching {
    /// Exact names first, then normalised names; in each pass a client and a company are
    /// matched only when exactly one unclaimed company and one client without a reference
    /// share the key.
    fn run(
        companies: &[Company<'_>],
        clients: &[(OrganizationId, &str)],
        without: &[usize],
        open: Vec<usize>,
    ) -> Self {
        let mut m = Self { open_companies: open, ..Self::default() };
        let mut open_clients = without.to_vec();
        for by in [PsaMatchKind::ExactName, PsaMatchKind::NormalisedName] {
            let mut by_company: HashMap<String, Vec<usize>> = HashMap::new();
            for &g in &m.open_companies {
                if let Some(c) = companies.get(g) {
                    by_company.entry(name_key(by, c.name)).or_default().push(g);
                }
            }
            let mut sharing: HashMap<String, usize> = HashMap::new();
            for &i in &open_clients {
                if let Some((_, name)) = clients.get(i) {
                    *sharing.entry(name_key(by, name)).or_default() += 1;
                }
            }
            let mut taken_clients = HashSet::new();
            let mut taken_companies = HashSet::new();
            for &i in &open_clients {
                let Some((_, name)) = clients.get(i) else { continue };
                let key = name_key(by, name);
                let candidates = by_company.get(&key).map_or(&[][..], Vec::as_slice);
                let alike = sharing.get(&key).copied().unwrap_or(0);
                match candidates {
                    [] => {}
                    [g] if alike == 1 => {
                        if companies.get(*g).is_some_and(|c| check_client_reference(c.id).is_ok()) {
                            m.proposed.insert(i, (*g, by));
                        } else {
                            m.unusable.insert(i, *g);
                        }
                        taken_clients.insert(i);
                        taken_companies.insert(*g);
                    }
                    _ => {
                        m.ambiguous.entry(i).or_insert((candidates.len(), alike));
                    }
                }
            }
            open_clients.retain(|x| !taken_clients.contains(x));
            m.open_companies.retain(|x| !taken_companies.contains(x));
        }
        m
    }

    /// The detail of a client without a reference.
    fn detail(&self, i: usize, companies: &[Company<'_>]) -> String {
        if let Some(&(g, by)) = self.proposed.get(&i) {
            let c = companies.get(g);
            format!(
                "proposed: company `{}` ({}, {})",
                c.map_or("", |c| c.id),
                c.map_or("", |c| c.name),
                by.name().replace('_', " ")
            )
        } else if let Some(c) = self.unusable.get(&i).and_then(|&g| companies.get(g)) {
            format!(
                "company `{}` has this name but its id cannot be a reference (1 to 64 characters)",
                c.name
            )
        } else if let Some(&(companies, clients)) = self.ambiguous.get(&i) {
            let who = match (companies, clients) {
                (1, n) => format!("{n} clients without a reference share the name of one company"),
                (n, 1) => format!("{n} companies of the export share this name"),
                (n, m) => format!("{n} companies and {m} clients without a reference share this name"),
            };
            format!("not matched: {who}; set the reference by hand")
        } else {
            "no company of the export has this name".to_owned()
        }
    }
}

/// A finding with the fields every kind has.
fn finding(kind: PsaFindingKind, clients: Vec<PsaClient>, detail: String) -> PsaFinding {
    PsaFinding {
        kind,
        clients,
        company_id: None,
        company: None,
        billed_seats: None,
        psa_quantity: None,
        detail,
    }
}

impl PsaReconciliation {
    /// Reconciles `provider`'s clients (and their references in `sub`) with `companies`.
    pub fn build(provider: &Provider, sub: &Subscription, companies: &[PsaCompany]) -> Self {
        let (groups, by_id) = companies_by_id(companies);
        let clients: Vec<(OrganizationId, &str)> =
            provider.clients().iter().map(|c| (c.id(), c.name())).collect();
        let client = |i: usize| -> Vec<PsaClient> {
            clients
                .get(i)
                .map(|(id, name)| PsaClient { id: *id, name: (*name).to_owned() })
                .into_iter()
                .collect()
        };
        let billed = |i: usize| {
            clients.get(i).and_then(|(id, _)| provider.client_billed_seats(*id)).map_or(0, u64::from)
        };

        let mut referencing: Vec<Vec<usize>> = vec![Vec::new(); groups.len()];
        let mut unmatched = Vec::new();
        let mut without = Vec::new();
        let mut matched = 0;
        for (i, (id, _)) in clients.iter().enumerate() {
            match sub.client_reference(*id) {
                Some(reference) => match by_id.get(reference).and_then(|&g| referencing.get_mut(g)) {
                    Some(list) => {
                        list.push(i);
                        matched += 1;
                    }
                    None => unmatched.push((i, reference)),
                },
                None => without.push(i),
            }
        }
        let open = (0..groups.len()).filter(|&g| referencing.get(g).is_some_and(Vec::is_empty)).collect();
        let matching = Matching::run(&groups, &clients, &without, open);

        let mut findings = Vec::new();
        for &i in &without {
            let detail = matching.detail(i, &groups);
            let f = finding(PsaFindingKind::ClientWithoutReference, client(i), detail);
            findings.push(PsaFinding { billed_seats: Some(billed(i)), ..f });
        }
        for (i, reference) in unmatched {
            let detail = format!("the reference `{reference}` names no company of the export");
            let f = finding(PsaFindingKind::ReferenceUnmatched, client(i), detail);
            findings.push(PsaFinding {
                company_id: Some(reference.to_owned()),
                billed_seats: Some(billed(i)),
                ..f
            });
        }
        for c in matching.open_companies.iter().filter_map(|&g| groups.get(g)) {
            let f = finding(
                PsaFindingKind::CompanyWithoutClient,
                Vec::new(),
                "no client references this company".to_owned(),
            );
            findings.push(PsaFinding {
                company_id: Some(c.id.to_owned()),
                company: Some(c.name.to_owned()),
                psa_quantity: c.quantity,
                ..f
            });
        }
        for (c, list) in groups.iter().zip(&referencing) {
            let seats: u64 = list.iter().map(|&i| billed(i)).sum();
            let Some(quantity) = c.quantity.filter(|&q| !list.is_empty() && q != seats) else { continue };
            let detail = format!("the PSA bills {quantity}, mspkit bills {seats}");
            let f = finding(
                PsaFindingKind::QuantityMismatch,
                list.iter().flat_map(|&i| client(i)).collect(),
                detail,
            );
            findings.push(PsaFinding {
                company_id: Some(c.id.to_owned()),
                company: Some(c.name.to_owned()),
                billed_seats: Some(seats),
                psa_quantity: Some(quantity),
                ..f
            });
        }
        let proposals = without
            .iter()
            .filter_map(|&i| {
                let &(g, by) = matching.proposed.get(&i)?;
                let (id, name) = clients.get(i)?;
                let c = groups.get(g)?;
                Some(PsaMatch {
                    client_id: *id,
                    client: (*name).to_owned(),
                    company_id: c.id.to_owned(),
                    company: c.name.to_owned(),
                    by,
                })
            })
            .collect();
        Self { companies: groups.len(), clients: clients.len(), matched, findings, proposals }
    }

    /// Whether there is nothing to report and nothing to propose.
    pub fn is_clean(&self) -> bool {
        self.findings.is_empty() && self.proposals.is_empty()
    }

    /// The proposals as (client, reference) pairs, for [`Provider::set_client_references`].
    pub fn references(&self) -> Vec<(OrganizationId, String)> {
        self.proposals.iter().map(|m| (m.client_id, m.company_id.clone())).collect()
    }

    /// The findings as CSV ([`PSA_RECONCILIATION_COLUMNS`]); several clients are joined with
    /// `; ` (names) and ` ` (ids). Every cell goes through [`crate::text::csv_cell`], so a
    /// company named `=HYPERLINK(…)` cannot run as a formula. (Feature `csv`.)
    #[cfg(feature = "csv")]
    pub fn to_csv(&self) -> String {
        let mut out = csv::Writer::from_writer(Vec::new());
        // Writing to memory cannot fail; a failure would only drop a row, never panic.
        let _ = out.write_record(PSA_RECONCILIATION_COLUMNS);
        let number = |n: Option<u64>| n.map(|n| n.to_string()).unwrap_or_default();
        for f in &self.findings {
            let names = f.clients.iter().map(|c| c.name.as_str()).collect::<Vec<_>>().join("; ");
            let ids = f.clients.iter().map(|c| c.id.to_string()).collect::<Vec<_>>().join(" ");
            let cells = [
                f.kind.name(),
                &names,
                &ids,
                f.company_id.as_deref().unwrap_or(""),
                f.company.as_deref().unwrap_or(""),
                &number(f.billed_seats),
                &number(f.psa_quantity),
                &f.detail,
            ];
            let cells = cells.map(crate::text::csv_cell);
            let _ = out.write_record(cells.iter().map(|cell| cell.as_bytes()));
        }
        String::from_utf8(out.into_inner().unwrap_or_default()).unwrap_or_default()
    }
}
