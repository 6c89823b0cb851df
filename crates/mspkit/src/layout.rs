//! The in-memory layout of large providers (issue 14, issue 20): the keyed hashing of every
//! index by id or email, and the order by name of the reports, both chosen so that a report
//! or a replay over 100 000 clients costs about ten times one over 10 000.
//!
//! - [`IdHashing`]: a keyed multiply-and-fold over a key's bytes, a few instructions where the
//!   standard SipHash takes about a hundred. The two keys are drawn from the standard library's
//!   random source for each index, so keys chosen to collide (a hostile log) cannot be prepared
//!   in advance.
//! - [`name_order`]: the positions of a list in name order, sorted on a copy of each name's
//!   first 16 bytes (one compact array, no pointer to follow per comparison), the whole names
//!   compared only when those bytes tie.

use std::cmp::Ordering;

/// The hashing of the indexes by id or email: see the module's documentation.
#[derive(Debug, Clone, Copy)]
pub(crate) struct IdHashing {
    keys: [u64; 2],
}

impl Default for IdHashing {
    fn default() -> Self {
        use std::hash::BuildHasher as _;
        let random = std::collections::hash_map::RandomState::new();
        Self { keys: [random.hash_one(0x9e37_79b9_u64), random.hash_one(0x7f4a_7c15_u64) | 1] }
    }
}

impl std::hash::BuildHasher for IdHashing {
    type Hasher = IdHasher;

    fn build_hasher(&self) -> IdHasher {
        IdHasher { state: self.keys[0], key: self.keys[1] }
    }
}

/// The hasher of [`IdHashing`].
#[derive(Debug)]
pub(crate) struct IdHasher {
    state: u64,
    key: u64,
}

impl IdHasher {
    /// Mixes one word into the state: the 128-bit product of the two, folded to 64 bits.
    #[expect(clippy::cast_possible_truncation, reason = "the fold keeps each half of the product on purpose")]
    fn mix(&mut self, word: u64) {
        let product = u128::from(self.state ^ word).wrapping_mul(u128::from(self.key));
        self.state = (product as u64) ^ ((product >> 64) as u64);
    }
}

impl std::hash::Hasher for IdHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut words = bytes.chunks_exact(8);
        for word in &mut words {
            let mut b = [0u8; 8];
            b.copy_from_slice(word);
            self.mix(u64::from_le_bytes(b));
        }
        let mut tail = [0u8; 8];
        for (t, byte) in tail.iter_mut().zip(words.remainder()) {
            *t = *byte;
        }
        if !words.remainder().is_empty() {
            self.mix(u64::from_le_bytes(tail));
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.mix(n);
    }

    fn write_usize(&mut self, n: usize) {
        self.mix(n as u64);
    }

    fn finish(&self) -> u64 {
        // One more round, so that the last word reaches every bit (hashbrown takes its control
        // byte from the top seven).
        let product = u128::from(self.state).wrapping_mul(u128::from(self.key));
        #[expect(
            clippy::cast_possible_truncation,
            reason = "the fold keeps each half of the product on purpose"
        )]
        let folded = (product as u64) ^ ((product >> 64) as u64);
        folded
    }
}

/// The first 16 bytes of `name`, big-endian, zero-padded: comparing two prefixes orders the
/// names as `str`'s order does, except that equal prefixes leave the order open.
fn prefix(name: &str) -> u128 {
    let mut bytes = [0u8; 16];
    for (b, n) in bytes.iter_mut().zip(name.as_bytes()) {
        *b = *n;
    }
    u128::from_be_bytes(bytes)
}

/// The positions of `items` in the order of `key`'s name, then of its tie-breaker (the order
/// `a.name.cmp(&b.name).then(a.id.cmp(&b.id))` gives), as an unstable sort on compact keys:
/// each item's first 12 bytes of name and its position in one 16-byte number ([`name_key`]:
/// one integer comparison, no pointer to follow), then each run of equal 12 bytes sorted by the
/// whole key.
pub(crate) fn name_order<T, K: Ord>(items: &[T], key: impl Fn(&T) -> (&str, K)) -> Vec<usize> {
    match name_order_of(items, key) {
        NameOrder::Keys(keys) => keys.into_iter().map(low).collect(),
        NameOrder::Positions(order) => order,
    }
}

/// [`name_order`], kept as the sorted keys (no second list).
pub(crate) fn name_order_of<T, K: Ord>(items: &[T], key: impl Fn(&T) -> (&str, K)) -> NameOrder {
    if u32::try_from(items.len()).is_err() {
        // More items than a position of 4 bytes counts: the prefixes alone, then whole keys.
        let mut order: Vec<usize> = (0..items.len()).collect();
        order.sort_unstable_by(|a, b| match (items.get(*a), items.get(*b)) {
            (Some(a), Some(b)) => key(a).cmp(&key(b)),
            _ => Ordering::Equal,
        });
        return NameOrder::Positions(order);
    }
    let keys = items.iter().enumerate().map(|(i, item)| name_key(key(item).0, i)).collect();
    sort_name_keys(keys, items, key)
}

/// Positions in name order: the sorted [`name_key`]s (each position in its low 4 bytes), or
/// the positions themselves (past 2^32 items).
#[derive(Debug)]
pub(crate) enum NameOrder {
    /// The sorted keys.
    Keys(Vec<u128>),
    /// The positions.
    Positions(Vec<usize>),
}

impl NameOrder {
    /// How many positions.
    pub(crate) fn len(&self) -> usize {
        match self {
            Self::Keys(keys) => keys.len(),
            Self::Positions(order) => order.len(),
        }
    }

