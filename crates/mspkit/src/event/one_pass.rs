//! Reading an event line in one pass. serde's internally tagged enums read the whole object into
//! a buffer (`Content`) to find the tag, then read the variant from the buffer, and a derived
//! envelope reads each member generically. A line as mspkit writes it has a fixed layout and puts
//! the change's `type` first, so [`read_event_line`] reads the envelope from its bytes, then the
//! tag, then the variant's fields straight from the JSON. It is a fast path only: it accepts no
//! text the derived [`Event`] reader refuses and reads the same value (tested against it);
//! anything else (another layout, `type` not first, an escaped envelope key) is `None`, and the
//! caller takes the derived reader, whose errors are the ones a log reports.
//!
//! `ChangeShape` lists every variant of [`Change`] with its fields and their defaults, as serde's
//! `remote` derive needs: a variant missing here fails to compile (the shadow `Serialize`
//! matches every variant), a field of the wrong name or type too.

use std::collections::BTreeSet;

use chrono::{DateTime, NaiveDate, Utc};
use serde::de::value::BorrowedStrDeserializer;
use serde::de::{DeserializeSeed, EnumAccess, Error as _, IgnoredAny, MapAccess, VariantAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};
use uuid::Uuid;

use super::{Actor, Change, Event};
use crate::billing::{Discount, Money, OpenInvoice, SeatPrices, SeatPurchase, Subscription};
use crate::deployment::{ClientProfile, PhaseNumber, Schedule, SetupTask, StepNumber};
use crate::email::Email;
use crate::ids::{OrganizationId, ProviderId, ProviderUserId, UserId};
use crate::plan::PlanType;
use crate::policy::{PolicyChange, RevocationReason};
use crate::provider::clients::{ClientMember, ClientState, ClientTag};
use crate::provider::head::FindingsHash;
use crate::provider::team::ProviderUserType;
use crate::provider::{ProviderSettings, ProviderStatus, ProviderType};

