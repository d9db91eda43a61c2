//! The `capsule` command: parse the arguments, run, exit with the code `docs/commands.md` lists.

/// mimalloc: a build allocates millions of small strings (templates, minifier, index)
/// on every core; glibc's malloc spent a fifth of the build's CPU time on them.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_purge_delay` in mimalloc.h (v2 and v3): how long freed memory is kept before
/// it goes back to the system.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

fn main() {
    // Keep freed memory: each `serve` rebuild frees a catalogue and allocates the next;
    // handing the pages back and faulting them in again (zeroed) cost 40–70 ms per save
    // on 10 000 videos. A one-shot build reuses the memory the same way.
    // SAFETY: sets a process-wide option before any other thread exists.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1) };
    std::process::exit(capsule::cli::run());
}
