//! Argon2 block memory that Linux can fault in as transparent huge pages, zeroized before it is
//! given back.
//!
//! An Argon2id derivation with 64 MiB touches 16 384 fresh 4 KiB pages; on a small VM the kernel
//! spends tens of milliseconds faulting them in, a third of the derivation. [`BlockMemory::new`]
//! asks for the blocks as an anonymous mapping aligned to 2 MiB and advised with
//! `MADV_HUGEPAGE`, so a kernel whose transparent huge pages are in `madvise` (or `always`) mode
//! backs it with 32 pages of 2 MiB instead. Where that is not possible (not Linux, the mapping or
//! the advice refused) it falls back to an ordinary heap allocation, never panicking; the
//! derivation's output does not depend on where its memory lives.
//!
//! The blocks hold material derived from a password, so they are zeroized when the memory is
//! dropped, before the mapping or allocation goes back to the system, unless they are known to
//! be zero already (nothing wrote them since they were last wiped).
//!
//! ```
//! use mspkit_hugemem::{Backing, BlockMemory};
//!
//! let mut memory = BlockMemory::new(16 * 1024)?; // 16 MiB of 1 KiB blocks
//! assert_eq!(memory.len(), 16 * 1024);
//! if cfg!(target_os = "linux") {
//!     assert_eq!(memory.backing(), Backing::HugePageMapping);
//! }
//! let params = argon2::Params::new(16 * 1024, 2, 1, Some(32)).unwrap();
//! let argon = argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params);
//! let mut key = [0u8; 32];
//! argon.hash_password_into_with_memory(b"password", b"somesalt", &mut key, memory.blocks_mut()).unwrap();
//! assert!(memory.is_dirty());
//! memory.wipe();
//! assert!(memory.blocks().iter().all(|b| b.as_ref().iter().all(|&w| w == 0)));
//! # Ok::<(), mspkit_hugemem::AllocError>(())
//! ```

use std::fmt;

pub use argon2::Block;
use zeroize::Zeroize;

/// Where the blocks of a [`BlockMemory`] live.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Backing {
    /// An anonymous mapping starting on a 2 MiB boundary, advised with `MADV_HUGEPAGE` (Linux).
    /// Whether the kernel then gives huge pages is its choice (`transparent_hugepage/enabled`);
    /// when it does not, the mapping behaves as an ordinary allocation.
    HugePageMapping,
    /// An ordinary heap allocation: not Linux, or the mapping or the advice was refused.
    Heap,
}

/// The memory could not be had at all: neither a mapping nor a heap allocation of that size.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AllocError {
    blocks: usize,
}

impl AllocError {
    /// The number of 1 KiB blocks asked for.
    pub fn blocks(&self) -> usize {
        self.blocks
    }
}

impl fmt::Display for AllocError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot allocate {} Argon2 memory blocks of 1 KiB", self.blocks)
    }
}

impl std::error::Error for AllocError {}

/// `len` Argon2 blocks, all zero when made, zeroized again on drop if anything wrote them.
///
/// Its contents are read and written only through [`BlockMemory::blocks`] and
/// [`BlockMemory::blocks_mut`]; the latter marks the memory dirty, and [`BlockMemory::wipe`] (or
/// the drop) zeroizes dirty memory. `Debug` shows the size and the backing, never the contents.
pub struct BlockMemory {
    store: Store,
    /// Whether the blocks may hold something other than zeros: set when they are lent out
    /// mutably, cleared only once they are zeroized.
    dirty: bool,
}

enum Store {
    #[cfg(target_os = "linux")]
    Mapped(mapped::Mapped),
    Heap(Vec<Block>),
}

impl BlockMemory {
    /// No blocks at all (nothing is allocated).
    pub const fn empty() -> Self {
        Self { store: Store::Heap(Vec::new()), dirty: false }
    }

    /// `len` zeroed blocks, mapped so that the kernel can back them with transparent huge pages
    /// (Linux), or on the heap where that is not possible. Refused only when neither can be had.
    pub fn new(len: usize) -> Result<Self, AllocError> {
        #[cfg(target_os = "linux")]
        if let Some(mapped) = mapped::Mapped::new(len) {
            return Ok(Self { store: Store::Mapped(mapped), dirty: false });
        }
        Self::heap(len)
    }

