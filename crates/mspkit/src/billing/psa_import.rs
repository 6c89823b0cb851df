//! A PSA's company and agreement export, read for reconciliation (issue 17): one row per
//! company (or per agreement of a company), with the company's id and name, optionally the
//! agreement and the quantity it bills.
//!
//! Each PSA names the columns its own way; [`PsaSystem::columns`] is the mapping mspkit reads
//! (header names compared without case and with runs of spaces as one):
//!
//! | PSA              | company id       | company name   | agreement        | quantity   |
//! |------------------|------------------|----------------|------------------|------------|
//! | `connectwise`    | `Company ID`     | `Company Name` | `Agreement Name` | `Quantity` |
//! | `autotask`       | `Company Number` | `Company Name` | `Contract Name`  | `Units`    |
//! | `halo`           | `Client ID`      | `Client Name`  | `Contract Ref`   | `Quantity` |
//!
//! The id and name columns are required, the agreement and quantity columns optional (a
//! company list without agreements is compared by name and reference only); other columns are
//! ignored. The PSA is the one whose id and name columns the header holds, or the one chosen.
//!
//! Every cell is checked where it enters: no control or invisible format characters
//! ([`crate::text::is_unsafe`]), at most [`MAX_PSA_CELL_CHARS`] characters, a quantity a whole
//! number of at most [`MAX_PSA_QUANTITY`]; at most [`MAX_PSA_COMPANIES`] rows
//! (`psa_too_many_rows`), and the text within the document reader's size limit
//! (`document_too_large`).

use serde::{Deserialize, Serialize};

use super::BillingError;

/// The most rows a PSA export may have: far beyond any MSP's client list, and a bound on the
/// memory a file can make the reader spend before the size limit does.
pub const MAX_PSA_COMPANIES: usize = 100_000;

/// The longest cell (in characters) a PSA export may hold in the columns mspkit reads.
pub const MAX_PSA_CELL_CHARS: usize = 256;

/// The largest quantity a PSA row may bill (a client's seat limit).
pub const MAX_PSA_QUANTITY: u32 = 1_000_000;

/// The professional services automation tool an export comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PsaSystem {
    /// ConnectWise Manage (company and agreement additions list).
    Connectwise,
    /// Autotask PSA (companies and contracts).
    Autotask,
    /// HaloPSA (clients and contracts).
    Halo,
}

/// The header names one PSA gives the four columns mspkit reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PsaColumns {
    /// The company's id in the PSA (what a client's reference holds).
    pub company_id: &'static str,
    /// The company's name.
    pub company_name: &'static str,
    /// The agreement (or contract) name.
    pub agreement: &'static str,
    /// The quantity the agreement bills.
    pub quantity: &'static str,
}

impl PsaSystem {
    /// Every PSA, in the order detection tries them.
    pub const ALL: [Self; 3] = [Self::Connectwise, Self::Autotask, Self::Halo];

    /// The snake_case name (`connectwise`, `autotask`, `halo`), as in JSON and `--psa`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Connectwise => "connectwise",
            Self::Autotask => "autotask",
            Self::Halo => "halo",
        }
    }

    /// The PSA named `name` (its snake_case name).
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.name() == name)
    }

    /// Its column names: the company id, company name, agreement and quantity columns of its
    /// export.
    pub fn columns(self) -> PsaColumns {
        match self {
            Self::Connectwise => PsaColumns {
                company_id: "Company ID",
                company_name: "Company Name",
                agreement: "Agreement Name",
                quantity: "Quantity",
            },
            Self::Autotask => PsaColumns {
                company_id: "Company Number",
                company_name: "Company Name",
                agreement: "Contract Name",
                quantity: "Units",
            },
            Self::Halo => PsaColumns {
                company_id: "Client ID",
                company_name: "Client Name",
                agreement: "Contract Ref",
                quantity: "Quantity",
            },
        }
    }
}

/// One row of a PSA export: a company, or one agreement of a company (several rows may share
/// a company id; the reconciliation adds their quantities).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PsaCompany {
    company_id: String,
    company_name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    agreement: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    quantity: Option<u32>,
}

