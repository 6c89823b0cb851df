//! The in-memory layout of large providers (issue 14, issue 20): the keyed hashing of every
//! index by id or email, and the order by name of the reports, both chosen so that a report
//! or a replay over 100 000 clients costs about ten times one over 10 000.
//!
//! - [`IdHashing`]: a keyed multiply-and-fold over a key's bytes, a few instructions where the
//!   standard SipHash takes about a hundred. The two keys are drawn from the standard library's
//!   random source for each index, so keys chosen to collide (a hostile log) cannot be prepared
//!   in advance.
//! - [`name_order_of`]: the positions of a list in name order, sorted on a copy of each name's
//!   first 12 bytes (one compact array, no pointer to follow), by a radix sort (linear in the
//!   names), the whole names compared only when those bytes tie.

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

/// The first 12 bytes of `bytes`, big-endian, zero-padded, as 8 and 4: comparing them orders
/// the names as `str`'s order does, except that equal bytes leave the order open. Read as whole
/// words where the bytes are there (a copy through memory made the processor wait for the
/// stores to land before it could read the words back).
fn head(bytes: &[u8]) -> (u64, u64) {
    // `part`'s first `width` bytes, big-endian, zero-padded to `width`
    let fold = |part: &[u8], width: usize| {
        let taken = part.len().min(width);
        let word = part.iter().take(width).fold(0u64, |w, b| (w << 8) | u64::from(*b));
        word.checked_shl(u32::try_from(8 * (width - taken)).unwrap_or(64)).unwrap_or(0)
    };
    let high = bytes.first_chunk::<8>().map_or_else(|| fold(bytes, 8), |b| u64::from_be_bytes(*b));
    let rest = bytes.get(8..).unwrap_or_default();
    let low = rest.first_chunk::<4>().map_or_else(|| fold(rest, 4), |b| u64::from(u32::from_be_bytes(*b)));
    (high, low)
}

/// The 8 ASCII bytes of `word` lowered (each byte from `A` to `Z` gains 0x20), all at once: a
/// byte under 0x80 plus 0x3f reaches 0x80 from `A` on, plus 0x25 from past `Z` on, and
/// neither sum carries into the next byte.
fn ascii_lower(word: u64) -> u64 {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let from_a = word.wrapping_add(0x3f3f_3f3f_3f3f_3f3f);
    let past_z = word.wrapping_add(0x2525_2525_2525_2525);
    word | (((from_a ^ past_z) & HIGH) >> 2)
}

/// A [`name_key`] from a name's [`head`].
fn key_of((high, low): (u64, u64), i: usize) -> u128 {
    (u128::from(high) << 64) | (u128::from(low & 0xffff_ffff) << 32) | (i as u128 & 0xffff_ffff)
}