    /// `len` zeroed blocks in an ordinary heap allocation (what [`BlockMemory::new`] falls back
    /// to). Refused, rather than aborting the process, when the allocation fails.
    pub fn heap(len: usize) -> Result<Self, AllocError> {
        let mut blocks = Vec::new();
        blocks.try_reserve_exact(len).map_err(|_| AllocError { blocks: len })?;
        // Within the capacity just reserved: no reallocation, no panic.
        blocks.resize(len, Block::new());
        Ok(Self { store: Store::Heap(blocks), dirty: false })
    }

    /// Where the blocks live.
    pub fn backing(&self) -> Backing {
        match &self.store {
            #[cfg(target_os = "linux")]
            Store::Mapped(_) => Backing::HugePageMapping,
            Store::Heap(_) => Backing::Heap,
        }
    }

    /// The number of blocks.
    pub fn len(&self) -> usize {
        self.blocks().len()
    }

    /// Whether there are no blocks.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The blocks, to read.
    pub fn blocks(&self) -> &[Block] {
        match &self.store {
            #[cfg(target_os = "linux")]
            Store::Mapped(mapped) => mapped.blocks(),
            Store::Heap(blocks) => blocks,
        }
    }

    /// The blocks, to write (an Argon2 derivation's memory). Marks the memory dirty: it is
    /// zeroized by the next [`BlockMemory::wipe`] or on drop.
    pub fn blocks_mut(&mut self) -> &mut [Block] {
        self.dirty = true;
        match &mut self.store {
            #[cfg(target_os = "linux")]
            Store::Mapped(mapped) => mapped.blocks_mut(),
            Store::Heap(blocks) => blocks,
        }
    }

    /// Whether the blocks were lent out mutably since they were last zeroized.
    pub fn is_dirty(&self) -> bool {
        self.dirty
    }

    /// Zeroizes every block unless they are known to be zero already (64 MiB take about 3 ms).
    pub fn wipe(&mut self) {
        if self.dirty {
            // Not through `blocks_mut`: this must not mark the memory dirty again.
            match &mut self.store {
                #[cfg(target_os = "linux")]
                Store::Mapped(mapped) => mapped.blocks_mut().iter_mut().zeroize(),
                Store::Heap(blocks) => blocks.iter_mut().zeroize(),
            }
            self.dirty = false;
        }
    }
}

impl Default for BlockMemory {
    fn default() -> Self {
        Self::empty()
    }
}

impl Drop for BlockMemory {
    /// Zeroizes the blocks (if dirty) before the mapping or the allocation is given back.
    fn drop(&mut self) {
        self.wipe();
    }
}

#[expect(
    clippy::missing_fields_in_debug,
    reason = "the store is shown as its size and backing, never its contents"
)]
impl fmt::Debug for BlockMemory {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BlockMemory")
            .field("blocks", &self.len())
            .field("backing", &self.backing())
            .field("dirty", &self.dirty)
            .finish()
    }
}

/// The anonymous mapping and the one cast that views its bytes as Argon2 blocks.
#[cfg(target_os = "linux")]
#[expect(
    unsafe_code,
    reason = "memmap2 lends the mapping as bytes; no safe API views bytes as argon2's `Block`"
)]
mod mapped {
    use std::mem::{align_of, size_of};

    use memmap2::{Advice, MmapMut, MmapOptions};

    use super::Block;

    /// The size (and alignment) of an x86-64 or AArch64 transparent huge page. The kernel can back
    /// a range with one only where the range covers a whole aligned 2 MiB.
    const HUGE_PAGE: usize = 2 * 1024 * 1024;

    // What the cast below relies on, checked by the compiler: a block is exactly its 128 words
    // (no padding, no other field), and a 2 MiB boundary is aligned enough for it.
    const _: () = assert!(size_of::<Block>() == Block::SIZE);
    const _: () = assert!(size_of::<Block>() == size_of::<[u64; Block::SIZE / 8]>());
    const _: () = assert!(HUGE_PAGE.is_multiple_of(align_of::<Block>()));

