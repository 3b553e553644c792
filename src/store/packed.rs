//! `hazards-NNNNNN.tbl`: the current state of every hazard, in the packed
//! format the store writes (store format 2).
//!
//! Every command starts by loading the whole table, so the format is chosen
//! for loading: each cell is a length and its bytes, never quoted or escaped,
//! and an index of where every [`CHUNK`] records start lets the cores decode
//! a large table side by side. Lengths are written in ASCII bytes (six bits
//! each, see [`length`]), so a whole chunk is valid UTF-8 exactly when its
//! cells are: it is validated in one pass (simdutf8) and each cell is then a
//! slice of it, instead of thirty validations a record. The cells are the
//! text [`table::each_cell`] writes for the CSV table of format 1, so the two
//! formats cannot drift apart.
//!
//! ```text
//! magic     MAGIC
//! header    column count, then each column's name          (length, then length + UTF-8)
//! records   per record and column: cell length, cell text   (length + UTF-8)
//! index     record count, chunk count, offset of each chunk (u64 little-endian each)
//! trailer   offset of the index                             (u64 little-endian)
//! ```
//!
//! Columns are named in the header, as in the CSV table, so a table written
//! with fewer or more columns still loads. Every length and offset is checked
//! against the file: a damaged table is an error, never a panic.

use super::table::{self, COLUMNS, Cells};
use crate::record::Hazard;
use anyhow::{anyhow, bail};
use std::io::{self, Write};
use std::mem::MaybeUninit;

/// The first bytes of a packed table: the name, a version, and a line end
/// that a transfer in text mode would visibly mangle.
pub const MAGIC: &[u8; 12] = b"ledger-tbl2\n";

/// Records per indexed chunk: small enough to share a table evenly between
/// cores, large enough that the index stays a few kilobytes.
const CHUNK: usize = 8192;

/// Below this many records one thread decodes faster than several start.
const PARALLEL_FROM: usize = 4 * CHUNK;

/// Writes the table of the hazards in `parts`, one after the other. Chunks
/// are encoded on every core (a million hazards are thirty million cells)
/// and written out in order.
pub fn write(mut out: impl Write, parts: &[&[Hazard]]) -> io::Result<()> {
    let records: usize = parts.iter().map(|p| p.len()).sum();
    let mut head = Vec::new();
    head.extend_from_slice(MAGIC);
    length(&mut head, COLUMNS.len());
    for name in COLUMNS {
        cell(&mut head, name.as_bytes());
    }
    out.write_all(&head)?;
    let mut written = head.len() as u64;
    let mut chunks = Vec::with_capacity(records.div_ceil(CHUNK));
    let mut result = Ok(());
    let mut put = |bytes: Vec<u8>| {
        if result.is_ok() {
            chunks.push(written);
            written += bytes.len() as u64;
            result = out.write_all(&bytes);
        }
    };
    let workers = if records < PARALLEL_FROM {
        1
    } else {
        std::thread::available_parallelism().map_or(1, |n| n.get())
    };
    crate::pipeline::fanned_out(workers, encode, |fanout| {
        for chunk in chunks_of(parts) {
            fanout.submit(chunk, &mut put);
        }
        fanout.finish(&mut put);
    });
    result?;
    let mut index = Vec::with_capacity(8 * (chunks.len() + 3));
    for n in [records as u64, chunks.len() as u64]
        .into_iter()
        .chain(chunks)
        .chain([written])
    {
        index.extend_from_slice(&n.to_le_bytes());
    }
    out.write_all(&index)?;
    out.flush()
}

/// The records of `parts` in chunks of [`CHUNK`] (the last one shorter),
/// each as the pieces of the parts it spans.
fn chunks_of<'a>(parts: &[&'a [Hazard]]) -> Vec<Vec<&'a [Hazard]>> {
    let mut chunks = Vec::new();
    let mut chunk: Vec<&[Hazard]> = Vec::new();
    let mut room = CHUNK;
    for &part in parts {
        let mut rest = part;
        while !rest.is_empty() {
            let (piece, after) = rest.split_at(room.min(rest.len()));
            chunk.push(piece);
            room -= piece.len();
            rest = after;
            if room == 0 {
                chunks.push(std::mem::take(&mut chunk));
                room = CHUNK;
            }
        }
    }
    if !chunk.is_empty() {
        chunks.push(chunk);
    }
    chunks
}

