//! The Python enums: one protocol for every closed set of names (`.code`, `.value`, `.name`,
//! `members()`, `from_code`; a parameter takes a member or its snake_case name), and the
//! catalogue enums with the reference's integer codes. The sets without codes are in `names.rs`.

use pyo3::PyClass;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::pyclass::boolean_struct::True;
use pyo3::types::PyString;

use crate::convert::Text;
use crate::errors::validation_error;

/// What every Python enum of the binding shares: its members in order, and the snake_case
/// name each has in mspkit's JSON.
pub trait PyEnum: Sized + Copy + PartialEq + 'static {
    /// The Python class name (`Hosting`).
    const PY_NAME: &'static str;
    /// Every member, in order.
    fn all() -> Vec<Self>;
    /// The member's snake_case name (`self_hosted`).
    fn snake(self) -> String;
}

/// The most names an `unknown_name` refusal lists (a longer set points to its `members()`).
const MAX_LISTED_NAMES: usize = 30;

/// The member named `text` (its snake_case name), or `ValidationError` (`unknown_name`) listing
/// the accepted names.
pub fn parse<T: PyEnum>(text: &str) -> PyResult<T> {
    T::all().into_iter().find(|m| m.snake() == text).ok_or_else(|| {
        let names: Vec<String> = T::all().into_iter().map(|m| format!("`{}`", m.snake())).collect();
        // Every name, unless they are too many to read (the event kinds): then where to find them.
        let accepted = if names.len() <= MAX_LISTED_NAMES {
            format!("use one of {}", names.join(", "))
        } else {
            format!("use one of the {} names of `{}.members()`", names.len(), T::PY_NAME)
        };
        validation_error(
            "unknown_name",
            &format!("`{}` is not a {}; {accepted}", mspkit::text::shown(text, 40), T::PY_NAME),
        )
    })
}

/// The one extraction of an enum parameter: a member of the enum, or its snake_case name as a
/// `str` (through [`Text`], so a lone surrogate is `invalid_text`; an unknown name is
/// `unknown_name`). Any other type is a `TypeError`.
pub fn extract<T>(ob: Borrowed<'_, '_, PyAny>) -> PyResult<T>
where
    T: PyEnum + PyClass<Frozen = True> + Sync,
{
    if let Ok(member) = ob.cast::<T>() {
        return Ok(*member.get());
    }
    if ob.is_instance_of::<PyString>() {
        let text: Text = ob.extract()?;
        return parse(&text);
    }
    let type_name = ob.get_type().name().map(|n| n.to_string()).unwrap_or_default();
    Err(PyTypeError::new_err(format!("expected a {} or its name as a str, not {type_name}", T::PY_NAME)))
}

/// `member == other`: true for the same member and for its snake_case name as a `str`
/// (`Hosting.CLOUD == "cloud"`), false for anything else.
pub fn equals<T>(member: T, other: &Bound<'_, PyAny>) -> bool
where
    T: PyEnum + PyClass<Frozen = True> + Sync,
{
    if let Ok(other) = other.cast::<T>() {
        return *other.get() == member;
    }
    other.cast::<PyString>().ok().and_then(|s| s.to_str().ok().map(|s| s == member.snake())).unwrap_or(false)
}

/// The hash of a member: the hash of its snake_case name, so that a member and its name (equal)
/// hash alike and either finds the other in a dict or a set.
pub fn hash<T: PyEnum>(py: Python<'_>, member: T) -> PyResult<isize> {
    PyString::new(py, &member.snake()).hash()
}

/// What `__reduce__` returns: a callable and its arguments.
pub type Reduced<'py> = (Bound<'py, PyAny>, (Bound<'py, PyAny>,));

/// A member's `__reduce__`: `(type(member).from_code, (member.code,))`, so pickling and
/// `copy` give the member back (the same object: pyo3 keeps one per member).
pub fn reduce<'py>(member: &Bound<'py, PyAny>) -> PyResult<Reduced<'py>> {
    Ok((member.get_type().getattr("from_code")?, (member.getattr("code")?,)))
}

