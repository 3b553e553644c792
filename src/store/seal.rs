//! What makes a change outside `ledger` visible: each hazard row carries a
//! checksum of its cells, and each history row a hash over its fields and the
//! previous row's hash, so that altering, removing or inserting a history row
//! breaks every hash after it, as in a bound paper ledger.
//!
//! SHA-256 cut to 128 bits and written in hex: a hand edit that keeps the
//! checksum valid needs the tool's own code, not a lucky byte.

use sha2::{Digest, Sha256};

/// Separates the fields hashed, so that moving text from one field into the
/// next changes the hash; it never occurs in a cell's UTF-8 text.
const UNIT: &[u8] = &[0xff];

/// Hex digits kept of each digest.
const BYTES: usize = 16;

/// Hashes fields one by one. They are gathered and hashed at once: a row's
/// forty short cells, each with its separator, cost eighty calls into the
/// hasher's block buffer otherwise.
pub struct Sealer(Vec<u8>);

impl Default for Sealer {
    fn default() -> Sealer {
        Sealer(Vec::with_capacity(512))
    }
}

impl Sealer {
    pub fn field(&mut self, bytes: &[u8]) {
        self.0.extend_from_slice(bytes);
        self.0.extend_from_slice(UNIT);
    }

    pub fn finish(self) -> String {
        let digest = Sha256::digest(&self.0);
        let mut hex = String::with_capacity(BYTES * 2);
        for b in &digest[..BYTES] {
            hex.push(char::from(b"0123456789abcdef"[usize::from(b >> 4)]));
            hex.push(char::from(b"0123456789abcdef"[usize::from(b & 15)]));
        }
        hex
    }
}

/// The checksum of a hazard row's cells, in [`super::table::COLUMNS`] order.
pub fn checksum<'c>(cells: impl IntoIterator<Item = &'c [u8]>) -> String {
    let mut s = Sealer::default();
    for cell in cells {
        s.field(cell);
    }
    s.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_moved_boundary_or_changed_byte_changes_the_checksum() {
        let base = checksum([&b"ab"[..], b"c"]);
        assert_eq!(base.len(), 32);
        assert_eq!(base, checksum([&b"ab"[..], b"c"]));
        assert_ne!(base, checksum([&b"a"[..], b"bc"]));
        assert_ne!(base, checksum([&b"ab"[..], b"d"]));
        assert_ne!(base, checksum([&b"ab"[..], b"c", b""]));
    }
}