impl PsaCompany {
    /// A company row, checked as a CSV row is: id and name not blank (both trimmed), no cell
    /// over [`MAX_PSA_CELL_CHARS`] characters or holding a control or format character, the
    /// quantity at most [`MAX_PSA_QUANTITY`]. `row` (from 1) names the row in the error
    /// (`psa_row_invalid`). A blank agreement is none.
    pub fn new(
        row: u64,
        company_id: &str,
        company_name: &str,
        agreement: Option<&str>,
        quantity: Option<u32>,
    ) -> Result<Self, BillingError> {
        let company_id = cell(row, "company id", company_id)?;
        let company_name = cell(row, "company name", company_name)?;
        if company_id.is_empty() {
            return Err(row_error(row, "the company id is blank"));
        }
        if company_name.is_empty() {
            return Err(row_error(row, "the company name is blank"));
        }
        let agreement = agreement.map(|a| cell(row, "agreement", a)).transpose()?.filter(|a| !a.is_empty());
        if let Some(q) = quantity
            && q > MAX_PSA_QUANTITY
        {
            return Err(row_error(row, &format!("the quantity {q} is above {MAX_PSA_QUANTITY}")));
        }
        Ok(Self { company_id, company_name, agreement, quantity })
    }

    /// The company's id in the PSA.
    pub fn company_id(&self) -> &str {
        &self.company_id
    }

    /// The company's name.
    pub fn company_name(&self) -> &str {
        &self.company_name
    }

    /// The agreement, when the export has one.
    pub fn agreement(&self) -> Option<&str> {
        self.agreement.as_deref()
    }

    /// The quantity billed, when the export gives one.
    pub fn quantity(&self) -> Option<u32> {
        self.quantity
    }
}

/// A cell, trimmed and checked.
fn cell(row: u64, what: &str, text: &str) -> Result<String, BillingError> {
    let text = text.trim();
    if text.chars().count() > MAX_PSA_CELL_CHARS {
        return Err(row_error(row, &format!("the {what} is longer than {MAX_PSA_CELL_CHARS} characters")));
    }
    if text.chars().any(crate::text::is_unsafe) {
        return Err(row_error(
            row,
            &format!("the {what} `{}` holds a control or invisible character", crate::text::shown(text, 40)),
        ));
    }
    Ok(text.to_owned())
}

fn row_error(row: u64, detail: &str) -> BillingError {
    BillingError::PsaRowInvalid { row, detail: detail.to_owned() }
}

/// A quantity cell: blank is none; a whole number, possibly written with thousands commas or a
/// zero fraction (`1,200`, `35.00`), as PSA exports write them.
pub fn parse_psa_quantity(row: u64, text: &str) -> Result<Option<u32>, BillingError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let whole = match text.split_once('.') {
        Some((whole, fraction)) if !fraction.is_empty() && fraction.bytes().all(|b| b == b'0') => whole,
        Some(_) => "",
        None => text,
    };
    // Thousands commas: a first group of 1 to 3 digits, then groups of exactly 3.
    let mut groups = whole.split(',');
    let first_ok = groups.next().is_some_and(|g| (1..=3).contains(&g.len()) || !whole.contains(','));
    let grouped = first_ok && groups.all(|g| g.len() == 3);
    let digits: String = whole.chars().filter(|&c| c != ',').collect();
    let shown = crate::text::shown(text, 40);
    if !grouped || digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(row_error(row, &format!("the quantity `{shown}` is not a whole number of seats")));
    }
    match digits.parse::<u32>() {
        Ok(q) if q <= MAX_PSA_QUANTITY => Ok(Some(q)),
        _ => Err(row_error(row, &format!("the quantity `{shown}` is above {MAX_PSA_QUANTITY}"))),
    }
}

/// The companies read from a PSA export, and which PSA's columns they were read by.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PsaCompanies {
    /// The PSA.
    pub system: PsaSystem,
    /// The rows, in the file's order.
    pub companies: Vec<PsaCompany>,
}

