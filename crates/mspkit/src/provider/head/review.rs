//! Access reviews (issue 20, item 2): who signed off the review of which clients, when, and
//! when the next one is due. The report itself (who can act where, the findings) is
//! `mspkit::access_review`; the provider keeps only the sign-offs.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::ProviderError;
use crate::email::Email;
use crate::ids::{OrganizationId, ProviderUserId};

/// The latest a next review may be due: 366 days after the sign-off (reviews at least once a
/// year, a leap year included).
pub const MAX_REVIEW_INTERVAL_DAYS: i64 = 366;

/// The SHA-256 of an access review's findings in their canonical form (see DESIGN.md, "Access
/// reviews"): 64 lowercase hexadecimal digits in JSON.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FindingsHash([u8; 32]);

impl FindingsHash {
    /// The hash of these 32 digest bytes.
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        Self(bytes)
    }

    /// The digest bytes.
    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// The 64 lowercase hexadecimal digits.
    pub fn to_hex(&self) -> String {
        use std::fmt::Write as _;
        let mut out = String::with_capacity(64);
        for byte in self.0 {
            let _ = write!(out, "{byte:02x}");
        }
        out
    }
}

impl std::str::FromStr for FindingsHash {
    type Err = ProviderError;

    /// Reads 64 lowercase hexadecimal digits (`findings_hash_invalid` otherwise).
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let digits = text.as_bytes();
        if digits.len() != 64 {
            return Err(ProviderError::FindingsHashInvalid);
        }
        let mut bytes = [0u8; 32];
        for (byte, pair) in bytes.iter_mut().zip(digits.chunks_exact(2)) {
            let value = |d: u8| match d {
                b'0'..=b'9' => Some(d - b'0'),
                b'a'..=b'f' => Some(d - b'a' + 10),
                _ => None,
            };
            match pair {
                [high, low] => match (value(*high), value(*low)) {
                    (Some(h), Some(l)) => *byte = (h << 4) | l,
                    _ => return Err(ProviderError::FindingsHashInvalid),
                },
                _ => return Err(ProviderError::FindingsHashInvalid),
            }
        }
        Ok(Self(bytes))
    }
}

impl std::fmt::Debug for FindingsHash {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "FindingsHash({})", self.to_hex())
    }
}

impl std::fmt::Display for FindingsHash {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.to_hex())
    }
}

impl Serialize for FindingsHash {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_hex())
    }
}

impl<'de> Deserialize<'de> for FindingsHash {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// One sign-off of an access review: by whom, when, over which findings, and when the next
/// review is due.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewSignOff {
    /// The provider admin who signed.
    pub by: ProviderUserId,
    /// Their email when they signed (kept after they leave the team).
    pub by_email: Email,
    /// When.
    pub at: DateTime<Utc>,
    /// The hash of the findings they signed off.
    pub findings: FindingsHash,
    /// When the next review is due (the review is overdue from that day on).
    pub next_due: NaiveDate,
}

impl ReviewSignOff {
    /// Whether the next review is due on or before `today`.
    pub fn overdue(&self, today: NaiveDate) -> bool {
        self.next_due <= today
    }
}

/// The provider's access review sign-offs: the latest of every client at once, and the latest
/// of each client reviewed by name. A client's last review is the later of the two that
/// covers it (a sign-off of every client covers the clients the provider had then).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccessReviews {
    /// The latest sign-off of every client.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    all: Option<ReviewSignOff>,
    /// The latest sign-off naming each client, by client.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    clients: BTreeMap<OrganizationId, ReviewSignOff>,
}

impl AccessReviews {
    /// Whether no review was ever signed.
    pub fn is_empty(&self) -> bool {
        self.all.is_none() && self.clients.is_empty()
    }

    /// The latest sign-off of every client.
    pub fn all(&self) -> Option<&ReviewSignOff> {
        self.all.as_ref()
    }

    /// The clients with a sign-off of their own (a review that named them).
    pub fn named(&self) -> impl Iterator<Item = OrganizationId> + '_ {
        self.clients.keys().copied()
    }

    /// The last review of a client that joined at `joined`: the later of the sign-off that
    /// named it and the last sign-off of every client after it joined.
    pub fn last_of(&self, client: OrganizationId, joined: DateTime<Utc>) -> Option<&ReviewSignOff> {
        let all = self.all.as_ref().filter(|s| s.at >= joined);
        match (all, self.clients.get(&client)) {
            (Some(a), Some(c)) => Some(if c.at > a.at { c } else { a }),
            (a, c) => a.or(c),
        }
    }

    /// Records a sign-off of `clients` (`None`: every client).
    pub(crate) fn record(&mut self, clients: Option<&[OrganizationId]>, sign_off: ReviewSignOff) {
        match clients {
            None => self.all = Some(sign_off),
            Some(list) => {
                for client in list {
                    self.clients.insert(*client, sign_off.clone());
                }
            }
        }
    }

    /// Forgets a client that left the provider.
    pub(crate) fn client_left(&mut self, client: OrganizationId) {
        self.clients.remove(&client);
    }
}

/// Checks a sign-off's next due date against the day it is signed: after it, and at most
/// [`MAX_REVIEW_INTERVAL_DAYS`] later (`review_due_invalid`).
pub fn check_next_due(next_due: NaiveDate, on: NaiveDate) -> Result<(), ProviderError> {
    let days = next_due.signed_duration_since(on).num_days();
    if !(1..=MAX_REVIEW_INTERVAL_DAYS).contains(&days) {
        return Err(ProviderError::ReviewDueInvalid { next_due, on });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_reads_back_its_digits_and_refuses_others() {
        let hash = FindingsHash::from_bytes([0xab; 32]);
        let text = hash.to_string();
        assert_eq!(text.len(), 64);
        assert_eq!(text.parse::<FindingsHash>().unwrap(), hash);
        for bad in ["", "AB", &"A".repeat(64), &"g".repeat(64), &"a".repeat(63)] {
            assert_eq!(bad.parse::<FindingsHash>(), Err(ProviderError::FindingsHashInvalid));
        }
    }

    #[test]
    fn the_next_due_date_is_after_the_day_and_within_a_year() {
        let on = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
        assert!(check_next_due(on, on).is_err());
        assert!(check_next_due(on.succ_opt().unwrap(), on).is_ok());
        assert!(check_next_due(on + chrono::Duration::days(366), on).is_ok());
        assert!(check_next_due(on + chrono::Duration::days(367), on).is_err());
    }
}
