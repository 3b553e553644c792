//! Two stages of a long job on two cores. An import reads and checks rows
//! (the first stage) and merges them into the store (the second); run one
//! after the other they leave a core idle, so the stages overlap and the
//! records flow between them in order, a batch at a time.

use std::sync::mpsc;

/// Items per batch: enough that the channel's cost is per batch, not per
/// record; few enough that the stages start working together at once.
const BATCH: usize = 512;

/// Batches in flight: bounds the memory of a producer faster than its consumer.
const IN_FLIGHT: usize = 8;

/// Runs `produce` on this thread and `consume` on another. Every item
/// `produce` hands to its sender reaches `consume` in the order sent.
/// Returns what each stage returned; a panic in `consume` resumes here.
pub fn pipelined<T, P, R>(
    produce: impl FnOnce(&mut dyn FnMut(T)) -> P,
    consume: impl FnOnce(&mut dyn Iterator<Item = T>) -> R + Send,
) -> (P, R)
where
    T: Send,
    R: Send,
{
    let (tx, rx) = mpsc::sync_channel::<Vec<T>>(IN_FLIGHT);
    std::thread::scope(|scope| {
        let consumer = scope.spawn(move || consume(&mut rx.into_iter().flatten()));
        let mut batch = Vec::with_capacity(BATCH);
        let produced = {
            let mut send = |item| {
                batch.push(item);
                if batch.len() == BATCH {
                    let full = std::mem::replace(&mut batch, Vec::with_capacity(BATCH));
                    // Fails only when the consumer is gone, which it is only
                    // after a panic that the join below resumes.
                    let _ = tx.send(full);
                }
            };
            produce(&mut send)
        };
        if !batch.is_empty() {
            let _ = tx.send(batch);
        }
        drop(tx);
        let consumed = consumer
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (produced, consumed)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_item_arrives_in_order_and_both_results_return() {
        for n in [0, 1, BATCH - 1, BATCH, BATCH * IN_FLIGHT * 3 + 7] {
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
    fn a_consumer_that_panics_panics_the_caller_instead_of_hanging() {
        let result = std::panic::catch_unwind(|| {
            pipelined(
                |send| (0..BATCH * IN_FLIGHT * 4).for_each(&mut *send),
                |items: &mut dyn Iterator<Item = usize>| {
                    items.next();
                    panic!("consumer failed")
                },
            )
        });
        assert!(result.is_err());
    }
}
