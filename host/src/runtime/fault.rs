//! How a call into a plugin can fail. Every variant ends in the same place
//! for the patient — the safe fallback — but is recorded precisely for the
//! vendor and the practice.

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fault {
    /// The guest trapped (unreachable, out-of-bounds access, ...).
    Trap(String),
    /// The guest ran past the turn deadline (e.g. an infinite loop).
    Timeout,
    /// The guest tried to grow memory past the cap.
    MemoryExhausted,
    /// The guest panicked; the message is the first line it printed.
    Panic(String),
    /// The plugin returned `err` from the export.
    PluginError(String),
    /// The plugin broke a sandbox bound on output (too many actions, an
    /// oversized text, state or queue item) or answered on the wrong channel.
    OutputViolation(String),
    /// The plugin returned successfully but gave the patient nothing.
    Silent,
    /// The component could not be instantiated.
    Instantiation(String),
}

impl Fault {
    /// A stable, data-free name for logs, metrics and audit.
    pub fn kind(&self) -> &'static str {
        match self {
            Fault::Trap(_) => "trap",
            Fault::Timeout => "timeout",
            Fault::MemoryExhausted => "memory",
            Fault::Panic(_) => "panic",
            Fault::PluginError(_) => "plugin-error",
            Fault::OutputViolation(_) => "output-violation",
            Fault::Silent => "silent",
            Fault::Instantiation(_) => "instantiation",
        }
    }

    pub fn detail(&self) -> String {
        match self {
            Fault::Trap(d)
            | Fault::Panic(d)
            | Fault::PluginError(d)
            | Fault::OutputViolation(d)
            | Fault::Instantiation(d) => d.clone(),
            Fault::Timeout => "the turn deadline passed".into(),
            Fault::MemoryExhausted => "the memory cap was reached".into(),
            Fault::Silent => "the plugin produced no reply".into(),
        }
    }
}

impl fmt::Display for Fault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.kind(), self.detail())
    }
}

/// The panic message from a Rust guest's stderr (`panicked at src/x.rs:1:2:\nmsg`).
pub(super) fn panic_message(stderr: &str) -> Option<String> {
    let start = stderr.find("panicked at")?;
    let text: String = stderr[start..].lines().take(2).collect::<Vec<_>>().join(" ");
    Some(text.chars().take(300).collect())
}
