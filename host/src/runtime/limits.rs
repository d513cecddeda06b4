//! Per-turn sandbox limits: what one instance of a plugin may use and
//! produce. Exceeding any of them is a fault (safe fallback, callback item,
//! audit), never a partial answer.

use std::time::Duration;

#[derive(Debug, Clone)]
pub struct TurnLimits {
    /// Linear memory one instance may grow to.
    pub memory_bytes: usize,
    /// Wall-clock budget for one call into the plugin.
    pub deadline: Duration,
    /// Actions (say, ask, reply, transfer, hang-up) per turn.
    pub max_actions: usize,
    /// Characters in one reply, sentence or prompt.
    pub max_text_chars: usize,
    /// Queue items one turn may create.
    pub max_queue_items: usize,
    /// Encoded size of one queue item (summary and fields).
    pub max_queue_item_bytes: usize,
    /// Audit events and log lines one turn may emit.
    pub max_events: usize,
    /// Conversation state the plugin may hand back.
    pub max_state_bytes: usize,
    /// Guest stderr kept (for panic messages).
    pub max_stderr_bytes: usize,
    /// Recognition hints kept per `ask` (extra ones are dropped, not fatal).
    pub max_hints: usize,
}

impl Default for TurnLimits {
    fn default() -> Self {
        TurnLimits {
            memory_bytes: 64 << 20,
            deadline: Duration::from_millis(500),
            max_actions: 16,
            max_text_chars: 1600,
            max_queue_items: 8,
            max_queue_item_bytes: 16 << 10,
            max_events: 32,
            max_state_bytes: 64 << 10,
            max_stderr_bytes: 4 << 10,
            max_hints: 100,
        }
    }
}

/// How often the engine-wide ticker advances the epoch; deadlines are
/// counted in these ticks.
pub const EPOCH_TICK: Duration = Duration::from_millis(5);

impl TurnLimits {
    pub fn deadline_ticks(&self) -> u64 {
        (self.deadline.as_millis() / EPOCH_TICK.as_millis()).max(1) as u64
    }
}