/// One chunk's records.
fn encode(pieces: Vec<&[Hazard]>) -> Vec<u8> {
    let records: usize = pieces.iter().map(|p| p.len()).sum();
    // Room for records of a kilobyte (the benchmark's take 286 bytes), so
    // that the buffer is allocated once: grown by doubling, each chunk's
    // megabytes were copied again. Room never written is address space,
    // not memory.
    let mut buf = Vec::with_capacity(records * 1024);
    for h in pieces.into_iter().flatten() {
        table::each_cell(h, |bytes| cell(&mut buf, bytes));
    }
    buf
}

/// Reads a table written by [`write`].
pub fn read(bytes: &[u8]) -> anyhow::Result<Vec<Hazard>> {
    let file = Layout::of(bytes)?;
    let records = file.records;
    let groups = file.groups(if records < PARALLEL_FROM {
        1
    } else {
        std::thread::available_parallelism().map_or(1, |n| n.get())
    });
    // Each thread decodes straight into its own part of the final vector:
    // decoded apart and then appended, half a million records (a quarter of
    // a gigabyte) were copied once more into memory the kernel first zeroes.
    let mut hazards: Vec<Hazard> = Vec::with_capacity(records);
    let mut free = &mut hazards.spare_capacity_mut()[..records];
    let mut parts = Vec::with_capacity(groups.len());
    for group in &groups {
        let (part, rest) = free.split_at_mut(group.records);
        parts.push(part);
        free = rest;
    }
    let decoded: Vec<anyhow::Result<()>> = std::thread::scope(|scope| {
        let handles: Vec<_> = groups
            .iter()
            .zip(parts)
            .map(|(group, part)| {
                let file = &file;
                scope.spawn(move || file.decode(group, part))
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|_| Err(anyhow!("decoder failed"))))
            .collect()
    });
    // A group that failed may have filled part of its slots; those records
    // are leaked with the error, never read.
    decoded.into_iter().collect::<anyhow::Result<()>>()?;
    // SAFETY: the groups' parts split the first `records` slots between
    // them, and a group's decode returns Ok only after writing every slot
    // of its part (it checks the count), so all `records` are initialised.
    unsafe { hazards.set_len(records) };
    Ok(hazards)
}

/// Where the parts of a table are, checked against its length.
struct Layout<'a> {
    bytes: &'a [u8],
    /// For each of the file's columns, its position in [`COLUMNS`], if known.
    columns: Vec<Option<usize>>,
    records: usize,
    /// Byte offset of each chunk, then of the index (the end of the records).
    bounds: Vec<usize>,
}

/// Consecutive chunks decoded by one thread.
struct Group {
    chunks: std::ops::Range<usize>,
    records: usize,
}

