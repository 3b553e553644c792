//! The OLE compound file under an `.xls`, checked before calamine reads it.
//!
//! A compound file stores each stream as a chain of sectors linked through the
//! file allocation table (FAT). calamine follows a chain until it ends, so a
//! chain that loops back on itself makes it append the same sectors for ever
//! (the workbook fuzzer found a 10 KB file that asked for 4 GB). In a sound
//! file every chain ends, so a FAT with any cycle is refused here as corrupt;
//! without cycles no chain is longer than the file.

use super::Unreadable;

/// Sector numbers at or above this are markers (end of chain, free, FAT, DIFAT).
const MARKERS: u32 = 0xFFFF_FFFA;
/// The FAT sector numbers the header itself holds.
const HEADER_DIFAT: usize = 109;

/// Refuses a compound file whose FAT links any sector chain into a loop.
/// Anything else that is wrong (a short header, a sector past the end) is
/// left for calamine to report.
pub fn check(bytes: &[u8]) -> Result<(), Unreadable> {
    let Some(file) = Compound::new(bytes) else {
        return Ok(());
    };
    match first_cycle(&file.fat()) {
        Some(sector) => Err(Unreadable::Corrupt(format!(
            "the sector chain through sector {sector} loops back on itself"
        ))),
        None => Ok(()),
    }
}

struct Compound<'a> {
    bytes: &'a [u8],
    sector_size: usize,
}

impl<'a> Compound<'a> {
    fn new(bytes: &'a [u8]) -> Option<Compound<'a>> {
        let shift = u16::from_le_bytes(bytes.get(0x1E..0x20)?.try_into().ok()?);
        let sector_size = match shift {
            9 => 512,
            12 => 4096,
            _ => return None,
        };
        (bytes.len() >= 512).then_some(Compound { bytes, sector_size })
    }

    fn u32_at(&self, offset: usize) -> Option<u32> {
        Some(u32::from_le_bytes(
            self.bytes.get(offset..offset + 4)?.try_into().ok()?,
        ))
    }

    /// Sector `id`'s numbers; sector 0 follows the header, which fills the first sector.
    fn sector(&self, id: u32) -> impl Iterator<Item = u32> + '_ {
        let start = (id as usize + 1).saturating_mul(self.sector_size);
        let end = start.saturating_add(self.sector_size).min(self.bytes.len());
        self.bytes
            .get(start..end)
            .unwrap_or_default()
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
    }

    fn sectors(&self) -> usize {
        self.bytes.len() / self.sector_size
    }

    /// The FAT sector numbers: 109 in the header, the rest in the DIFAT chain,
    /// which is followed at most once per sector of the file.
    fn fat_sectors(&self) -> Vec<u32> {
        let mut ids: Vec<u32> = (0..HEADER_DIFAT)
            .filter_map(|i| self.u32_at(0x4C + 4 * i))
            .collect();
        let mut next = self.u32_at(0x44).unwrap_or(u32::MAX);
        let mut hops = 0;
        while next < MARKERS && hops <= self.sectors() {
            let mut entries: Vec<u32> = self.sector(next).collect();
            next = entries.pop().unwrap_or(u32::MAX);
            ids.extend(entries);
            hops += 1;
        }
        ids.retain(|id| *id < MARKERS);
        ids
    }

    /// The FAT: for each sector, the next sector of its chain or a marker.
    fn fat(&self) -> Vec<u32> {
        self.fat_sectors()
            .into_iter()
            .flat_map(|id| self.sector(id))
            .collect()
    }
}

/// A sector on a cycle of `next`, if any. Each sector is visited once: a walk
/// stops at a marker, at a sector a finished walk has cleared, or, on a
/// cycle, at a sector of its own path.
fn first_cycle(next: &[u32]) -> Option<u32> {
    #[derive(Clone, Copy, PartialEq)]
    enum Seen {
        No,
        OnPath,
        Cleared,
    }
    let mut seen = vec![Seen::No; next.len()];
    let mut path = Vec::new();
    for start in 0..next.len() {
        let mut at = start;
        while at < next.len() && seen[at] == Seen::No {
            seen[at] = Seen::OnPath;
            path.push(at);
            at = next[at] as usize;
        }
        if at < next.len() && seen[at] == Seen::OnPath {
            return Some(at as u32);
        }
        for sector in path.drain(..) {
            seen[sector] = Seen::Cleared;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const END: u32 = 0xFFFF_FFFE;
    const FREE: u32 = 0xFFFF_FFFF;
    const FAT_SECTOR: u32 = 0xFFFF_FFFD;

    /// A 512-byte-sector compound file whose only FAT sector (sector 0) holds `fat`.
    fn compound(fat: &[u32]) -> Vec<u8> {
        let mut bytes = vec![0u8; 512 * 4];
        bytes[..8].copy_from_slice(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
        bytes[0x1E..0x20].copy_from_slice(&9u16.to_le_bytes());
        bytes[0x44..0x48].copy_from_slice(&END.to_le_bytes());
        for i in 0..HEADER_DIFAT {
            let id = if i == 0 { 0 } else { FREE };
            bytes[0x4C + 4 * i..0x50 + 4 * i].copy_from_slice(&id.to_le_bytes());
        }
        let entries = fat.iter().copied().chain(std::iter::repeat(FREE)).take(128);
        for (i, entry) in entries.enumerate() {
            bytes[512 + 4 * i..516 + 4 * i].copy_from_slice(&entry.to_le_bytes());
        }
        bytes
    }

    #[test]
    fn chains_that_end_pass() {
        assert_eq!(check(&compound(&[FAT_SECTOR, 2, END])), Ok(()));
    }

    #[test]
    fn a_chain_that_loops_is_corrupt() {
        let err = check(&compound(&[FAT_SECTOR, 2, 1])).unwrap_err();
        assert!(matches!(err, Unreadable::Corrupt(e) if e.contains("loops")));
    }

    #[test]
    fn a_sector_linked_to_itself_is_corrupt() {
        assert!(check(&compound(&[FAT_SECTOR, END, 2])).is_err());
    }

    #[test]
    fn chains_merging_into_one_that_ends_pass() {
        assert_eq!(check(&compound(&[FAT_SECTOR, 3, 3, END])), Ok(()));
    }

    #[test]
    fn a_real_xls_passes() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/yingji-2022-06.xls"
        );
        assert_eq!(check(&std::fs::read(path).unwrap()), Ok(()));
    }
}
