//! `switchboard test FILES…`: play transcript files against a real plugin
//! component in the real sandbox, through the real turn pipeline (a
//! throwaway data directory), and report a readable diff for each failure.
//!
//! Besides what each transcript asks for, every reply is checked against the
//! clinical guard (no approval, denial, promise or dose language) and no
//! turn may fall back to the host's fault answer unless the transcript says
//! so.

mod format;
mod run;

pub use format::Transcript;
pub use run::{Outcome, PluginUnderTest, Suite, SuiteOptions};
