//! Crate-internal macros.

/// Implements `code()`, `from_code()`, `name()`, `from_name()` and `all()` for a catalogue
/// enum from one table of `Variant = code, "snake_case_name"` rows, so the reference's integer
/// code, mspkit's JSON name and the list of values can never disagree. (A unit test checks that
/// each name is also the enum's serde form.)
macro_rules! reference_codes {
    ($ty:ident : $int:ty { $($variant:ident = $code:literal, $name:literal;)+ }) => {
        impl $ty {
            /// Every value, in reference-code order.
            pub fn all() -> &'static [Self] {
                &[$(Self::$variant),+]
            }

            /// The reference's integer code.
            pub fn code(self) -> $int {
                match self {
                    $(Self::$variant => $code,)+
                }
            }

            /// The value with the reference code `code`, if there is one.
            pub fn from_code(code: $int) -> Option<Self> {
                match code {
                    $($code => Some(Self::$variant),)+
                    _ => None,
                }
            }

            /// The stable snake_case name, as in mspkit's JSON.
            pub fn name(self) -> &'static str {
                match self {
                    $(Self::$variant => $name,)+
                }
            }

            /// The value with the snake_case name `name`, if there is one.
            pub fn from_name(name: &str) -> Option<Self> {
                match name {
                    $($name => Some(Self::$variant),)+
                    _ => None,
                }
            }
        }
    };
}

/// Implements `code()` and `category()` of an area's error enum, and the area's list of codes
/// (`CODES`), from one table of `pattern => "code", Category;` rows, so a variant's code and
/// category are written once, side by side, and [`crate::error::all_codes`] (the list of every
/// code, with [`crate::error::all_code_categories`]) is assembled from the areas' lists. Rows
/// under `via` take the code of the error they carry (`Self::Document(e) => e, CorruptDocument;`:
/// the document reader's code), whose codes are in that error's own table. `(copy)` after the
/// name makes `code` and `category` take `self` by value (for a `Copy` enum).
///
/// Adding a code is one row here (the compiler refuses a variant without one: the matches are
/// exhaustive) and one instance in the snapshot test `tests/public_api/error_codes.rs`.
macro_rules! error_codes {
    ($ty:ident { $($pat:pat => $code:literal, $category:ident;)+ } $(via { $($vpat:pat => $inner:ident, $vcategory:ident;)+ })?) => {
        impl $ty {
            /// The stable snake_case code.
            pub fn code(&self) -> &'static str {
                match self {
                    $($pat => $code,)+
                    $($($vpat => $inner.code(),)+)?
                }
            }

            /// The category (see [`ErrorCategory`](crate::ErrorCategory)).
            pub fn category(&self) -> crate::ErrorCategory {
                match self {
                    $($pat => crate::ErrorCategory::$category,)+
                    $($($vpat => {
                        let _ = $inner;
                        crate::ErrorCategory::$vcategory
                    })+)?
                }
            }

            error_codes!(@codes $($code, $category;)+);
        }
    };
    ($ty:ident (copy) { $($pat:pat => $code:literal, $category:ident;)+ }) => {
        impl $ty {
            /// The stable snake_case code.
            pub fn code(self) -> &'static str {
                match self {
                    $($pat => $code,)+
                }
            }

            /// The category (see [`ErrorCategory`](crate::ErrorCategory)).
            pub fn category(self) -> crate::ErrorCategory {
                match self {
                    $($pat => crate::ErrorCategory::$category,)+
                }
            }

            error_codes!(@codes $($code, $category;)+);
        }
    };
    (@codes $($code:literal, $category:ident;)+) => {
        /// The codes of this table with their categories, in the table's order (a code taken
        /// from a carried error is in that error's table).
        #[cfg_attr(
            not(feature = "password"),
            allow(dead_code, reason = "without `password`, the password error's table is not listed")
        )]
        pub(crate) const CODES: &'static [(&'static str, crate::ErrorCategory)] =
            &[$(($code, crate::ErrorCategory::$category)),+];
    };
}

#[cfg(test)]
mod tests {
    use serde::Serialize;

    use crate::{
        OrganizationUserStatus, OrganizationUserType, PlanType, ProviderStatus, ProviderType,
        ProviderUserStatus, ProviderUserType,
    };

    /// Every value's name is its serde form, and code and name both lead back to the value.
    fn check<T>(
        all: &[T],
        code: impl Fn(&T) -> i64,
        from_code: impl Fn(i64) -> Option<T>,
        name: impl Fn(&T) -> &'static str,
        from_name: impl Fn(&str) -> Option<T>,
    ) where
        T: Serialize + PartialEq + std::fmt::Debug,
    {
        assert!(!all.is_empty());
        for value in all {
            assert_eq!(serde_json::to_value(value).unwrap(), serde_json::Value::from(name(value)));
            assert_eq!(from_code(code(value)).as_ref(), Some(value));
            assert_eq!(from_name(name(value)).as_ref(), Some(value));
        }
        let mut codes: Vec<i64> = all.iter().map(&code).collect();
        codes.dedup();
        assert!(codes.windows(2).all(|w| w[0] < w[1]), "codes are listed in order, once each");
        assert_eq!(from_name("no_such_name"), None);
    }

    macro_rules! check_enum {
        ($ty:ty) => {
            check(
                <$ty>::all(),
                |v| i64::from(v.code()),
                |c| c.try_into().ok().and_then(<$ty>::from_code),
                |v| v.name(),
                <$ty>::from_name,
            )
        };
    }

    #[test]
    fn codes_names_and_serde_agree_for_every_catalogue_enum() {
        check_enum!(ProviderType);
        check_enum!(ProviderStatus);
        check_enum!(ProviderUserType);
        check_enum!(ProviderUserStatus);
        check_enum!(OrganizationUserType);
        check_enum!(OrganizationUserStatus);
        check_enum!(PlanType);
        assert_eq!(PlanType::all().len(), 23);
        assert_eq!(OrganizationUserType::from_code(3), None, "the retired Manager role");
        assert_eq!(ProviderUserStatus::from_code(-1), Some(ProviderUserStatus::Revoked));
    }
}