/// The shape of [`Change`] for serde's `remote` derive: externally tagged, so the variant is
/// chosen by the tag already read. Its `Serialize` is never called; it is derived so that a
/// variant of [`Change`] missing here is a compile error.
#[derive(Serialize, Deserialize)]
#[serde(remote = "Change", rename_all = "snake_case", deny_unknown_fields)]
enum ChangeShape {
    ProviderIssued {
        kind: ProviderType,
        settings: Box<ProviderSettings>,
        issued_to: Email,
    },
    ProviderSetUp {
        member: ProviderUserId,
        user: UserId,
        email: Email,
    },
    ProviderUpdated {
        settings: Box<ProviderSettings>,
    },
    ProviderStatusChanged {
        from: ProviderStatus,
        to: ProviderStatus,
    },
    ProviderEnabled,
    ProviderDisabled,
    ProviderDeleted,
    ProviderAccessSuspended {
        reason: String,
    },
    ProviderAccessResumed {
        #[serde(default)]
        members: Option<Vec<ProviderUserId>>,
    },
    AccessReviewSigned {
        reviewer: ProviderUserId,
        #[serde(default)]
        clients: Option<Vec<OrganizationId>>,
        findings: FindingsHash,
        next_due: NaiveDate,
    },
    PlanChanged {
        from: PlanType,
        to: PlanType,
        clients: Vec<OrganizationId>,
    },
    SeatMinimumChanged {
        plan: PlanType,
        from: u32,
        to: u32,
    },
    MemberInvited {
        member: ProviderUserId,
        email: Email,
        role: ProviderUserType,
        expires_at: DateTime<Utc>,
    },
    MemberReinvited {
        member: ProviderUserId,
        expires_at: DateTime<Utc>,
    },
    MemberAccepted {
        member: ProviderUserId,
        user: UserId,
        #[serde(default)]
        public_key_fingerprint: Option<String>,
    },
    MemberConfirmed {
        member: ProviderUserId,
    },
    MemberRoleChanged {
        member: ProviderUserId,
        from: ProviderUserType,
        to: ProviderUserType,
    },
    MemberScopeChanged {
        member: ProviderUserId,
        scope: Option<BTreeSet<OrganizationId>>,
    },
    MemberRevoked {
        member: ProviderUserId,
    },
    MemberRestored {
        member: ProviderUserId,
    },
    MemberRemoved {
        member: ProviderUserId,
    },
    MemberLeft {
        member: ProviderUserId,
    },
    ClientCreated {
        client: OrganizationId,
        name: String,
        plan: PlanType,
        seats: u32,
        owner_email: Email,
        billing_email: Email,
        #[serde(default)]
        first_collection: Option<String>,
    },
    ClientAdded {
        client: OrganizationId,
        name: String,
        plan: PlanType,
        seats: u32,
        billing_email: Email,
        members: Vec<ClientMember>,
    },
    ClientSeatsChanged {
        client: OrganizationId,
        from: u32,
        to: u32,
        #[serde(default)]
        purchase: Option<SeatPurchase>,
    },
    ClientMemberAdded {
        client: OrganizationId,
        member: ClientMember,
    },
    ClientMemberRemoved {
        client: OrganizationId,
        email: Email,
    },
    ClientMemberRevoked {
        client: OrganizationId,
        email: Email,
        reason: RevocationReason,
    },
    ClientUnlinked {
        client: OrganizationId,
        billing_email: Email,
        #[serde(default)]
        reenabled: bool,
    },
    ClientDeleted {
        client: OrganizationId,
    },
    ClientVaultAccessed {
        client: OrganizationId,
    },
    ClientPolicyChanged {
        client: OrganizationId,
        change: PolicyChange,
    },
    SubscriptionStarted {
        subscription: Box<Subscription>,
    },
    SubscriptionInvoiced {
        invoice: OpenInvoice,
    },
    SubscriptionPaid {
        on: NaiveDate,
        amount: Money,
        reenables_provider: bool,
    },
    SubscriptionUnpaid {
        on: NaiveDate,
        cancels_on: NaiveDate,
    },
    SubscriptionCancelled {
        on: NaiveDate,
    },
    SubscriptionPricesChanged {
        prices: SeatPrices,
    },
    SubscriptionDiscountChanged {
        discount: Discount,
    },
    ClientReferenceSet {
        client: OrganizationId,
        #[serde(default)]
        reference: Option<String>,
    },
    ClientStateChanged {
        client: OrganizationId,
        from: ClientState,
        to: ClientState,
    },
    ClientTagsChanged {
        client: OrganizationId,
        from: BTreeSet<ClientTag>,
        to: BTreeSet<ClientTag>,
    },
    DeploymentPlanned {
        client: OrganizationId,
        profile: ClientProfile,
        schedule: Schedule,
        #[serde(default)]
        due: Option<NaiveDate>,
    },
    DeploymentChecklistRecorded {
        client: OrganizationId,
        task: SetupTask,
        done: bool,
    },
    DeploymentStepStarted {
        client: OrganizationId,
        step: StepNumber,
    },
    DeploymentStepCompleted {
        client: OrganizationId,
        step: StepNumber,
    },
    DeploymentStepSkipped {
        client: OrganizationId,
        step: StepNumber,
        reason: String,
    },
    DeploymentStepBlocked {
        client: OrganizationId,
        step: StepNumber,
        reason: String,
    },
    DeploymentStepReopened {
        client: OrganizationId,
        step: StepNumber,
    },
    DeploymentPhaseCompleted {
        client: OrganizationId,
        phase: PhaseNumber,
    },
    DeploymentPhaseReopened {
        client: OrganizationId,
        phase: PhaseNumber,
    },
    DeploymentProfileChanged {
        client: OrganizationId,
        profile: ClientProfile,
    },
}

