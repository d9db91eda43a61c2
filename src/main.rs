//! The `capsule` command: parse the arguments, run, exit with the contract's code.

/// mimalloc: a build allocates millions of small strings (templates, minifier, index)
/// on every core; glibc's malloc spent a fifth of the build's CPU time on them.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(capsule::cli::run());
}
