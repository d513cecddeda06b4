//! Understanding: what a message means, beyond the phrases anyone listed.
//!
//! A pretrained sentence model (all-MiniLM-L6-v2) distilled at development
//! time into a static token table (`model/`, made by `distill/distill.py`):
//! a message's embedding is the weighted mean of its WordPiece tokens'
//! vectors, so it costs microseconds, runs offline, is pure Rust and gives
//! the same answer every time. On top of it, [`ExampleSet`] classifies a
//! message against labelled examples by the nearest example per label,
//! over the whole message and over each short window of it (an emergency
//! in one clause of a long message must not be averaged away).
//!
//! The host uses it behind its safety net and offers it to plugins
//! (`understanding.classify` in the contract); nothing here knows about
//! either. The [`Embedder`] trait is the seam: a full transformer, or
//! another model, is a second implementation.

mod classify;
#[cfg(feature = "contextual")]
pub mod contextual;
mod embed;
mod table;
mod tokenize;

pub use classify::{Example, ExampleSet, LabelScore, Match};
pub use embed::{Embedder, Embedding};
pub use table::{ModelError, StaticEmbedder};
pub use tokenize::{Token, WordPiece};

/// The table distilled from all-MiniLM-L6-v2, shipped with the crate.
pub fn bundled() -> &'static StaticEmbedder {
    table::bundled()
}
