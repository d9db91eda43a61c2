//! Where a rebuild's time goes: with `CAPSULE_SERVE_TIMINGS=1`, `serve` prints each phase of
//! each rebuild (re-reading, catalogue, pictures, fingerprints, rendering…) to stderr, so
//! that its speed is measured, not guessed. Off, marking a phase costs one check.

use std::cell::RefCell;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// The phases of the rebuild under way, on the thread that runs it.
struct Phases {
    started: Instant,
    last: Instant,
    done: Vec<(&'static str, Duration)>,
}

thread_local! {
    static CURRENT: RefCell<Option<Phases>> = const { RefCell::new(None) };
}

fn enabled() -> bool {
    static ENABLED: OnceLock<bool> = OnceLock::new();
    *ENABLED.get_or_init(|| std::env::var_os("CAPSULE_SERVE_TIMINGS").is_some_and(|v| v != "0"))
}

/// Starts timing a rebuild.
pub fn begin() {
    if enabled() {
        let now = Instant::now();
        CURRENT.with(|current| {
            *current.borrow_mut() = Some(Phases {
                started: now,
                last: now,
                done: Vec::new(),
            })
        });
    }
}

/// Ends the phase `name`: the time since the last mark is its own.
pub fn mark(name: &'static str) {
    if enabled() {
        CURRENT.with(|current| {
            if let Some(phases) = current.borrow_mut().as_mut() {
                let now = Instant::now();
                phases.done.push((name, now - phases.last));
                phases.last = now;
            }
        });
    }
}

/// Prints the phases of the rebuild (one line) and forgets them.
pub fn report() {
    if enabled() {
        if let Some(phases) = CURRENT.with(|current| current.borrow_mut().take()) {
            let parts: Vec<String> = phases
                .done
                .iter()
                .map(|(name, time)| format!("{name} {:.1}", time.as_secs_f64() * 1000.0))
                .collect();
            eprintln!(
                "[timings ms] {} | total {:.1}",
                parts.join(", "),
                phases.started.elapsed().as_secs_f64() * 1000.0
            );
        }
    }
}
