//! The OLE compound file under an `.xls`, checked before calamine reads it.
//!
//! A compound file stores each stream as a chain of sectors linked through the
//! file allocation table (FAT). calamine follows a chain until it ends, so a
//! chain that loops back on itself makes it append the same sectors for ever
//! (the workbook fuzzer found a 10 KB file that asked for 4 GB). In a sound
//! file every chain ends, so a FAT with any cycle is refused here as corrupt;
//! without cycles no chain is longer than the file.
//!
//! calamine then sizes its cell grid from the cells' positions; the workbook
//! stream is found here so that [`super::biff`] can bound those first.

use super::Unreadable;

/// Sector numbers at or above this are markers (end of chain, free, FAT, DIFAT).
const MARKERS: u32 = 0xFFFF_FFFA;
/// The FAT sector numbers the header itself holds.
const HEADER_DIFAT: usize = 109;
/// Streams shorter than this live in the mini stream, in 64-byte mini sectors.
const MINI_CUTOFF: usize = 4096;
const MINI_SECTOR: usize = 64;
/// A directory entry's size in bytes.
const ENTRY: usize = 128;

/// Refuses a compound file whose FAT links any sector chain into a loop, or
/// whose workbook stream places cells beyond the xls grid. Anything else that
/// is wrong (a short header, a sector past the end) is left for calamine to
/// report.
pub fn check(bytes: &[u8]) -> Result<(), Unreadable> {
    let Some(file) = Compound::new(bytes) else {
        return Ok(());
    };
    if let Some(sector) = first_cycle(&file.fat) {
        return Err(Unreadable::Corrupt(format!(
            "the sector chain through sector {sector} loops back on itself"
        )));
    }
    match file.stream("Workbook").or_else(|| file.stream("Book")) {
        Some(book) => super::biff::check(&book),
        None => Ok(()),
    }
}

struct Compound<'a> {
    bytes: &'a [u8],
    sector_size: usize,
    fat: Vec<u32>,
}

impl<'a> Compound<'a> {
    fn new(bytes: &'a [u8]) -> Option<Compound<'a>> {
        let shift = u16::from_le_bytes(bytes.get(0x1E..0x20)?.try_into().ok()?);
        let sector_size = match shift {
            9 => 512,
            12 => 4096,
            _ => return None,
        };
        if bytes.len() < 512 {
            return None;
        }
        let mut file = Compound {
            bytes,
            sector_size,
            fat: Vec::new(),
        };
        file.fat = file
            .fat_sectors()
            .into_iter()
            .flat_map(|id| file.sector(id))
            .collect();
        Some(file)
    }

    fn u32_at(&self, offset: usize) -> Option<u32> {
        Some(u32::from_le_bytes(
            self.bytes.get(offset..offset + 4)?.try_into().ok()?,
        ))
    }

    /// Sector `id`'s bytes (fewer at the end of a short file); sector 0 follows
    /// the header, which fills the first sector.
    fn sector_bytes(&self, id: u32) -> &'a [u8] {
        let start = (id as usize + 1).saturating_mul(self.sector_size);
        let end = start.saturating_add(self.sector_size).min(self.bytes.len());
        self.bytes.get(start..end).unwrap_or_default()
    }

    /// Sector `id` read as sector numbers.
    fn sector(&self, id: u32) -> impl Iterator<Item = u32> + 'a {
        self.sector_bytes(id)
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

    /// The sectors of the chain from `start` in `table`, at most one pass over
    /// the table however the links run.
    fn chain(table: &[u32], start: u32) -> Vec<u32> {
        let mut ids = Vec::new();
        let mut at = start;
        while (at as usize) < table.len() && ids.len() <= table.len() {
            ids.push(at);
            at = table[at as usize];
        }
        ids
    }

    /// The bytes of the chain from `start`, cut to `len`.
    fn read(&self, start: u32, len: usize) -> Vec<u8> {
        let mut out = Vec::new();
        for id in Self::chain(&self.fat, start) {
            if out.len() >= len {
                break;
            }
            out.extend_from_slice(self.sector_bytes(id));
        }
        out.truncate(len);
        out
    }

