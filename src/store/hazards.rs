//! The hazards a merge holds: those the store had, then those the import
//! added, in blocks that never move.
//!
//! One vector grown to a million hazards (half a gigabyte) copies itself
//! again at every doubling, into memory the kernel zeroes first: the profile
//! of a million-row import showed that as a fifth of the merge's time. A
//! block is allocated once at its full size and only filled.

use crate::record::Hazard;
use std::ops::{Index, IndexMut};

/// Hazards per added block: 32 MB, few enough blocks to count, and an
/// unfilled last block costs address space, not memory.
const BLOCK: usize = 65_536;

/// Hazards in store order, addressed by position like a vector.
#[derive(Default)]
pub struct Hazards {
    stored: Vec<Hazard>,
    added: Vec<Vec<Hazard>>,
}

impl Hazards {
    /// Starts from the store's hazards, which keep their positions.
    pub fn new(stored: Vec<Hazard>) -> Hazards {
        Hazards {
            stored,
            added: Vec::new(),
        }
    }

    pub fn len(&self) -> usize {
        self.stored.len() + self.added.iter().map(Vec::len).sum::<usize>()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn push(&mut self, h: Hazard) {
        match self.added.last_mut() {
            Some(block) if block.len() < BLOCK => block.push(h),
            _ => {
                let mut block = Vec::with_capacity(BLOCK);
                block.push(h);
                self.added.push(block);
            }
        }
    }

    /// The hazards in order, as consecutive slices.
    pub fn parts(&self) -> Vec<&[Hazard]> {
        std::iter::once(self.stored.as_slice())
            .chain(self.added.iter().map(Vec::as_slice))
            .filter(|part| !part.is_empty())
            .collect()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Hazard> {
        self.stored.iter().chain(self.added.iter().flatten())
    }

    /// The block and place within it of position `i`.
    fn locate(&self, i: usize) -> (Option<usize>, usize) {
        match i.checked_sub(self.stored.len()) {
            None => (None, i),
            Some(added) => (Some(added / BLOCK), added % BLOCK),
        }
    }

    /// Frees the hazards, a large set on another thread (see [`super::release`]).
    pub fn release(self) {
        let count = self.len();
        super::release(self, count);
    }
}

impl Index<usize> for Hazards {
    type Output = Hazard;

    fn index(&self, i: usize) -> &Hazard {
        match self.locate(i) {
            (None, i) => &self.stored[i],
            (Some(block), i) => &self.added[block][i],
        }
    }
}

impl IndexMut<usize> for Hazards {
    fn index_mut(&mut self, i: usize) -> &mut Hazard {
        match self.locate(i) {
            (None, i) => &mut self.stored[i],
            (Some(block), i) => &mut self.added[block][i],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numbered(range: std::ops::Range<usize>) -> Vec<Hazard> {
        range
            .map(|n| Hazard {
                id: n.to_string().into(),
                ..super::super::table::tests::sample()
            })
            .collect()
    }

    #[test]
    fn positions_run_on_from_the_stored_hazards_across_blocks() {
        let mut hazards = Hazards::new(numbered(0..3));
        for h in numbered(3..BLOCK + 10) {
            hazards.push(h);
        }
        assert_eq!(hazards.len(), BLOCK + 10);
        for i in [0, 2, 3, BLOCK, BLOCK + 2, BLOCK + 3, BLOCK + 9] {
            assert_eq!(hazards[i].id, i.to_string());
        }
        hazards[BLOCK + 5].id = "changed".into();
        assert_eq!(hazards[BLOCK + 5].id, "changed");
        let parts = hazards.parts();
        assert_eq!(
            parts.iter().map(|p| p.len()).collect::<Vec<_>>(),
            [3, BLOCK, 7]
        );
        let ids: Vec<&str> = parts
            .iter()
            .flat_map(|p| p.iter())
            .map(|h| h.id.as_str())
            .collect();
        assert_eq!(
            ids,
            hazards.iter().map(|h| h.id.as_str()).collect::<Vec<_>>()
        );
        assert_eq!(ids[BLOCK + 4], (BLOCK + 4).to_string());
    }

    #[test]
    fn an_empty_store_has_no_parts() {
        assert!(Hazards::default().parts().is_empty());
        assert!(Hazards::default().is_empty());
    }
}
