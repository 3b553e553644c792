//! The ids the tool assigns (`YH-2022-0001`), to where their hazards sit in
//! the store, and the next number of each year.
//!
//! The tool numbers each year's hazards 1, 2, 3 …, so a year's positions
//! are kept in a vector by number. A million-row import then appends a
//! million positions in order, where a hash table took a random write into
//! tens of megabytes per row on the merge, the busiest thread. A number
//! far beyond its year's run, as only a hand-edited store could hold, goes
//! to a map instead, so it cannot make the vector huge.

use foldhash::HashMap;

/// How far past a year's run of numbers the vector still stretches to hold
/// one; a number further out goes to the map.
const STRETCH: u32 = 4096;

/// Assigned ids to positions.
#[derive(Default)]
pub struct Numbers {
    years: HashMap<i32, Year>,
}

#[derive(Default)]
struct Year {
    /// Position of number `n` at `n - 1`.
    run: Vec<Option<u32>>,
    /// Numbers beyond the run's reach when they were placed.
    scattered: HashMap<u32, usize>,
    /// One more than the highest number seen.
    next: u32,
}

impl Numbers {
    /// Places `YH-{year}-{n}` at `position`; a later placing of the same id
    /// wins.
    pub fn place(&mut self, year: i32, n: u32, position: usize) {
        let y = self.years.entry(year).or_default();
        if let Some(after) = n.checked_add(1) {
            y.next = y.next.max(after);
        }
        let Some(slot) = n.checked_sub(1) else {
            y.scattered.insert(n, position);
            return;
        };
        let within = y.run.len() as u64 + u64::from(STRETCH);
        match u32::try_from(position) {
            Ok(p) if u64::from(slot) < within => {
                let slot = slot as usize;
                if slot >= y.run.len() {
                    y.run.resize(slot + 1, None);
                }
                y.run[slot] = Some(p);
                if !y.scattered.is_empty() {
                    y.scattered.remove(&n);
                }
            }
            _ => {
                if let Some(held) = y.run.get_mut(slot as usize) {
                    *held = None;
                }
                y.scattered.insert(n, position);
            }
        }
    }

    /// Where `YH-{year}-{n}` sits.
    pub fn get(&self, year: i32, n: u32) -> Option<usize> {
        let y = self.years.get(&year)?;
        let in_run = n
            .checked_sub(1)
            .and_then(|slot| y.run.get(slot as usize).copied().flatten());
        in_run
            .map(|p| p as usize)
            .or_else(|| y.scattered.get(&n).copied())
    }

    /// The number the next new hazard of `year` gets, which it then takes.
    pub fn take_next(&mut self, year: i32) -> u32 {
        let y = self.years.entry(year).or_default();
        let n = y.next.max(1);
        y.next = n.saturating_add(1);
        n
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_taken_in_turn_are_found_where_they_were_placed() {
        let mut numbers = Numbers::default();
        for position in 0..10_000 {
            let n = numbers.take_next(2022);
            assert_eq!(n as usize, position + 1);
            numbers.place(2022, n, position);
        }
        assert_eq!(numbers.get(2022, 1), Some(0));
        assert_eq!(numbers.get(2022, 10_000), Some(9_999));
        assert_eq!(numbers.get(2022, 10_001), None);
        assert_eq!(numbers.get(2023, 1), None);
        assert_eq!(numbers.take_next(2023), 1, "each year counts from one");
    }

    #[test]
    fn a_number_far_ahead_is_held_without_stretching_the_run() {
        let mut numbers = Numbers::default();
        numbers.place(2022, 1, 0);
        numbers.place(2022, 4_000_000_000, 1);
        numbers.place(2022, 0, 2);
        assert!(numbers.years[&2022].run.len() < 10, "the run stays short");
        assert_eq!(numbers.get(2022, 4_000_000_000), Some(1));
        assert_eq!(numbers.get(2022, 0), Some(2));
        assert_eq!(numbers.get(2022, 1), Some(0));
        assert_eq!(numbers.get(2022, 2), None);
        assert_eq!(numbers.take_next(2022), 4_000_000_001);
    }

    #[test]
    fn the_next_number_follows_the_highest_placed_and_a_gap_is_not_refilled() {
        let mut numbers = Numbers::default();
        numbers.place(2022, 7, 0);
        numbers.place(2022, 3, 1);
        assert_eq!(numbers.get(2022, 3), Some(1));
        assert_eq!(numbers.get(2022, 5), None);
        assert_eq!(numbers.take_next(2022), 8);
        assert_eq!(numbers.take_next(2022), 9);
    }

    #[test]
    fn the_latest_placing_of_an_id_wins_wherever_it_was_held() {
        let mut numbers = Numbers::default();
        numbers.place(2022, 6000, 0);
        assert!(numbers.years[&2022].run.is_empty(), "first held in the map");
        for n in 1..6000 {
            numbers.place(2022, n, n as usize);
        }
        numbers.place(2022, 6000, 9);
        assert_eq!(numbers.get(2022, 6000), Some(9));
        numbers.place(2022, 5, 42);
        assert_eq!(numbers.get(2022, 5), Some(42));
    }
}