    /// The directory entries: name, first sector, size, read as calamine
    /// reads them. The name is its whole 64-byte field up to the first NUL,
    /// whatever the entry's name length says: a length of zero must not hide
    /// a stream that calamine finds.
    fn entries(&self) -> Vec<(String, u32, usize)> {
        let Some(start) = self.u32_at(0x30) else {
            return Vec::new();
        };
        let directory = self.read(start, self.bytes.len());
        directory
            .chunks_exact(ENTRY)
            .map(|e| {
                let mut name = encoding_rs::UTF_16LE.decode(&e[..64]).0.into_owned();
                if let Some(nul) = name.find('\0') {
                    name.truncate(nul);
                }
                let start = u32::from_le_bytes([e[116], e[117], e[118], e[119]]);
                (name, start, self.stream_size(e))
            })
            .collect()
    }

    /// A directory entry's stream size: four bytes in a file of 512-byte
    /// sectors, eight in one of 4096 (as calamine reads them).
    fn stream_size(&self, entry: &[u8]) -> usize {
        let size = if self.sector_size == 512 {
            u64::from(u32::from_le_bytes([
                entry[120], entry[121], entry[122], entry[123],
            ]))
        } else {
            u64::from_le_bytes(entry[120..128].try_into().unwrap_or_default())
        };
        usize::try_from(size).unwrap_or(usize::MAX)
    }

    /// The named stream's bytes, as calamine would read them: from the mini
    /// stream when shorter than 4096 bytes, else from the sectors.
    fn stream(&self, name: &str) -> Option<Vec<u8>> {
        let entries = self.entries();
        let (_, start, size) = entries
            .iter()
            .find(|(n, _, _)| n.eq_ignore_ascii_case(name))?;
        let len = (*size).min(self.bytes.len());
        if *size >= MINI_CUTOFF {
            return Some(self.read(*start, len));
        }
        let (_, root_start, root_size) = entries.first()?;
        let mini_stream = self.read(*root_start, (*root_size).min(self.bytes.len()));
        let mini_fat: Vec<u32> = self
            .read(self.u32_at(0x3C)?, self.bytes.len())
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect();
        let mut out = Vec::new();
        for id in Self::chain(&mini_fat, *start) {
            let from = (id as usize).saturating_mul(MINI_SECTOR);
            let to = from.saturating_add(MINI_SECTOR).min(mini_stream.len());
            out.extend_from_slice(mini_stream.get(from..to).unwrap_or_default());
            if out.len() >= len {
                break;
            }
        }
        out.truncate(len);
        Some(out)
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

    /// `bytes` with the Workbook directory entry's name length set to zero.
    fn nameless_workbook(mut bytes: Vec<u8>) -> Vec<u8> {
        let name: Vec<u8> = "Workbook"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        let at = memchr::memmem::find(&bytes, &name).expect("a Workbook entry");
        bytes[at + 64..at + 66].copy_from_slice(&[0, 0]);
        bytes
    }

    #[test]
    fn a_workbook_stream_whose_name_length_is_zero_is_still_checked() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/fuzz/xls-cell-beyond-grid.xls"
        );
        let bytes = nameless_workbook(std::fs::read(path).unwrap());
        assert!(matches!(check(&bytes), Err(Unreadable::Corrupt(e)) if e.contains("beyond")));
        assert_eq!(check(&nameless_workbook(real_xls())), Ok(()));
    }

    fn real_xls() -> Vec<u8> {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/yingji-2022-06.xls"
        );
        std::fs::read(path).unwrap()
    }

    #[test]
    fn a_real_xls_passes() {
        assert_eq!(check(&real_xls()), Ok(()));
    }

    #[test]
    fn the_workbook_stream_of_a_real_xls_is_found_whole() {
        let bytes = real_xls();
        let file = Compound::new(&bytes).unwrap();
        let book = file.stream("Workbook").unwrap();
        assert_eq!(&book[..2], &0x0809u16.to_le_bytes(), "starts with BOF");
        let eof = 0x000Au16.to_le_bytes();
        assert_eq!(&book[book.len() - 4..book.len() - 2], &eof, "ends with EOF");
    }
}
