/// mimalloc: the store and reports allocate a few strings per field for up to
/// a million records; glibc's allocator spent a fifth of an import freeing them.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_purge_delay` in the mimalloc sources libmimalloc-sys 0.1.49
/// builds (the same in its v2 and v3); the crate names no constant for it.
/// The test below holds the number to the option.
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

fn main() -> std::process::ExitCode {
    keep_freed_memory();
    ledger::cli::main()
}

/// Tells mimalloc never to hand freed memory back to the system while the
/// command runs. By default it does so a second after it is freed, and a
/// long import then asks for it again: the kernel zeroes every page anew,
/// which varied a million-row import's system time from 0.3 s to 1.2 s
/// between runs. A command is short-lived and its peak is what it holds at
/// once (the million-row import's rose from 1.14 to 1.17 GB); everything
/// goes back when it exits.
fn keep_freed_memory() {
    // SAFETY: called before any other thread exists, as mi_option_set requires.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, -1) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_option_set_is_the_purge_delay() {
        // SAFETY: reading an option; no other thread of this test binary sets one.
        let default = unsafe { libmimalloc_sys::mi_option_get(PURGE_DELAY) };
        // mimalloc v3's default purge delay, in milliseconds, unless the
        // environment sets it.
        let expected = std::env::var("MIMALLOC_PURGE_DELAY")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(1000);
        assert_eq!(default, expected);
    }
}
