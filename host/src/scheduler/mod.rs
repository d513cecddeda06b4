//! The scheduler: work that happens after a turn, on the host's own time.
//! The outbox worker (texts and outreach calls out through the practice's
//! gateway, with retries, idempotency and quiet hours) and the timer worker (plugins'
//! durable timers, fired once into `on-task`).

mod gateway;
pub mod http;
mod outbox;
pub mod paging;
mod quiet;
mod timers;

pub use outbox::{Callbacks, OutboxWorker, backoff_ms};
pub use paging::PageWorker;
pub use quiet::{next_allowed, parse_hhmm};
pub use timers::TimerWorker;
