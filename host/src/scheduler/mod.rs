//! The scheduler: work that happens after a turn, on the host's own time.
//! Today that is the outbox worker (texts out through the practice's
//! gateway, with retries, idempotency and quiet hours); durable timers for
//! plugins join it here.

mod gateway;
mod outbox;
mod quiet;

pub use outbox::{OutboxWorker, backoff_ms};
pub use quiet::{next_allowed, parse_hhmm};
