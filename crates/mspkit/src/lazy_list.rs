//! The standard traits of the reports' lists whose entries are made as they are read
//! ([`AccessList`](crate::access_review::AccessList),
//! [`Findings`](crate::access_review::Findings), [`ReachList`](crate::blast_radius::ReachList)),
//! written once.

/// Implements, for a list type with `len()` and `iter()`: `Debug` (as a list of its entries),
/// `PartialEq` and `Eq` (two lists are equal when their entries are), `Serialize` (a sequence of
/// its entries) and `IntoIterator` for a reference to it.
macro_rules! lazy_list_traits {
    ($list:ident, $item:ty, $iter:ident) => {
        impl std::fmt::Debug for $list {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_list().entries(self.iter()).finish()
            }
        }

        /// Two lists are equal when their entries are.
        impl PartialEq for $list {
            fn eq(&self, other: &Self) -> bool {
                self.len() == other.len() && self.iter().eq(other.iter())
            }
        }

        impl Eq for $list {}

        impl serde::Serialize for $list {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_seq(self.iter())
            }
        }

        impl<'a> IntoIterator for &'a $list {
            type Item = $item;
            type IntoIter = $iter<'a>;

            fn into_iter(self) -> $iter<'a> {
                self.iter()
            }
        }
    };
}

pub(crate) use lazy_list_traits;
