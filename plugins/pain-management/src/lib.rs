//! The pain-management specialty plugin for Switchboard.
//!
//! Built for `wasm32-wasip2` it is a component exporting the
//! `switchboard:plugin` world (see `component.rs`); built natively it is a
//! library whose conversation logic the host's benchmark runs as the
//! "same logic compiled natively" baseline, and which unit tests drive
//! turn by turn.
//!
//! - [`config`]: the practice's TOML config, checked and prepared once.
//! - [`medications`]: the controlled-substance list and medication lookup.
//! - [`procedures`]: the practice's procedure catalogue and lookup.
//! - [`recognise`]: what a message is about ([`classify`]).
//! - [`conversation`]: the conversation state machine (pure).
//! - [`host`]: the [`Host`] seam the conversation acts through, and a
//!   recording implementation.

pub mod config;
pub mod conversation;
pub mod host;
pub mod medications;
pub mod procedures;
pub mod recognise;

#[cfg(target_arch = "wasm32")]
mod component;

pub use config::PreparedConfig;
pub use conversation::State;
pub use host::Host;
#[cfg(not(target_arch = "wasm32"))]
pub use host::{Action, RecordingHost};
pub use recognise::classify;
pub use switchboard_sdk::{ConfigError, Turn, TurnOutcome};

/// Check a practice's TOML config and return its prepared, encoded form —
/// what `validate-config` returns and `practice.config` hands back.
pub fn prepare_config(toml: &str) -> Result<Vec<u8>, Vec<ConfigError>> {
    config::prepare(toml).map(|c| c.encode())
}

/// Run one turn: decode the state the host kept (none or empty on a new
/// conversation), handle the turn through `host`, and return the new state.
///
/// The component's `handle-turn` is this function over the real imports;
/// natively it is the baseline the host benchmarks the component against
/// (pair it with [`PreparedConfig::decode`] to include the per-turn config
/// decode the component does).
pub fn run_turn_native(
    config: &PreparedConfig,
    turn: &Turn,
    state: Option<&[u8]>,
    host: &mut impl Host,
) -> Result<TurnOutcome, String> {
    let state = match state {
        // State an earlier version of this plugin wrote may not read back
        // (a field added): the conversation starts over, rather than every
        // turn of it failing until it expires.
        Some(bytes) if !bytes.is_empty() => State::decode(bytes).unwrap_or_else(|error| {
            host.audit("conversation.state-reset", &[("reason", error.as_str())]);
            State::default()
        }),
        _ => State::default(),
    };
    let outcome = conversation::handle(config, turn, state, host)?;
    let state = if outcome.finished { Vec::new() } else { outcome.state.encode() };
    Ok(TurnOutcome { state, finished: outcome.finished })
}
