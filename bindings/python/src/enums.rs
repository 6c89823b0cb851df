//! The catalogue enums, mirrored as Python enums with `.code`, `.value` and `from_code`.

use pyo3::prelude::*;

use crate::convert::Int;
use crate::errors::validation_error;

/// Declares a Python enum that mirrors a core enum one-to-one.
macro_rules! py_enum {
    (
        $(#[$meta:meta])*
        $py:ident as $name:literal => $core:path, code: $code:ty {
            $($variant:ident = $pyname:literal),+ $(,)?
        }
        $(extra { $($extra:tt)* })?
    ) => {
        $(#[$meta])*
        #[pyclass(name = $name, module = "mspkit", eq, eq_int, frozen, hash, from_py_object)]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
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

            #[allow(unreachable_patterns, reason = "core enums are non_exhaustive")]
            fn try_from(value: $core) -> Result<Self, Self::Error> {
                match value {
                    $(<$core>::$variant => Ok($py::$variant),)+
                    _ => Err(validation_error(
                        "unknown_code",
                        concat!("this ", $name, " is not known to this version of the Python binding"),
                    )),
                }
            }
        }

        #[pymethods]
        impl $py {
            /// The reference's integer code.
            #[getter]
            fn code(&self) -> $code {
                <$core>::from(*self).code()
            }

            /// The stable snake_case name used in mspkit's JSON.
            #[getter]
            fn value(&self) -> String {
                serde_json::to_value(<$core>::from(*self))
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_owned))
                    .unwrap_or_default()
            }

            /// The member's Python name (`TEAMS_MONTHLY`), as an `enum.Enum` member has it:
            /// `.code` is the reference's number, `.value` mspkit's JSON name, `.name` this.
            #[getter(name)]
            fn python_name(&self) -> &'static str {
                self.name()
            }

            /// The member with the reference code `code` (`ValidationError` `unknown_code` when
            /// there is none).
            #[staticmethod]
            fn from_code(code: Int<i64>) -> PyResult<Self> {
                <$code>::try_from(code.0)
                    .ok()
                    .and_then(<$core>::from_code)
                    .ok_or_else(|| {
                        validation_error("unknown_code", &format!("`{}` is not a known {} code", code.0, $name))
                    })
                    .and_then(Self::try_from)
            }

            /// Every member, in code order.
            #[staticmethod]
            fn members() -> Vec<Self> {
                vec![$($py::$variant),+]
            }

            fn __repr__(&self) -> String {
                format!("{}.{}", $name, self.__str__())
            }

            fn __str__(&self) -> &'static str {
                self.name()
            }

            $($($extra)*)?
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
}

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
    /// The product tier (`"teams"`, `"enterprise"`, …).
    #[getter]
    fn tier(&self) -> String {
        serde_json::to_value(mspkit::PlanType::from(*self).tier())
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default()
    }

    /// The billing cadence (`"monthly"`, `"annually"`, `"none"`).
    #[getter]
    fn cadence(&self) -> String {
        serde_json::to_value(mspkit::PlanType::from(*self).cadence())
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default()
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

/// Registers the enums on the module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<ProviderType>()?;
    m.add_class::<ProviderStatus>()?;
    m.add_class::<ProviderUserType>()?;
    m.add_class::<ProviderUserStatus>()?;
    m.add_class::<OrganizationUserType>()?;
    m.add_class::<OrganizationUserStatus>()?;
    m.add_class::<PlanType>()?;
    Ok(())
}
