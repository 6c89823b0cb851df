//! Client organizations: the organizations a provider creates or takes on for its customers
//! (the clients area: its state and its error; its commands are in `provider/commands`).

mod addable;
mod error;
mod index;
pub mod lifecycle;
mod organization;
pub mod tags;

pub use super::commands::clients::Created;
pub use addable::AddableOrganization;
pub use error::ClientError;
pub(crate) use index::Clients;
pub use lifecycle::{ClientState, ClientStateKind};
pub use organization::{
    ClientMember, ClientOrganization, ExistingOrganization, MAX_ORGANIZATION_NAME_LEN, NewClient,
    OrganizationUserStatus, OrganizationUserType, SeatCount,
};
pub(crate) use organization::{
    ClientRecord, check_client_name, checked_client_name, first_duplicate_member, occupied,
};
pub use tags::{ClientTag, MAX_CLIENT_TAGS, MAX_TAG_LEN, parse_tags, tag_set};