/// A header name as compared: trimmed, lower case, runs of white space as one space.
#[cfg(feature = "csv")]
fn header_key(name: &str) -> String {
    name.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// Where each column sits in a header, for `system`: `None` when its id or name column is
/// missing.
#[cfg(feature = "csv")]
fn positions(header: &[String], system: PsaSystem) -> Option<[Option<usize>; 4]> {
    let columns = system.columns();
    let find = |name: &str| header.iter().position(|h| *h == header_key(name));
    let id = find(columns.company_id)?;
    let name = find(columns.company_name)?;
    Some([Some(id), Some(name), find(columns.agreement), find(columns.quantity)])
}

/// Which PSA a header is from, or the one chosen: `psa_header_invalid` when the chosen PSA's
/// id and name columns are missing, or when the header fits none or several.
#[cfg(feature = "csv")]
fn mapping(
    header: &[String],
    chosen: Option<PsaSystem>,
) -> Result<(PsaSystem, [Option<usize>; 4]), BillingError> {
    let needs = |s: PsaSystem| format!("`{}` and `{}`", s.columns().company_id, s.columns().company_name);
    if let Some(system) = chosen {
        return positions(header, system).map(|p| (system, p)).ok_or_else(|| {
            BillingError::PsaHeaderInvalid {
                detail: format!("a {} export needs the columns {}", system.name(), needs(system)),
            }
        });
    }
    let mut found = PsaSystem::ALL.into_iter().filter_map(|s| positions(header, s).map(|p| (s, p)));
    match (found.next(), found.next()) {
        (Some(one), None) => Ok(one),
        (Some((a, _)), Some((b, _))) => Err(BillingError::PsaHeaderInvalid {
            detail: format!("the header fits both {} and {}; choose one (`--psa`)", a.name(), b.name()),
        }),
        (None, _) => Err(BillingError::PsaHeaderInvalid {
            detail: format!(
                "the header names no PSA's columns: ConnectWise needs {}, Autotask {}, HaloPSA {}",
                needs(PsaSystem::Connectwise),
                needs(PsaSystem::Autotask),
                needs(PsaSystem::Halo)
            ),
        }),
    }
}

/// Reads a PSA export (CSV, UTF-8, with or without a byte order mark; quoted fields may hold
/// commas, quotes and line breaks) by the columns of `system`, or of the PSA its header is
/// from when `None`. The text is first held to `reader`'s size limit (`document_too_large`).
/// Rows whose cells are all blank are skipped. (Feature `csv`.)
#[cfg(feature = "csv")]
pub fn read_psa_companies(
    text: &str,
    system: Option<PsaSystem>,
    reader: &crate::document::DocumentReader,
) -> Result<PsaCompanies, BillingError> {
    reader.check_size(text, "PSA export").map_err(BillingError::Document)?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut csv = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
    let mut records = csv.records();
    let header = match records.next() {
        Some(Ok(record)) => record.iter().map(header_key).collect::<Vec<_>>(),
        Some(Err(e)) => return Err(BillingError::PsaHeaderInvalid { detail: e.to_string() }),
        None => return Err(BillingError::PsaHeaderInvalid { detail: "the file is empty".to_owned() }),
    };
    let (system, [id, name, agreement, quantity]) = mapping(&header, system)?;
    let mut companies = Vec::new();
    for record in records {
        let record = record.map_err(|e| {
            let row = e.position().map_or(0, csv::Position::line);
            BillingError::PsaRowInvalid { row, detail: crate::text::shown(&e.to_string(), 200) }
        })?;
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if companies.len() >= MAX_PSA_COMPANIES {
            return Err(BillingError::PsaTooManyRows { limit: MAX_PSA_COMPANIES });
        }
        let row = record.position().map_or(0, csv::Position::line);
        let get = |at: Option<usize>| at.and_then(|i| record.get(i)).unwrap_or("");
        let company = PsaCompany::new(
            row,
            get(id),
            get(name),
            agreement.map(|_| get(agreement)),
            parse_psa_quantity(row, get(quantity))?,
        )?;
        companies.push(company);
    }
    Ok(PsaCompanies { system, companies })
}
