//! Spreading a long job over the cores while keeping its order.
//!
//! [`pipelined`]: two stages on two threads. An import reads and checks rows
//! (the first stage) and merges them into the store (the second); run one
//! after the other they leave a core idle, so the stages overlap and the
//! records flow between them in order, in the batches they were built in.
//!
//! [`both`]: two independent passes at once, one on a second core.
//!
//! [`fanned_out`]: one stage on several threads. Rows are read in order on
//! one thread, but building a record from a row needs nothing from any other
//! row; batches of rows go to workers and their results come back in the
//! order the batches were sent.

use std::collections::BTreeMap;
use std::panic::AssertUnwindSafe;
use std::sync::{Mutex, mpsc};
use std::thread;

/// Rows per batch: enough that a channel's cost is per batch, not per
/// record; few enough that the stages start working together at once.
pub const BATCH: usize = 512;

/// Items in flight: bounds the memory of a producer faster than its consumer.
const IN_FLIGHT: usize = 8;

/// Runs `other` on a second thread while `here` runs on this one, and
/// returns both results; a panic in `other` resumes here.
pub fn both<A: Send, B>(other: impl FnOnce() -> A + Send, here: impl FnOnce() -> B) -> (A, B) {
    thread::scope(|scope| {
        let other = scope.spawn(other);
        let here = here();
        let other = other
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (other, here)
    })
}

/// Runs `produce` on another thread and `consume` on this one, which keeps
/// what `consume` holds (a store's prepared statements, which may not cross
/// threads) where it was made. Every item `produce` hands to its sender
/// reaches `consume` in the order sent. An item crosses a channel alone, so
/// it should be a batch of work. Returns what each stage returned; a panic in
/// `produce` resumes here.
pub fn pipelined<T, P, R>(
    produce: impl FnOnce(&mut dyn FnMut(T)) -> P + Send,
    consume: impl FnOnce(&mut dyn Iterator<Item = T>) -> R,
) -> (P, R)
where
    T: Send,
    P: Send,
{
    let (tx, rx) = mpsc::sync_channel::<T>(IN_FLIGHT);
    thread::scope(|scope| {
        let producer = scope.spawn(move || {
            produce(&mut |item| {
                // Fails only when the consumer has stopped early (an error
                // writing), after which the rest is not wanted.
                let _ = tx.send(item);
            })
        });
        let consumed = consume(&mut rx.into_iter());
        let produced = producer
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (produced, consumed)
    })
}