    /// `len` blocks starting `offset` bytes into `map`, where `offset` brings the start to a
    /// 2 MiB boundary. Invariants (established by `new`, never changed): the start address is a
    /// multiple of `HUGE_PAGE`, and `offset + len * Block::SIZE <= map.len()`.
    pub(crate) struct Mapped {
        map: MmapMut,
        offset: usize,
        len: usize,
    }

    impl Mapped {
        /// Maps `len` blocks' worth of bytes rounded up to 2 MiB plus 2 MiB of slack, so that a
        /// 2 MiB boundary falls within the first 2 MiB and the blocks from there are whole huge
        /// pages; advises the blocks' range with `MADV_HUGEPAGE`. `None` when anything is
        /// refused (the caller falls back to the heap); the slack is address space only, never
        /// touched, so never backed by memory.
        pub(crate) fn new(len: usize) -> Option<Self> {
            let bytes = len.checked_mul(Block::SIZE)?;
            if bytes == 0 {
                return None;
            }
            let total = bytes.checked_next_multiple_of(HUGE_PAGE)?.checked_add(HUGE_PAGE)?;
            let map = MmapOptions::new().len(total).map_anon().ok()?;
            let address = map.as_ptr().addr();
            let offset = address.checked_next_multiple_of(HUGE_PAGE)?.checked_sub(address)?;
            if offset.checked_add(bytes)? > map.len() {
                return None;
            }
            map.advise_range(Advice::HugePage, offset, bytes).ok()?;
            Some(Self { map, offset, len })
        }