/// Reads the event of one log line in one pass, or `None` when this fast path cannot (the
/// caller then reads the line with [`DocumentReader::parse_line`](crate::document::DocumentReader::parse_line),
/// whose verdict is the log's).
///
/// The envelope must be laid out exactly as mspkit writes it, like a chained line
/// ([`ChainedLine`](crate::event_log::chain::ChainedLine)): `{"provider":"P","sequence":N,"at":"T",
/// "actor":A,"change":C}` with no space, `P` (and an actor's id) a hyphenated UUID, `N` digits,
/// `T` of the form `2026-11-02T09:00:00Z`, `A` one of `{"type":"system"}`,
/// `{"type":"member","id":"…"}`, `{"type":"user","id":"…"}`. These parts are read from the
/// bytes by the functions the derived reader ends in (the UUID's parser, the event time's); the
/// change, `type` first, through `ChangeShape`.
///
/// The `bool` says whether this pass alone proves that no object of the line repeats a key:
/// true when every object was read by a type that refuses a repeated or unknown key (the
/// envelope and the actor have fixed keys; the changes [`refuses_repeated_keys`] lists). When it
/// is false the caller must still check the keys.
pub(crate) fn read_event_line(text: &str) -> Option<(Event, bool)> {
    let mut line = Layout { bytes: text.as_bytes(), at: 0 };
    line.literal(b"{\"provider\":\"")?;
    let provider = ProviderId::new(line.uuid()?);
    line.literal(b",\"sequence\":")?;
    let sequence = line.digits()?;
    line.literal(b",\"at\":\"")?;
    let at = super::utc_seconds(std::str::from_utf8(line.take(20)?).ok()?)?;
    line.literal(b"\",\"actor\":{\"type\":\"")?;
    let actor = if line.literal(b"system\"}").is_some() {
        Actor::System
    } else if line.literal(b"member\",\"id\":\"").is_some() {
        Actor::Member(ProviderUserId::new(line.uuid()?))
    } else {
        line.literal(b"user\",\"id\":\"")?;
        Actor::User(UserId::new(line.uuid()?))
    };
    if actor != Actor::System {
        line.literal(b"}")?;
    }
    line.literal(b",\"change\":")?;
    let body = text.get(line.at..)?.strip_suffix('}')?;
    let mut de = serde_json::Deserializer::from_str(body);
    let change = ChangeSeed.deserialize(&mut de).ok()?;
    de.end().ok()?;
    let strict = refuses_repeated_keys(&change);
    Some((Event { provider, sequence, at, actor, change }, strict))
}

/// A line read from its start, part by part.
struct Layout<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Layout<'a> {
    /// The next `n` bytes.
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let part = self.bytes.get(self.at..self.at.checked_add(n)?)?;
        self.at = self.at.saturating_add(n);
        Some(part)
    }

    /// `Some` and past `expected` if the line goes on with it; `None` (and not moved) if not.
    fn literal(&mut self, expected: &[u8]) -> Option<()> {
        let end = self.at.checked_add(expected.len())?;
        (self.bytes.get(self.at..end)? == expected).then(|| self.at = end)
    }

    /// A hyphenated UUID (36 bytes) and the quote that closes its string. The bytes hold no
    /// escape, quote or control character (the parser accepts only hexadecimal digits and
    /// hyphens), so the string is those bytes, as the derived reader would read them.
    fn uuid(&mut self) -> Option<Uuid> {
        let uuid = Uuid::try_parse_ascii(self.take(36)?).ok()?;
        self.literal(b"\"")?;
        Some(uuid)
    }

    /// A JSON integer without sign, fraction or exponent that fits a `u64` (what the derived
    /// reader reads as the sequence); a leading zero, which JSON does not allow, is refused.
    fn digits(&mut self) -> Option<u64> {
        let rest = self.bytes.get(self.at..)?;
        let count = rest.iter().take_while(|b| b.is_ascii_digit()).count();
        let digits = rest.get(..count)?;
        if count == 0 || (count > 1 && digits.first() == Some(&b'0')) {
            return None;
        }
        let value =
            digits.iter().try_fold(0u64, |n, &d| n.checked_mul(10)?.checked_add(u64::from(d - b'0')))?;
        self.at = self.at.saturating_add(count);
        Some(value)
    }
}