/// Runs `drive` on this thread with a [`Fanout`] whose jobs `work` does on
/// `workers` threads (at least one). Returns what `drive` returned; a panic in
/// `work` resumes in `drive` when that job's result is due.
pub fn fanned_out<J: Send, D: Send, R>(
    workers: usize,
    work: impl Fn(J) -> D + Sync,
    drive: impl FnOnce(&mut Fanout<J, D>) -> R,
) -> R {
    let (jobs_tx, jobs_rx) = mpsc::sync_channel::<(u64, J)>(IN_FLIGHT);
    let (done_tx, done_rx) = mpsc::channel();
    let jobs_rx = Mutex::new(jobs_rx);
    thread::scope(|scope| {
        for _ in 0..workers.max(1) {
            let (done_tx, jobs_rx, work) = (done_tx.clone(), &jobs_rx, &work);
            scope.spawn(move || {
                // The lock is held only while waiting for a job, never
                // while working, so it cannot be poisoned by `work`.
                while let Ok(Ok((seq, job))) = jobs_rx.lock().map(|rx| rx.recv()) {
                    let done = std::panic::catch_unwind(AssertUnwindSafe(|| work(job)));
                    if done_tx.send((seq, done)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(done_tx);
        let mut fanout = Fanout {
            jobs: jobs_tx,
            done: done_rx,
            sent: 0,
            due: 0,
            early: BTreeMap::new(),
        };
        // Dropping the fanout closes the jobs channel: the workers end.
        drive(&mut fanout)
    })
}

/// Hands jobs to the workers of [`fanned_out`] and their results back in
/// the order the jobs were submitted.
pub struct Fanout<J, D> {
    jobs: mpsc::SyncSender<(u64, J)>,
    done: mpsc::Receiver<(u64, thread::Result<D>)>,
    /// Jobs submitted, and results delivered: `due` is the next to deliver.
    sent: u64,
    due: u64,
    /// Results that arrived before one submitted earlier.
    early: BTreeMap<u64, D>,
}

impl<J, D> Fanout<J, D> {
    /// Submits a job, and hands `deliver` every result now due, in order.
    /// Waits for results while [`IN_FLIGHT`] jobs are outstanding, which
    /// bounds the memory held by a reader faster than its workers.
    pub fn submit(&mut self, job: J, deliver: &mut dyn FnMut(D)) {
        while self.sent - self.due >= IN_FLIGHT as u64 {
            self.wait(deliver);
        }
        // Never full (at most IN_FLIGHT outstanding) and never closed while
        // this fanout lives: workers stop only when it is dropped.
        let _ = self.jobs.send((self.sent, job));
        self.sent += 1;
        while let Ok((seq, done)) = self.done.try_recv() {
            self.arrived(seq, done);
        }
        self.deliver_ready(deliver);
    }

    /// Waits for every outstanding result and hands each to `deliver`, in order.
    pub fn finish(&mut self, deliver: &mut dyn FnMut(D)) {
        while self.due < self.sent {
            self.wait(deliver);
        }
    }

    /// Delivers the next result due, waiting for it if it has not arrived.
    fn wait(&mut self, deliver: &mut dyn FnMut(D)) {
        while !self.early.contains_key(&self.due) {
            let (seq, done) = self
                .done
                .recv()
                .expect("workers live as long as the fanout and answer every job");
            self.arrived(seq, done);
        }
        self.deliver_ready(deliver);
    }

    fn arrived(&mut self, seq: u64, done: thread::Result<D>) {
        match done {
            Ok(d) => {
                self.early.insert(seq, d);
            }
            Err(panic) => std::panic::resume_unwind(panic),
        }
    }

    fn deliver_ready(&mut self, deliver: &mut dyn FnMut(D)) {
        while let Some(d) = self.early.remove(&self.due) {
            self.due += 1;
            deliver(d);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_returns_each_result_and_a_panic_on_the_second_core_reaches_the_caller() {
        let here = std::thread::current().id();
        let (other, mine) = both(
            || std::thread::current().id(),
            || std::thread::current().id(),
        );
        assert_eq!(mine, here);
        assert_ne!(other, here);
        let result = std::panic::catch_unwind(|| both(|| panic!("other"), || 1));
        assert!(result.is_err());
    }

    #[test]
    fn every_item_arrives_in_order_and_both_results_return() {
        for n in [0, 1, IN_FLIGHT - 1, IN_FLIGHT, IN_FLIGHT * 30 + 7] {
            let (sent, received) = pipelined(
                |send| {
                    (0..n).for_each(&mut *send);
                    n
                },
                |items| items.collect::<Vec<usize>>(),
            );
            assert_eq!(sent, n);
            assert_eq!(received, (0..n).collect::<Vec<_>>());
        }
    }

    #[test]
    fn the_consumer_runs_here_and_a_producer_that_panics_panics_the_caller() {
        let here = std::thread::current().id();
        let (producer, consumer) = pipelined(
            |send| {
                send(());
                std::thread::current().id()
            },
            |items| {
                items.for_each(drop);
                std::thread::current().id()
            },
        );
        assert_eq!(
            consumer, here,
            "what the consumer holds stays on its thread"
        );
        assert_ne!(producer, here);
        let result = std::panic::catch_unwind(|| {
            pipelined(
                |send| {
                    send(1);
                    panic!("producer failed")
                },
                |items: &mut dyn Iterator<Item = usize>| items.sum::<usize>(),
            )
        });
        assert!(result.is_err());
    }

    #[test]
    fn a_consumer_that_panics_panics_the_caller_instead_of_hanging() {
        let result = std::panic::catch_unwind(|| {
            pipelined(
                |send| (0..IN_FLIGHT * 40).for_each(&mut *send),
                |items: &mut dyn Iterator<Item = usize>| {
                    items.next();
                    panic!("consumer failed")
                },
            )
        });
        assert!(result.is_err());
    }

    #[test]
    fn fanned_out_results_come_back_in_submission_order() {
        for workers in [1, 2, 4] {
            let delivered = fanned_out(
                workers,
                |job: Vec<u64>| {
                    // Later jobs finish first: order must not come from timing.
                    let wait = 200u64.saturating_sub(job[0]) % 7;
                    std::thread::sleep(std::time::Duration::from_micros(wait * 50));
                    job.into_iter().map(|n| n * 2).collect::<Vec<_>>()
                },
                |fan| {
                    let mut out = Vec::new();
                    for first in (0..200u64).step_by(3) {
                        fan.submit(vec![first, first + 1, first + 2], &mut |d| out.extend(d));
                    }
                    fan.finish(&mut |d| out.extend(d));
                    out
                },
            );
            let expected: Vec<u64> = (0..201u64).map(|n| n * 2).collect();
            assert_eq!(delivered, expected, "{workers} workers");
        }
    }

    #[test]
    fn a_panicking_job_panics_the_driver_instead_of_hanging() {
        let result = std::panic::catch_unwind(|| {
            fanned_out(
                2,
                |n: u32| if n == 5 { panic!("job failed") } else { n },
                |fan| {
                    let mut sum = 0;
                    for n in 0..50 {
                        fan.submit(n, &mut |d| sum += d);
                    }
                    fan.finish(&mut |d| sum += d);
                    sum
                },
            )
        });
        assert!(result.is_err());
    }

    #[test]
    fn a_driver_that_stops_early_leaves_no_worker_behind() {
        let got = fanned_out(
            2,
            |n: u32| n,
            |fan| {
                for n in 0..20 {
                    fan.submit(n, &mut |_| {});
                }
                "stopped without finishing"
            },
        );
        assert_eq!(got, "stopped without finishing");
    }
}