/// The positions of `items` in the order of `key`'s name, then of its tie-breaker (the order
/// `a.name.cmp(&b.name).then(a.id.cmp(&b.id))` gives), kept as the sorted keys (no second
/// list): each item's first 12 bytes of name and its position in one 16-byte number
/// ([`name_key`]: one integer comparison, no pointer to follow), those sorted by radix
/// ([`sort_prefixes`]), then each run of equal 12 bytes sorted by the whole key.
pub(crate) fn name_order_of<T, K: Ord>(items: &[T], key: impl Fn(&T) -> (&str, K)) -> NameOrder {
    if u32::try_from(items.len()).is_err() {
        // More items than a position of 4 bytes counts: the whole keys alone.
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
    /// The positions, below 2^32.
    Short(Vec<u32>),
    /// The positions.
    Positions(Vec<usize>),
}

impl NameOrder {
    /// How many positions.
    pub(crate) fn len(&self) -> usize {
        match self {
            Self::Keys(keys) => keys.len(),
            Self::Short(order) => order.len(),
            Self::Positions(order) => order.len(),
        }
    }

    /// The `k`-th position.
    pub(crate) fn get(&self, k: usize) -> Option<usize> {
        match self {
            Self::Keys(keys) => keys.get(k).copied().map(position),
            Self::Short(order) => order.get(k).map(|p| usize::try_from(*p).unwrap_or(usize::MAX)),
            Self::Positions(order) => order.get(k).copied(),
        }
    }

    /// The same order as 4-byte positions where they fit (a quarter of the keys' bytes: a
    /// report that keeps the order while it makes its larger lists holds less at once).
    pub(crate) fn into_positions(self) -> Self {
        match self {
            Self::Keys(keys) => {
                let short: Vec<u32> =
                    keys.iter().map(|k| u32::try_from(position(*k)).unwrap_or(u32::MAX)).collect();
                drop(keys);
                Self::Short(short)
            }
            other => other,
        }
    }
}

/// The positions of `items` in name order, from their [`name_key`]s (of any of the items, in
/// any order: the positions not among them are left out), as [`name_order_of`] gives them.
pub(crate) fn sort_name_keys<T, K: Ord>(
    keys: Vec<u128>,
    items: &[T],
    key: impl Fn(&T) -> (&str, K),
) -> NameOrder {
    let whole = |a: &u128, b: &u128| match (items.get(position(*a)), items.get(position(*b))) {
        (Some(a), Some(b)) => key(a).cmp(&key(b)),
        _ => Ordering::Equal,
    };
    NameOrder::Keys(sort_keys_and_runs(keys, |run| run.sort_unstable_by(whole)))
}

/// The key [`name_order_of`] sorts the item at `position` named `name` by: the name's first 12
/// bytes, big-endian, zero-padded, then the position (below 2^32: [`name_order_of`] checks, and so
/// must a caller that makes the keys itself, in a pass that reads the items anyway).
pub(crate) fn name_key(name: &str, position: usize) -> u128 {
    key_of(head(name.as_bytes()), position)
}

/// [`name_key`] of `name` lowered ([`str::to_lowercase`]), without an allocation for an ASCII
/// name (where it is the ASCII lowering).
pub(crate) fn lowered_name_key(name: &str, i: usize) -> u128 {
    if !name.is_ascii() {
        return name_key(&name.to_lowercase(), i);
    }
    let (high, low) = head(name.as_bytes());
    key_of((ascii_lower(high), ascii_lower(low)), i)
}

/// The positions of `keys` ([`name_key`]s, one per position) in name order: the keys sorted by
/// [`sort_prefixes`] (in linear time), then each run of keys with equal 12 bytes by
/// `sort_run`, which sorts them by their positions' whole keys ([`position`]).
pub(crate) fn prefix_order(keys: Vec<u128>, mut sort_run: impl FnMut(&mut [u128])) -> Vec<usize> {
    let mut keys = sort_prefixes(keys);
    let mut order = Vec::with_capacity(keys.len());
    for run in keys.chunk_by_mut(|a, b| a >> 32 == b >> 32) {
        if run.len() > 1 {
            sort_run(run);
        }
        order.extend(run.iter().map(|k| position(*k)));
    }
    order
}

/// `keys` sorted by [`sort_prefixes`], then each run of equal 12 bytes by `sort_run` (the
/// sorted keys themselves, where [`prefix_order`] gives their positions).
fn sort_keys_and_runs(keys: Vec<u128>, mut sort_run: impl FnMut(&mut [u128])) -> Vec<u128> {
    let mut keys = sort_prefixes(keys);
    for run in keys.chunk_by_mut(|a, b| a >> 32 == b >> 32) {
        if run.len() > 1 {
            sort_run(run);
        }
    }
    keys
}

/// Sorts [`name_key`]s by their 12 bytes of name, by radix ([`sort_in`]): linear in the keys
/// where a comparison sort is not (issue 21: the standard sort took 13.6 times as long at
/// 100 000 clients as at 10 000). Keys with equal bytes keep their order (made in the order of
/// their positions, their positions'). Under 1 024 keys, the standard sort.
fn sort_prefixes(mut keys: Vec<u128>) -> Vec<u128> {
    if keys.len() < SMALL {
        keys.sort_unstable();
        return keys;
    }
    let first = keys.first().copied().unwrap_or(0);
    let differ = keys.iter().fold(0u128, |acc, k| acc | (k ^ first));
    let digits: Vec<Digit> = (0..12u32).map(Digit::new).filter(|d| d.of(differ) != 0).collect();
    let mut scratch = vec![0u128; keys.len()];
    if sort_in(&mut keys, &mut scratch, &digits) { scratch } else { keys }
}

/// Fewer keys than this go to the standard sort.
const SMALL: usize = 1024;

/// Keys that a radix sort passes over within the L2 cache (2 MiB, with as many again of
/// scratch space).
const CACHED: usize = 32 * 1024;

/// Sorts `keys` (the same length as `scratch`) by `digits` (those bytes of the name that differ
/// among them, least significant first) and says where the sorted keys are: in `scratch`
/// (true) or in `keys`. Up to [`CACHED`] keys: one stable counting pass per digit, the least
/// significant first (an LSD radix sort; `Client 1` to `Client 9999` differ in 4 bytes). More:
/// split by the most significant digit into `scratch` first (one pass), then each part the
/// same way within the cache, so that a large list costs about what its parts cost.
fn sort_in(keys: &mut [u128], scratch: &mut [u128], digits: &[Digit]) -> bool {
    if keys.len() < SMALL {
        keys.sort_unstable();
        return false;
    }
    if keys.len() <= CACHED {
        return lsd(keys, scratch, digits);
    }
    let Some((&top, rest)) = digits.split_last() else { return false };
    let mut counts = [0usize; 256];
    for key in keys.iter() {
        if let Some(c) = counts.get_mut(top.of(*key)) {
            *c += 1;
        }
    }
    scatter(keys, scratch, top, &counts);
    let mut start = 0;
    for count in counts {
        let end = start + count;
        if let (Some(part), Some(spare)) = (scratch.get_mut(start..end), keys.get_mut(start..end))
            && sort_in(part, spare, rest)
        {
            for (p, s) in part.iter_mut().zip(spare.iter()) {
                *p = *s;
            }
        }
        start = end;
    }
    true
}

/// The LSD passes of [`sort_in`] over `digits`, their counts taken in one pass (a digit all
/// keys share is skipped); whether the sorted keys ended in `scratch` (an odd number of passes).
fn lsd(keys: &mut [u128], scratch: &mut [u128], digits: &[Digit]) -> bool {
    let mut counts = vec![[0usize; 256]; digits.len()];
    for key in keys.iter() {
        for (digit, count) in digits.iter().zip(counts.iter_mut()) {
            if let Some(c) = count.get_mut(digit.of(*key)) {
                *c += 1;
            }
        }
    }
    let mut in_scratch = false;
    for (digit, count) in digits.iter().zip(&counts) {
        if count.contains(&keys.len()) {
            continue;
        }
        if in_scratch {
            scatter(scratch, keys, *digit, count);
        } else {
            scatter(keys, scratch, *digit, count);
        }
        in_scratch = !in_scratch;
    }
    in_scratch
}

/// One stable counting pass: `from` into `to` by `digit`, whose `counts` are given.
fn scatter(from: &[u128], to: &mut [u128], digit: Digit, counts: &[usize; 256]) {
    let mut next = [0usize; 256];
    let mut total = 0usize;
    for (n, c) in next.iter_mut().zip(counts) {
        *n = total;
        total += c;
    }
    for key in from {
        if let Some(at) = next.get_mut(digit.of(*key)) {
            if let Some(slot) = to.get_mut(*at) {
                *slot = *key;
            }
            *at += 1;
        }
    }
}

/// One byte of a [`name_key`]'s 12 bytes of name, as the word of the key it lies in and its
/// shift there (a 64-bit shift where a 128-bit one takes three instructions).
#[derive(Debug, Clone, Copy)]
struct Digit {
    high: bool,
    shift: u32,
}

impl Digit {
    /// Byte `byte` (0: the least significant) of the name's 12 bytes.
    fn new(byte: u32) -> Self {
        let bit = 32 + 8 * byte;
        if bit >= 64 { Self { high: true, shift: bit - 64 } } else { Self { high: false, shift: bit } }
    }

    /// Its value in `key`.
    #[expect(clippy::cast_possible_truncation, reason = "a word, then one byte of it, on purpose")]
    fn of(self, key: u128) -> usize {
        let word = if self.high { (key >> 64) as u64 } else { key as u64 };
        usize::from((word >> self.shift) as u8)
    }
}

/// The position kept in the low 4 bytes of a [`name_key`].
#[expect(clippy::cast_possible_truncation, reason = "the low 4 bytes, on purpose")]
pub(crate) fn position(key: u128) -> usize {
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
    use super::{lowered_name_key, name_key, name_order_of, sort_ids, sort_prefixes};

    /// The positions of [`name_order_of`], as a list.
    fn name_order<T, K: Ord>(items: &[T], key: impl Fn(&T) -> (&str, K)) -> Vec<usize> {
        let order = name_order_of(items, key);
        (0..order.len()).filter_map(|k| order.get(k)).collect()
    }

    #[test]
    fn lowered_name_key_is_the_key_of_the_lowered_name() {
        for name in ["", "a", "Client 12345", "CLIENT 123456789", "Ärger", "İstanbul", "ΣΟΦΙΑΣ", "ab\0"]
        {
            assert_eq!(lowered_name_key(name, 7), name_key(&name.to_lowercase(), 7), "{name}");
        }
    }

    #[test]
    fn sort_prefixes_sorts_spread_decimal_equal_and_skewed_names() {
        let mut state = 0x1234_5678_9abc_def0_u128;
        let mut next = || {
            state = state.wrapping_mul(0x2360_ed05_1fc6_5da4_4385_df64_9fcc_f645).wrapping_add(1);
            state ^ (state >> 61)
        };
        for n in [0usize, 1, 5, 1023, 1024, 5000, 70_000, 200_000] {
            let spread: Vec<u128> = (0..n).map(|i| ((next() >> 32) << 32) | i as u128).collect();
            let names: Vec<String> = (0..n).map(|i| format!("Client {}", (i * 7919) % n.max(1))).collect();
            let decimal: Vec<u128> = names.iter().enumerate().map(|(i, name)| name_key(name, i)).collect();
            let equal: Vec<u128> =
                (0..n).map(|i| name_key(if i % 3 == 0 { "same name" } else { "other" }, i)).collect();
            let skewed: Vec<u128> = (0..n)
                .map(|i| {
                    name_key(&format!("{}{}", if i % 10 == 0 { "a" } else { "b" }, (i * 13) % n.max(1)), i)
                })
                .collect();
            for keys in [spread, decimal, equal, skewed] {
                let mut expected = keys.clone();
                expected.sort_unstable();
                assert_eq!(sort_prefixes(keys), expected, "{n}");
            }
        }
    }

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
        // past the standard sort's threshold: names sharing more than 12 bytes, repeated names,
        // short and non-ASCII names
        let many: Vec<String> = (0..5000)
            .map(|i| match i % 4 {
                0 => format!("Northwind Traders {}", (i * 7919) % 1000),
                1 => format!("c{}", i % 97),
                2 => format!("Ärger {}", (i * 31) % 5000),
                _ => names[i % names.len()].to_owned(),
            })
            .collect();
        let items: Vec<(&str, usize)> =
            many.iter().enumerate().map(|(i, n)| (n.as_str(), 5000 - i)).collect();
        let mut expected: Vec<usize> = (0..items.len()).collect();
        expected.sort_by(|a, b| items[*a].cmp(&items[*b]));
        assert_eq!(name_order(&items, |(n, i)| (*n, *i)), expected);
    }
}