        pub(crate) fn blocks(&self) -> &[Block] {
            #[expect(
                clippy::cast_ptr_alignment,
                reason = "the start is on a 2 MiB boundary (checked in `new`)"
            )]
            let start = self.map.as_ptr().wrapping_add(self.offset).cast::<Block>();
            // SAFETY: `start` is non-null and aligned for `Block`: the mapping's address plus
            // `offset` is a multiple of 2 MiB (checked in `new`), itself a multiple of `Block`'s
            // alignment (checked at compile time). The `len` blocks lie within the one live
            // mapping, which `self.map` owns until `self` is dropped: `offset + len * SIZE` is
            // at most the mapping's length (checked in `new`), and a mapping is never larger
            // than `isize::MAX` bytes. Every byte is initialized and every block is a valid
            // `Block`: an anonymous mapping reads as zeros until written, the zero pattern is
            // `Block::new()`, and afterwards it is written only as `Block`s through
            // `blocks_mut`; a `Block` is its 128 `u64` words and nothing else (size checked at
            // compile time) and any words are a valid block (argon2 lets safe code write any
            // through `AsMut<[u64]>`). The shared borrow of `self` keeps `blocks_mut` from
            // lending the same bytes mutably while this slice lives.
            unsafe { std::slice::from_raw_parts(start, self.len) }
        }

        pub(crate) fn blocks_mut(&mut self) -> &mut [Block] {
            let bytes: &mut [u8] = &mut self.map;
            #[expect(
                clippy::cast_ptr_alignment,
                reason = "the start is on a 2 MiB boundary (checked in `new`)"
            )]
            let start = bytes.as_mut_ptr().wrapping_add(self.offset).cast::<Block>();
            // SAFETY: as in `blocks` (alignment, bounds, initialized valid blocks, one live
            // mapping owned by `self.map`); the mapping is private and writable (`map_anon`),
            // and the exclusive borrow of `self` makes this the only reference to these bytes
            // while the slice lives: `Mapped` hands out no other pointer into the mapping.
            unsafe { std::slice::from_raw_parts_mut(start, self.len) }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all_zero(memory: &BlockMemory) -> bool {
        memory.blocks().iter().all(|b| b.as_ref().iter().all(|&w| w == 0))
    }

    fn scribble(memory: &mut BlockMemory) {
        for (i, block) in memory.blocks_mut().iter_mut().enumerate() {
            for (j, word) in block.as_mut().iter_mut().enumerate() {
                *word = (i as u64) << 8 | j as u64 | 1;
            }
        }
    }

    /// Whether this kernel has transparent huge pages at all (the advice fails without them).
    fn kernel_has_thp() -> bool {
        std::path::Path::new("/sys/kernel/mm/transparent_hugepage/enabled").exists()
    }

    fn both_backings(len: usize) -> [BlockMemory; 2] {
        [BlockMemory::new(len).unwrap(), BlockMemory::heap(len).unwrap()]
    }

    #[test]
    fn new_maps_on_linux_and_heap_is_the_heap() {
        let memory = BlockMemory::new(4096).unwrap();
        if cfg!(target_os = "linux") && kernel_has_thp() {
            assert_eq!(memory.backing(), Backing::HugePageMapping);
            // The blocks start on a 2 MiB boundary, so the kernel can give whole huge pages.
            assert_eq!(memory.blocks().as_ptr().addr() % (2 * 1024 * 1024), 0);
        }
        assert_eq!(BlockMemory::heap(4096).unwrap().backing(), Backing::Heap);
    }

    #[test]
    fn fresh_memory_is_zero_and_of_the_asked_length() {
        for len in [1, 7, 2048, 2049, 16 * 1024] {
            for memory in both_backings(len) {
                assert_eq!(memory.len(), len, "{memory:?}");
                assert_eq!(memory.blocks().as_ptr().addr() % 64, 0);
                assert!(all_zero(&memory), "{memory:?}");
                assert!(!memory.is_dirty());
            }
        }
    }

    #[test]
    fn writes_are_kept_and_wipe_zeroizes_every_block() {
        for mut memory in both_backings(3000) {
            scribble(&mut memory);
            assert!(memory.is_dirty());
            let last = memory.blocks().last().unwrap().as_ref()[127];
            assert_eq!(last, 2999 << 8 | 127 | 1, "{memory:?}");
            memory.wipe();
            assert!(!memory.is_dirty());
            assert!(all_zero(&memory), "{memory:?}");
            // Reading does not make it dirty; lending it mutably does, even without a write.
            let _ = memory.blocks();
            assert!(!memory.is_dirty());
            let _ = memory.blocks_mut();
            assert!(memory.is_dirty());
        }
    }

    #[test]
    fn both_backings_give_argon2_the_same_output_as_its_own_allocation() {
        let params = argon2::Params::new(8 * 1024, 3, 4, Some(32)).unwrap();
        let argon = argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params.clone());
        let mut expected = [0u8; 32];
        argon.hash_password_into(b"correct horse", b"battery staple", &mut expected).unwrap();
        for mut memory in both_backings(params.block_count()) {
            for _ in 0..2 {
                let mut key = [0u8; 32];
                argon
                    .hash_password_into_with_memory(
                        b"correct horse",
                        b"battery staple",
                        &mut key,
                        memory.blocks_mut(),
                    )
                    .unwrap();
                assert_eq!(key, expected, "{memory:?}");
                memory.wipe();
                assert!(all_zero(&memory));
            }
        }
    }

    #[test]
    fn impossible_sizes_are_errors_not_panics() {
        let too_many = usize::MAX / 512;
        let err = BlockMemory::new(too_many).unwrap_err();
        assert_eq!(err.blocks(), too_many);
        assert_eq!(err.to_string(), format!("cannot allocate {too_many} Argon2 memory blocks of 1 KiB"));
        assert!(BlockMemory::heap(usize::MAX).is_err());
        let empty = BlockMemory::new(0).unwrap();
        assert!(empty.is_empty());
        assert_eq!(empty.backing(), Backing::Heap);
        assert!(BlockMemory::default().is_empty());
    }

    #[test]
    fn debug_shows_the_shape_never_the_contents() {
        let mut memory = BlockMemory::heap(2).unwrap();
        scribble(&mut memory);
        assert_eq!(format!("{memory:?}"), "BlockMemory { blocks: 2, backing: Heap, dirty: true }");
    }

    #[test]
    fn memory_moves_between_threads() {
        let mut memory = BlockMemory::new(1024).unwrap();
        scribble(&mut memory);
        let handle = std::thread::spawn(move || {
            memory.wipe();
            all_zero(&memory)
        });
        assert!(handle.join().unwrap());
    }
}