impl<'a> Layout<'a> {
    fn of(bytes: &'a [u8]) -> anyhow::Result<Layout<'a>> {
        if !bytes.starts_with(MAGIC) {
            bail!("not a packed hazard table");
        }
        let len = bytes.len();
        let trailer = len.checked_sub(8).ok_or_else(|| anyhow!("truncated"))?;
        let index = offset(&bytes[trailer..], 0)?;
        if index < MAGIC.len() || index > trailer {
            bail!("index offset {index} outside the file");
        }
        let words = &bytes[index..trailer];
        let records = offset(words, 0)?;
        let chunk_count = offset(words, 1)?;
        if chunk_count != records.div_ceil(CHUNK) || words.len() != (2 + chunk_count) * 8 {
            bail!("index of {records} records in {chunk_count} chunks is inconsistent");
        }
        let mut bounds = (0..chunk_count)
            .map(|i| offset(words, 2 + i))
            .collect::<anyhow::Result<Vec<_>>>()?;
        bounds.push(index);
        let header = bytes
            .get(MAGIC.len()..bounds[0].min(index))
            .ok_or_else(|| anyhow!("chunk offsets out of order"))?;
        let mut header = Reader {
            text: simdutf8::basic::from_utf8(header)
                .map_err(|_| anyhow!("the header is not UTF-8"))?,
            at: 0,
        };
        let count = header.length()?;
        let columns = (0..count)
            .map(|_| {
                let name = header.text()?;
                Ok(COLUMNS.iter().position(|c| *c == name))
            })
            .collect::<anyhow::Result<Vec<_>>>()?;
        if header.at != header.text.len() || bounds.windows(2).any(|w| w[0] > w[1]) {
            bail!("chunk offsets out of order");
        }
        // Every cell takes at least its length byte: an index counting more
        // records than that must not size the vector they are decoded into.
        if records > (index - bounds[0]) / columns.len().max(1) {
            bail!("the index counts {records} records, more than the file holds");
        }
        Ok(Layout {
            bytes,
            columns,
            records,
            bounds,
        })
    }

    /// The chunks cut into `n` runs of about equal size.
    fn groups(&self, n: usize) -> Vec<Group> {
        let chunks = self.bounds.len() - 1;
        let n = n.clamp(1, chunks.max(1));
        (0..n)
            .map(|k| {
                let range = chunks * k / n..chunks * (k + 1) / n;
                let first = range.start * CHUNK;
                let end = (range.end * CHUNK).min(self.records);
                Group {
                    chunks: range,
                    records: end.saturating_sub(first),
                }
            })
            .collect()
    }

    /// Decodes the group's records into `slots`, one each.
    fn decode(&self, group: &Group, slots: &mut [MaybeUninit<Hazard>]) -> anyhow::Result<()> {
        let mut slots = slots.iter_mut();
        let mut cells: Cells = [""; COLUMNS.len()];
        for chunk in group.chunks.clone() {
            let text =
                simdutf8::basic::from_utf8(&self.bytes[self.bounds[chunk]..self.bounds[chunk + 1]])
                    .map_err(|_| anyhow!("chunk {} is not UTF-8", chunk + 1))?;
            let mut r = Reader { text, at: 0 };
            let first = chunk * CHUNK;
            for record in first..(first + CHUNK).min(self.records) {
                let h = self
                    .columns
                    .iter()
                    .try_for_each(|slot| {
                        let text = r.text()?;
                        if let Some(at) = slot {
                            cells[*at] = text;
                        }
                        Ok(())
                    })
                    .and_then(|()| table::hazard(&cells))
                    .map_err(|e: anyhow::Error| anyhow!("record {}: {e:#}", record + 1))?;
                slots
                    .next()
                    .ok_or_else(|| anyhow!("more records than the index counts"))?
                    .write(h);
            }
            if r.at != r.text.len() {
                bail!("chunk {} has bytes past its records", chunk + 1);
            }
        }
        if slots.next().is_some() {
            bail!("fewer records than the index counts");
        }
        Ok(())
    }
}

/// The `i`-th little-endian u64 of `words`, as an offset or count.
fn offset(words: &[u8], i: usize) -> anyhow::Result<usize> {
    let word = words
        .get(i * 8..i * 8 + 8)
        .ok_or_else(|| anyhow!("truncated index"))?;
    let n = u64::from_le_bytes(word.try_into().expect("eight bytes"));
    usize::try_from(n).map_err(|_| anyhow!("offset {n} too large"))
}

/// A cursor over validated text that refuses to read past it.
struct Reader<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Reader<'a> {
    /// Reads what [`length`] wrote.
    fn length(&mut self) -> anyhow::Result<usize> {
        let bytes = self.text.as_bytes();
        let mut n: usize = 0;
        for shift in (0..usize::BITS).step_by(6) {
            let b = *bytes
                .get(self.at)
                .ok_or_else(|| anyhow!("truncated at byte {}", self.at))?;
            if b >= 0x80 {
                bail!("malformed length at byte {}", self.at);
            }
            self.at += 1;
            n |= usize::from(b & 0x3f) << shift;
            if b < 0x40 {
                return Ok(n);
            }
        }
        bail!("malformed length at byte {}", self.at)
    }

    fn text(&mut self) -> anyhow::Result<&'a str> {
        let len = self.length()?;
        let cell = self
            .at
            .checked_add(len)
            .and_then(|end| self.text.get(self.at..end))
            .ok_or_else(|| anyhow!("a cell of {len} bytes at byte {} is cut", self.at))?;
        self.at += len;
        Ok(cell)
    }
}

/// Writes `n` in ASCII bytes, six bits each, lowest first: a byte from 0x40
/// says more follow, one below 0x40 is the last. Cells under 64 bytes (most)
/// take one byte.
fn length(buf: &mut Vec<u8>, mut n: usize) {
    while n >= 0x40 {
        buf.push(0x40 | (n & 0x3f) as u8);
        n >>= 6;
    }
    buf.push(n as u8);
}

