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
    without_huge_pages();
    std::process::exit(capsule::cli::run());
}

/// No transparent huge pages for this process (what mimalloc's `allow_thp` option does, but
/// that option is read when the allocator starts, before `main`). The kernel zeroed whole
/// 2 MiB pages on first touch, a fifth of a one-edit rebuild's CPU time; without them a
/// build spends 15-35 % less system time and holds 25-30 MB less at 10 000 videos.
fn without_huge_pages() {
    #[cfg(target_os = "linux")]
    // SAFETY: PR_SET_THP_DISABLE only sets a flag of this process; failure (an old kernel)
    // leaves huge pages on, which is only slower.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}
