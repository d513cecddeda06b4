//! The host's clock. Everything that needs "now" asks here.
//!
//! Tests (and demos) can move it forward: when the server starts with
//! `SWITCHBOARD_TEST_CLOCK=1`, `POST /v1/test/clock` advances an offset added
//! to the system time, so timers and reminders days ahead can be exercised
//! against the real binary. Without that variable the route does not exist.

use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

static OFFSET_MS: AtomicI64 = AtomicI64::new(0);

/// Milliseconds since the Unix epoch, UTC (plus any test offset).
pub fn now_ms() -> i64 {
    let system = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_millis() as i64).unwrap_or(0);
    system + OFFSET_MS.load(Ordering::Relaxed)
}

/// Move the clock forward (never backward); returns the new offset.
pub fn advance(ms: i64) -> i64 {
    OFFSET_MS.fetch_add(ms.max(0), Ordering::Relaxed) + ms.max(0)
}

/// Whether this process allows moving the clock.
pub fn controllable() -> bool {
    std::env::var("SWITCHBOARD_TEST_CLOCK").is_ok_and(|v| v == "1")
}

/// Set the clock to `at_ms` for the transcript runner, which plays one
/// transcript at a time in its own process ("at" in a transcript file);
/// the returned guard puts the clock back. The server never calls this.
pub fn pin(at_ms: i64) -> Pinned {
    let system = now_ms() - OFFSET_MS.load(Ordering::Relaxed);
    let previous = OFFSET_MS.swap(at_ms - system, Ordering::Relaxed);
    Pinned { previous }
}

/// Restores the clock offset when dropped.
pub struct Pinned {
    previous: i64,
}

impl Drop for Pinned {
    fn drop(&mut self) {
        OFFSET_MS.store(self.previous, Ordering::Relaxed);
    }
}