fn cell(buf: &mut Vec<u8>, bytes: &[u8]) {
    length(buf, bytes.len());
    buf.extend_from_slice(bytes);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::table::tests::sample;
    use proptest::prelude::*;

    fn packed(hazards: &[Hazard]) -> Vec<u8> {
        let mut buf = Vec::new();
        write(&mut buf, &[hazards]).unwrap();
        buf
    }

    fn numbered(n: usize) -> Vec<Hazard> {
        (0..n)
            .map(|i| {
                let mut h = sample();
                h.id = format!("YH-2022-{i:06}").into();
                h.hazard = format!("隐患{i}，\"引号\"\n第二行").into();
                h
            })
            .collect()
    }

    #[test]
    fn hazards_survive_the_round_trip() {
        for n in [0, 1, CHUNK, CHUNK + 1] {
            let hazards = numbered(n);
            assert_eq!(read(&packed(&hazards)).unwrap(), hazards, "{n} records");
        }
    }

    #[test]
    fn hazards_in_parts_are_written_as_one_table() {
        let hazards = numbered(PARALLEL_FROM + CHUNK / 2);
        let whole = packed(&hazards);
        let (a, rest) = hazards.split_at(3);
        let (b, c) = rest.split_at(CHUNK + 5);
        let mut parts = Vec::new();
        write(&mut parts, &[a, &[], b, c]).unwrap();
        assert!(
            parts == whole,
            "a table written in parts differs from the whole"
        );
        let chunks = chunks_of(&[a, b, c]);
        assert!(
            chunks
                .iter()
                .rev()
                .skip(1)
                .all(|pieces| { pieces.iter().map(|p| p.len()).sum::<usize>() == CHUNK })
        );
    }

    #[test]
    fn a_large_table_is_decoded_in_groups_of_chunks_and_keeps_its_order() {
        let hazards = numbered(PARALLEL_FROM + CHUNK / 2);
        let bytes = packed(&hazards);
        let layout = Layout::of(&bytes).unwrap();
        for n in 1..6 {
            let groups = layout.groups(n);
            assert_eq!(
                groups.iter().map(|g| g.records).sum::<usize>(),
                hazards.len()
            );
            assert!(
                groups
                    .windows(2)
                    .all(|w| w[0].chunks.end == w[1].chunks.start)
            );
        }
        assert_eq!(read(&bytes).unwrap(), hazards);
    }

    #[test]
    fn lengths_are_ascii_and_read_back() {
        for n in [0, 1, 63, 64, 4095, 4096, 1 << 30, usize::MAX] {
            let mut buf = Vec::new();
            length(&mut buf, n);
            assert!(buf.is_ascii(), "{n}: {buf:?}");
            let text = std::str::from_utf8(&buf).unwrap();
            let mut r = Reader { text, at: 0 };
            assert_eq!(r.length().unwrap(), n);
            assert_eq!(r.at, buf.len());
        }
    }

    #[test]
    fn long_cells_of_chinese_text_survive_the_round_trip() {
        let mut h = sample();
        h.measures = "整改".repeat(5000).into();
        assert_eq!(read(&packed(std::slice::from_ref(&h))).unwrap(), vec![h]);
    }

    #[test]
    fn every_truncation_is_an_error_not_a_panic() {
        let bytes = packed(&numbered(3));
        for len in 0..bytes.len() {
            assert!(
                read(&bytes[..len]).is_err(),
                "{len} of {} bytes",
                bytes.len()
            );
        }
    }

    #[test]
    fn an_index_counting_more_records_than_the_file_holds_is_refused() {
        let mut bytes = packed(&numbered(3));
        let trailer = bytes.len() - 8;
        let index =
            usize::try_from(u64::from_le_bytes(bytes[trailer..].try_into().unwrap())).unwrap();
        // One chunk still, but CHUNK records claimed instead of three.
        bytes[index..index + 8].copy_from_slice(&(CHUNK as u64).to_le_bytes());
        let e = format!("{:#}", read(&bytes).unwrap_err());
        assert!(e.contains("more than the file holds"), "{e}");
    }

    #[test]
    fn columns_are_matched_by_name_so_unknown_ones_are_skipped() {
        // A table from a later version with one more column, before `id`.
        let h = sample();
        let mut buf = MAGIC.to_vec();
        length(&mut buf, COLUMNS.len() + 1);
        cell(&mut buf, b"photo");
        for name in COLUMNS {
            cell(&mut buf, name.as_bytes());
        }
        let start = buf.len() as u64;
        cell(&mut buf, "照片.jpg".as_bytes());
        table::each_cell(&h, |b| cell(&mut buf, b));
        let index = buf.len() as u64;
        for n in [1, 1, start, index] {
            buf.extend(n.to_le_bytes());
        }
        assert_eq!(read(&buf).unwrap(), vec![h]);
    }

    proptest! {
        #[test]
        fn damaged_bytes_never_panic(at in 0usize..4096, byte: u8) {
            let mut bytes = packed(&numbered(3));
            let at = at % bytes.len();
            bytes[at] = byte;
            let _ = read(&bytes);
        }
    }
}