    /// The `k`-th position.
    pub(crate) fn get(&self, k: usize) -> Option<usize> {
        match self {
            Self::Keys(keys) => keys.get(k).copied().map(low),
            Self::Positions(order) => order.get(k).copied(),
        }
    }
}

/// The key [`name_order`] sorts the item at `position` named `name` by: the name's first 12
/// bytes, then the position (below 2^32: [`name_order`] checks, and so must a caller that makes
/// the keys itself, in a pass that reads the items anyway).
#[expect(clippy::cast_possible_truncation, reason = "positions below 2^32, checked by the callers")]
pub(crate) fn name_key(name: &str, position: usize) -> u128 {
    ((prefix(name) >> 32) << 32) | u128::from(position as u32)
}

/// The positions of `items` in name order, from their [`name_key`]s (of any of the items, in
/// any order: the positions not among them are left out), as [`name_order`] gives them.
pub(crate) fn sort_name_keys<T, K: Ord>(
    mut keys: Vec<u128>,
    items: &[T],
    key: impl Fn(&T) -> (&str, K),
) -> NameOrder {
    let whole = |a: &u128, b: &u128| match (items.get(low(*a)), items.get(low(*b))) {
        (Some(a), Some(b)) => key(a).cmp(&key(b)),
        _ => Ordering::Equal,
    };
    keys.sort_unstable();
    for run in keys.chunk_by_mut(|a, b| a >> 32 == b >> 32) {
        if run.len() > 1 {
            run.sort_unstable_by(whole);
        }
    }
    NameOrder::Keys(keys)
}

/// The position kept in the low 4 bytes of a key of [`name_order`].
#[expect(clippy::cast_possible_truncation, reason = "the low 4 bytes, on purpose")]
fn low(key: u128) -> usize {
    usize::try_from(key as u32).unwrap_or(usize::MAX)
}

/// Sorts 16-byte numbers (ids as big-endian numbers): into buckets by their top bits (about one
/// id a bucket), then each bucket. Linear for ids spread evenly (random or derived by hashing,
/// as every id of the library is), and never worse than a sort when they are not (issue 20).
pub(crate) fn sort_ids(mut ids: Vec<u128>) -> Vec<u128> {
    const SMALL: usize = 1024;
    let n = ids.len();
    if n < SMALL {
        ids.sort_unstable();
        return ids;
    }
    // floor(log2 n) bits, at most 20: between n/2 and n buckets.
    let bits = (usize::BITS - 1 - n.leading_zeros()).min(20);
    let shift = 128 - bits;
    let bucket = |id: u128| usize::try_from(id >> shift).unwrap_or(0);
    // Where each bucket ends, then (after the scatter) where it begins is where the one
    // before it ends.
    let mut ends = vec![0u32; 1usize << bits];
    for id in &ids {
        if let Some(count) = ends.get_mut(bucket(*id)) {
            *count = count.saturating_add(1);
        }
    }
    let mut total = 0u32;
    for end in &mut ends {
        total = total.saturating_add(*end);
        *end = total;
    }
    let mut out = vec![0u128; n];
    for id in ids.iter().rev() {
        if let Some(end) = ends.get_mut(bucket(*id)) {
            *end = end.saturating_sub(1);
            if let Some(slot) = usize::try_from(*end).ok().and_then(|i| out.get_mut(i)) {
                *slot = *id;
            }
        }
    }
    // Now `ends` holds where each bucket begins.
    let mut start = n;
    for begin in ends.iter().rev() {
        let begin = usize::try_from(*begin).unwrap_or(0);
        if let Some(run) = out.get_mut(begin..start) {
            run.sort_unstable();
        }
        start = begin;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{name_order, sort_ids};

    #[test]
    fn sort_ids_sorts_spread_and_clustered_ids() {
        let mut state = 0x1234_5678_9abc_def0_u128;
        let mut next = || {
            state = state.wrapping_mul(0x2360_ed05_1fc6_5da4_4385_df64_9fcc_f645).wrapping_add(1);
            state ^ (state >> 61)
        };
        for n in [0usize, 1, 5, 1023, 1024, 5000, 70_000] {
            let spread: Vec<u128> = (0..n).map(|_| next()).collect();
            let clustered: Vec<u128> = spread.iter().map(|x| x >> 100).collect();
            for ids in [spread, clustered] {
                let mut expected = ids.clone();
                expected.sort_unstable();
                assert_eq!(sort_ids(ids), expected, "{n}");
            }
        }
    }

    #[test]
    fn name_order_is_str_order_then_the_tie_breaker() {
        let names = [
            "Client 2",
            "Client 10",
            "a",
            "",
            "ab",
            "ab\0",
            "ab\0x",
            "abcdefghijklmnopq2",
            "abcdefghijklmnopq1",
            "abcdefghijklmnop",
            "Zed",
            "é",
            "a",
            "Client 2",
        ];
        let items: Vec<(&str, usize)> = names.iter().enumerate().map(|(i, n)| (*n, i)).collect();
        let mut expected: Vec<usize> = (0..items.len()).collect();
        expected.sort_by(|a, b| items[*a].cmp(&items[*b]));
        let order = name_order(&items, |(n, i)| (*n, *i));
        assert_eq!(order, expected);
        let sorted: Vec<(&str, usize)> = order.iter().map(|&i| items[i]).collect();
        let mut by_str = items.clone();
        by_str.sort_unstable();
        assert_eq!(sorted, by_str);
    }
}