/// Whether reading this kind of change refuses every repeated key of its data, at every depth:
/// its fields and those of the values it holds are plain values (strings, numbers, ids, dates,
/// lists) or structs that deny unknown fields (serde refuses a repeated field), never a map or a
/// type that skips what it does not know. Kinds not proven so are `false` and keep the key
/// check. A new kind is `false` until someone proves it (and adds a sample to the test).
pub(crate) fn refuses_repeated_keys(change: &Change) -> bool {
    match change {
        Change::ProviderSetUp { .. }
        | Change::ProviderStatusChanged { .. }
        | Change::ProviderEnabled
        | Change::ProviderDisabled
        | Change::ProviderDeleted
        | Change::ProviderAccessSuspended { .. }
        | Change::SeatMinimumChanged { .. }
        | Change::MemberInvited { .. }
        | Change::MemberReinvited { .. }
        | Change::MemberAccepted { .. }
        | Change::MemberConfirmed { .. }
        | Change::MemberRoleChanged { .. }
        | Change::MemberScopeChanged { .. }
        | Change::MemberRevoked { .. }
        | Change::MemberRestored { .. }
        | Change::MemberRemoved { .. }
        | Change::MemberLeft { .. }
        | Change::ClientCreated { .. }
        | Change::ClientAdded { .. }
        | Change::ClientSeatsChanged { .. }
        | Change::ClientMemberAdded { .. }
        | Change::ClientMemberRemoved { .. }
        | Change::ClientUnlinked { .. }
        | Change::ClientDeleted { .. }
        | Change::ClientVaultAccessed { .. }
        | Change::ClientReferenceSet { .. }
        | Change::DeploymentStepStarted { .. }
        | Change::DeploymentStepCompleted { .. }
        | Change::DeploymentStepSkipped { .. }
        | Change::DeploymentStepBlocked { .. }
        | Change::DeploymentStepReopened { .. }
        | Change::DeploymentPhaseCompleted { .. }
        | Change::DeploymentPhaseReopened { .. } => true,
        Change::ProviderIssued { .. }
        | Change::ProviderUpdated { .. }
        | Change::ProviderAccessResumed { .. }
        | Change::AccessReviewSigned { .. }
        | Change::PlanChanged { .. }
        | Change::ClientMemberRevoked { .. }
        | Change::ClientPolicyChanged { .. }
        | Change::SubscriptionStarted { .. }
        | Change::SubscriptionInvoiced { .. }
        | Change::SubscriptionPaid { .. }
        | Change::SubscriptionUnpaid { .. }
        | Change::SubscriptionCancelled { .. }
        | Change::SubscriptionPricesChanged { .. }
        | Change::SubscriptionDiscountChanged { .. }
        | Change::ClientStateChanged { .. }
        | Change::ClientTagsChanged { .. }
        | Change::DeploymentPlanned { .. }
        | Change::DeploymentChecklistRecorded { .. }
        | Change::DeploymentProfileChanged { .. } => false,
    }
}

/// The next key, which must be `expected` (written without an escape).
fn expect_key<'de, A: MapAccess<'de>>(map: &mut A, expected: &str) -> Result<(), A::Error> {
    match map.next_key::<&'de str>()? {
        Some(key) if key == expected => Ok(()),
        _ => Err(A::Error::custom("not the layout mspkit writes")),
    }
}

/// The end of the object.
fn expect_end<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    match map.next_key::<IgnoredAny>()? {
        None => Ok(()),
        Some(_) => Err(A::Error::custom("not the layout mspkit writes")),
    }
}

/// The change: its `type` first, then the variant's fields read straight from the JSON.
struct ChangeSeed;

impl<'de> DeserializeSeed<'de> for ChangeSeed {
    type Value = Change;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Change, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for ChangeSeed {
    type Value = Change;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a change")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Change, A::Error> {
        expect_key(&mut map, "type")?;
        let tag = map.next_value::<&'de str>()?;
        ChangeShape::deserialize(TagFirst { tag, map })
    }
}

/// A change whose tag has been read: an enum to the shape's derived reader, the tag its variant
/// and the rest of the object the variant's fields.
struct TagFirst<'de, A> {
    tag: &'de str,
    map: A,
}

impl<'de, A: MapAccess<'de>> Deserializer<'de> for TagFirst<'de, A> {
    type Error = A::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, A::Error> {
        visitor.visit_enum(self)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf option
        unit unit_struct newtype_struct seq tuple tuple_struct map struct enum identifier ignored_any
    }
}

impl<'de, A: MapAccess<'de>> EnumAccess<'de> for TagFirst<'de, A> {
    type Error = A::Error;
    type Variant = Fields<A>;

    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, Fields<A>), A::Error> {
        let variant = seed.deserialize(BorrowedStrDeserializer::<A::Error>::new(self.tag))?;
        Ok((variant, Fields(self.map)))
    }
}

/// The rest of a change's object: its variant's fields.
struct Fields<A>(A);

impl<'de, A: MapAccess<'de>> VariantAccess<'de> for Fields<A> {
    type Error = A::Error;

    fn unit_variant(mut self) -> Result<(), A::Error> {
        expect_end(&mut self.0)
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, _: T) -> Result<T::Value, A::Error> {
        Err(A::Error::custom("a change has no newtype variant"))
    }

    fn tuple_variant<V: Visitor<'de>>(self, _: usize, _: V) -> Result<V::Value, A::Error> {
        Err(A::Error::custom("a change has no tuple variant"))
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, A::Error> {
        visitor.visit_map(self.0)
    }
}

#[cfg(test)]
mod tests;