/// The snake_case serde name of a core value.
pub fn serde_name<T: serde::Serialize>(value: T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

/// Declares a Python enum that mirrors a core enum one-to-one. `code: <int>` for a set with the
/// reference's integer codes (`.code` is that integer, `from_code` takes it); `named` for a set
/// without (`.code` is the snake_case name, as `.value`, and `from_code` takes it). Either way
/// `.value` is the snake_case name, `.name` the upper-case Python name, every parameter takes a
/// member or its snake_case name (the [`extract`]), and a member equals its snake_case name.
macro_rules! py_enum {
    (
        $(#[$meta:meta])*
        $py:ident as $name:literal => $core:path, code: $code:ty {
            $($variant:ident = $pyname:literal),+ $(,)?
        }
        $(extra { $($extra:tt)* })?
    ) => {
        $crate::enums::py_enum!(@base $(#[$meta])* $py as $name => $core { $($variant = $pyname),+ });
        $crate::enums::py_enum!(@methods $py as $name => $core {
            /// The reference's integer code.
            #[getter]
            fn code(&self) -> $code {
                <$core>::from(*self).code()
            }

            /// The member with the reference code `code` (`ValidationError` `unknown_code` when
            /// there is none).
            #[staticmethod]
            fn from_code(code: $crate::convert::Int<i64>) -> PyResult<Self> {
                <$code>::try_from(code.0)
                    .ok()
                    .and_then(<$core>::from_code)
                    .ok_or_else(|| {
                        $crate::errors::validation_error(
                            "unknown_code",
                            &format!("`{}` is not a known {} code", code.0, $name),
                        )
                    })
                    .and_then(Self::try_from)
            }
            $($($extra)*)?
        });
    };
    (
        $(#[$meta:meta])*
        $py:ident as $name:literal => $core:path, named {
            $($variant:ident = $pyname:literal),+ $(,)?
        }
        $(extra { $($extra:tt)* })?
    ) => {
        $crate::enums::py_enum!(@base $(#[$meta])* $py as $name => $core { $($variant = $pyname),+ });
        $crate::enums::py_enum!(@methods $py as $name => $core {
            /// The snake_case name (a set without reference codes is coded by its name).
            #[getter]
            fn code(&self) -> String {
                $crate::enums::PyEnum::snake(*self)
            }

            /// The member named `code` (its snake_case name; `ValidationError` `unknown_name`
            /// when there is none).
            #[staticmethod]
            fn from_code(code: $crate::convert::Text) -> PyResult<Self> {
                $crate::enums::parse(&code)
            }
            $($($extra)*)?
        });
    };
    (@base $(#[$meta:meta])* $py:ident as $name:literal => $core:path { $($variant:ident = $pyname:literal),+ }) => {
        $(#[$meta])*
        #[pyclass(name = $name, module = "mspkit", frozen)]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[allow(clippy::enum_variant_names, reason = "the variants mirror the core enum's")]
        pub enum $py {
            $(
                #[doc = concat!("`", $pyname, "`")]
                #[pyo3(name = $pyname)]
                $variant,
            )+
        }

        impl From<$py> for $core {
            fn from(value: $py) -> Self {
                match value {
                    $($py::$variant => <$core>::$variant,)+
                }
            }
        }

        impl TryFrom<$core> for $py {
            type Error = PyErr;

            #[allow(unreachable_patterns, reason = "some core enums are non_exhaustive")]
            fn try_from(value: $core) -> Result<Self, Self::Error> {
                match value {
                    $(<$core>::$variant => Ok($py::$variant),)+
                    _ => Err($crate::errors::validation_error(
                        "unknown_code",
                        concat!("this ", $name, " is not known to this version of the Python binding"),
                    )),
                }
            }
        }

        impl $crate::enums::PyEnum for $py {
            const PY_NAME: &'static str = $name;

            fn all() -> Vec<Self> {
                vec![$($py::$variant),+]
            }

            fn snake(self) -> String {
                $crate::enums::serde_name(<$core>::from(self))
            }
        }

        impl<'a, 'py> FromPyObject<'a, 'py> for $py {
            type Error = PyErr;

            fn extract(ob: Borrowed<'a, 'py, PyAny>) -> Result<Self, Self::Error> {
                $crate::enums::extract(ob)
            }
        }

        impl $py {
            /// The member's Python name (`TEAMS_MONTHLY`).
            pub fn name(self) -> &'static str {
                match self {
                    $($py::$variant => $pyname,)+
                }
            }
        }
    };
    (@methods $py:ident as $name:literal => $core:path { $($methods:tt)* }) => {
        #[pymethods]
        impl $py {
            /// The stable snake_case name used in mspkit's JSON.
            #[getter]
            fn value(&self) -> String {
                $crate::enums::PyEnum::snake(*self)
            }

            /// The member's Python name (`TEAMS_MONTHLY`), as an `enum.Enum` member has it.
            #[getter(name)]
            fn python_name(&self) -> &'static str {
                self.name()
            }

            /// Every member, in order.
            #[staticmethod]
            fn members() -> Vec<Self> {
                <Self as $crate::enums::PyEnum>::all()
            }

            fn __repr__(&self) -> String {
                format!("{}.{}", $name, self.name())
            }

            fn __str__(&self) -> &'static str {
                self.name()
            }

            fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
                $crate::enums::equals(*self, other)
            }

            fn __ne__(&self, other: &Bound<'_, PyAny>) -> bool {
                !$crate::enums::equals(*self, other)
            }

            fn __hash__(&self, py: Python<'_>) -> PyResult<isize> {
                $crate::enums::hash(py, *self)
            }

            /// Pickles (and copies) as `from_code(code)`, which gives the member back.
            fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<$crate::enums::Reduced<'py>> {
                $crate::enums::reduce(slf.as_any())
            }

            $($methods)*
        }
    };
}

pub(crate) use py_enum;

py_enum! {
    /// What kind of provider this is.
    ProviderType as "ProviderType" => mspkit::ProviderType, code: u8 {
        Msp = "MSP", Reseller = "RESELLER", BusinessUnit = "BUSINESS_UNIT",
    }
    extra {
    /// Whether a client of this kind of provider may be on `plan`.
    fn allows_plan(&self, plan: PlanType) -> bool {
        mspkit::ProviderType::from(*self).allows_plan(plan.into())
    }

    /// Whether the provider pays for its clients' seats in one subscription.
    #[getter]
    fn has_consolidated_billing(&self) -> bool {
        mspkit::ProviderType::from(*self).has_consolidated_billing()
    }

    }
}

py_enum! {
    /// The provider's lifecycle state.
    ProviderStatus as "ProviderStatus" => mspkit::ProviderStatus, code: u8 {
        Pending = "PENDING", Created = "CREATED", Billable = "BILLABLE",
    }
}

py_enum! {
    /// A member's role in the provider.
    ProviderUserType as "ProviderUserType" => mspkit::ProviderUserType, code: u8 {
        ProviderAdmin = "PROVIDER_ADMIN", ServiceUser = "SERVICE_USER",
    }
}

py_enum! {
    /// The state of a membership.
    ProviderUserStatus as "ProviderUserStatus" => mspkit::ProviderUserStatus, code: i8 {
        Revoked = "REVOKED", Invited = "INVITED", Accepted = "ACCEPTED", Confirmed = "CONFIRMED",
    }
}

py_enum! {
    /// A member's role inside a client organization.
    OrganizationUserType as "OrganizationUserType" => mspkit::OrganizationUserType, code: u8 {
        Owner = "OWNER", Admin = "ADMIN", User = "USER", Custom = "CUSTOM",
    }
}

py_enum! {
    /// The state of a client-organization membership.
    OrganizationUserStatus as "OrganizationUserStatus" => mspkit::OrganizationUserStatus, code: i8 {
        Revoked = "REVOKED", Invited = "INVITED", Accepted = "ACCEPTED", Confirmed = "CONFIRMED", Staged = "STAGED",
    }
}

py_enum! {
    /// A password-manager plan.
    PlanType as "PlanType" => mspkit::PlanType, code: u8 {
        Free = "FREE",
        FamiliesAnnually2019 = "FAMILIES_ANNUALLY_2019",
        TeamsMonthly2019 = "TEAMS_MONTHLY_2019",
        TeamsAnnually2019 = "TEAMS_ANNUALLY_2019",
        EnterpriseMonthly2019 = "ENTERPRISE_MONTHLY_2019",
        EnterpriseAnnually2019 = "ENTERPRISE_ANNUALLY_2019",
        Custom = "CUSTOM",
        FamiliesAnnually2025 = "FAMILIES_ANNUALLY_2025",
        TeamsMonthly2020 = "TEAMS_MONTHLY_2020",
        TeamsAnnually2020 = "TEAMS_ANNUALLY_2020",
        EnterpriseMonthly2020 = "ENTERPRISE_MONTHLY_2020",
        EnterpriseAnnually2020 = "ENTERPRISE_ANNUALLY_2020",
        TeamsMonthly2023 = "TEAMS_MONTHLY_2023",
        TeamsAnnually2023 = "TEAMS_ANNUALLY_2023",
        EnterpriseMonthly2023 = "ENTERPRISE_MONTHLY_2023",
        EnterpriseAnnually2023 = "ENTERPRISE_ANNUALLY_2023",
        TeamsStarter2023 = "TEAMS_STARTER_2023",
        TeamsMonthly = "TEAMS_MONTHLY",
        TeamsAnnually = "TEAMS_ANNUALLY",
        EnterpriseMonthly = "ENTERPRISE_MONTHLY",
        EnterpriseAnnually = "ENTERPRISE_ANNUALLY",
        TeamsStarter = "TEAMS_STARTER",
        FamiliesAnnually = "FAMILIES_ANNUALLY",
    }
    extra {
    /// The product tier (`ProductTier.TEAMS`, …).
    #[getter]
    fn tier(&self) -> PyResult<crate::names::ProductTier> {
        mspkit::PlanType::from(*self).tier().try_into()
    }

    /// The billing cadence (`Cadence.MONTHLY`, `Cadence.ANNUALLY`, `Cadence.NONE`).
    #[getter]
    fn cadence(&self) -> PyResult<crate::names::Cadence> {
        mspkit::PlanType::from(*self).cadence().try_into()
    }

    /// The readable name (`Teams (Monthly)`).
    #[getter]
    fn display_name(&self) -> &'static str {
        mspkit::PlanType::from(*self).display_name()
    }

    /// The features the plan brings, by name.
    #[getter]
    fn features<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        crate::convert::to_python(py, &mspkit::PlanType::from(*self).features())
    }

    /// The list price per seat in US cents, or `None`.
    #[getter]
    fn list_price_cents(&self) -> Option<u32> {
        mspkit::PlanType::from(*self).list_price_cents()
    }

    }
}

py_enum! {
    /// The key-derivation function (the reference's `KdfType`).
    KdfType as "KdfType" => mspkit::password::KdfType, code: u8 {
        Pbkdf2Sha256 = "PBKDF2_SHA256", Argon2id = "ARGON2ID",
    }
}

py_enum! {
    /// A kind of enterprise policy (the reference's `PolicyType`).
    PolicyKind as "PolicyKind" => mspkit::policy::PolicyKind, code: u8 {
        TwoFactorAuthentication = "TWO_FACTOR_AUTHENTICATION",
        MasterPassword = "MASTER_PASSWORD",
        PasswordGenerator = "PASSWORD_GENERATOR",
        SingleOrg = "SINGLE_ORG",
        RequireSso = "REQUIRE_SSO",
        OrganizationDataOwnership = "ORGANIZATION_DATA_OWNERSHIP",
        DisableSend = "DISABLE_SEND",
        SendOptions = "SEND_OPTIONS",
        ResetPassword = "RESET_PASSWORD",
        MaximumVaultTimeout = "MAXIMUM_VAULT_TIMEOUT",
        DisablePersonalVaultExport = "DISABLE_PERSONAL_VAULT_EXPORT",
        ActivateAutofill = "ACTIVATE_AUTOFILL",
        AutomaticAppLogIn = "AUTOMATIC_APP_LOG_IN",
        FreeFamiliesSponsorshipPolicy = "FREE_FAMILIES_SPONSORSHIP_POLICY",
        RemoveUnlockWithPin = "REMOVE_UNLOCK_WITH_PIN",
        RestrictedItemTypesPolicy = "RESTRICTED_ITEM_TYPES_POLICY",
        UriMatchDefaults = "URI_MATCH_DEFAULTS",
        AutotypeDefaultSetting = "AUTOTYPE_DEFAULT_SETTING",
        AutomaticUserConfirmation = "AUTOMATIC_USER_CONFIRMATION",
        BlockClaimedDomainAccountCreation = "BLOCK_CLAIMED_DOMAIN_ACCOUNT_CREATION",
        OrganizationUserNotification = "ORGANIZATION_USER_NOTIFICATION",
        SendControls = "SEND_CONTROLS",
        FillAssist = "FILL_ASSIST",
    }
    extra {
    /// The readable name (`Two-step login`).
    #[getter]
    fn display_name(&self) -> &'static str {
        mspkit::policy::PolicyKind::from(*self).display_name()
    }
    }
}

/// Registers the enums on the module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<ProviderType>()?;
    m.add_class::<ProviderStatus>()?;
    m.add_class::<ProviderUserType>()?;
    m.add_class::<ProviderUserStatus>()?;
    m.add_class::<OrganizationUserType>()?;
    m.add_class::<OrganizationUserStatus>()?;
    m.add_class::<PlanType>()?;
    m.add_class::<KdfType>()?;
    m.add_class::<PolicyKind>()?;
    crate::names::register(m)
}
