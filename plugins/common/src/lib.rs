//! Specialty-agnostic conversation building blocks for Switchboard plugins.
//!
//! Everything here is plain Rust with no dependency on the SDK or on Wasm, so
//! it is tested natively and shared by every specialty plugin:
//!
//! - [`normalize`]: turn a text message or a speech-recognition result into
//!   comparable tokens (case, punctuation, text-speak, words split by ASR).
//! - [`fuzzy`]: bounded edit distance with the house typo tolerance.
//! - [`intent`]: a deterministic phrase matcher over those tokens.
//! - [`guard`]: the outbound guard every reply passes through, so no reply
//!   approves, denies, promises or discusses dose, whatever produced it.
//! - [`phone`]: find a callback number in typed or spoken input.
//! - [`parse`]: dates of birth, yes/no, times of day.
//! - [`form`]: slot filling over several turns (several answers at once,
//!   reworded re-prompts, corrections, handing over after failed tries).

pub mod calendar;
pub mod form;
pub mod fuzzy;
pub mod guard;
pub mod intent;
pub mod normalize;
pub mod parse;
pub mod phone;
