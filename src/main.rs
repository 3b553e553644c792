/// mimalloc: the store and reports allocate a few strings per field for up to
/// a million records, and glibc's allocator spent a fifth of an import freeing them.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    ledger::cli::main()
}
