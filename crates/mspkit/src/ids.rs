//! Identifier newtypes: one per entity, so a provider id can never be passed where an
//! organization id is expected.
//!
//! Each id is a `#[repr(transparent)]` wrapper over [`uuid::Uuid`], serialized as a plain
//! UUID string. There is deliberately no `Default`: the nil UUID is not an identifier.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The error returned when a string is not a UUID.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{input}` is not a valid UUID")]
pub struct IdParseError {
    input: String,
}

error_codes! {
    IdParseError {
        Self { .. } => "invalid_id", InvalidInput;
    }
}

macro_rules! uuid_id {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        #[repr(transparent)]
        pub struct $name(Uuid);

        impl $name {
            /// Wraps an existing UUID.
            pub const fn new(uuid: Uuid) -> Self {
                Self(uuid)
            }

            /// The underlying UUID.
            pub const fn uuid(self) -> Uuid {
                self.0
            }
        }

        impl From<Uuid> for $name {
            fn from(uuid: Uuid) -> Self {
                Self(uuid)
            }
        }

        impl From<$name> for Uuid {
            fn from(id: $name) -> Self {
                id.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Display::fmt(&self.0, f)
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({})", stringify!($name), self.0)
            }
        }

        impl FromStr for $name {
            type Err = IdParseError;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(s.trim())
                    .map(Self)
                    .map_err(|_| IdParseError { input: s.to_owned() })
            }
        }
    };
}

uuid_id! {
    /// Identifies a provider (MSP, reseller or business unit).
    ProviderId
}
uuid_id! {
    /// Identifies one membership of a person in a provider's team.
    ProviderUserId
}
uuid_id! {
    /// Identifies a person's account (the same person may belong to several providers).
    UserId
}
uuid_id! {
    /// Identifies an organization (a provider's client, or an organization about to be added).
    OrganizationId
}
uuid_id! {
    /// Identifies a member of an organization.
    OrganizationUserId
}
uuid_id! {
    /// Identifies a recorded domain event.
    EventId
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_through_strings_and_json() {
        let id: ProviderId = "5f0c6a0e-3f37-4c55-9f6d-1f1d2a3b4c5d".parse().unwrap();
        assert_eq!(id.to_string(), "5f0c6a0e-3f37-4c55-9f6d-1f1d2a3b4c5d");
        let json = serde_json::to_string(&id).unwrap();
        assert_eq!(json, "\"5f0c6a0e-3f37-4c55-9f6d-1f1d2a3b4c5d\"");
        assert_eq!(serde_json::from_str::<ProviderId>(&json).unwrap(), id);
    }

    #[test]
    fn a_malformed_id_is_a_typed_error() {
        let err = "not-a-uuid".parse::<OrganizationId>().unwrap_err();
        assert_eq!(err.code(), "invalid_id");
        assert!(err.to_string().contains("`not-a-uuid`"));
    }
}
