//! The Wasm runtime: one shared engine with the pooling allocator and an
//! engine-wide epoch ticker, components compiled once and cached, and a
//! fresh, limited store for every call into a plugin.
//!
//! Invariants:
//! - No call into guest code runs without a memory cap and a deadline.
//! - A guest failure of any kind comes back as a [`Fault`], never a panic or
//!   an error that could take the host down.

pub mod bindings;
pub mod contract;
mod engine;
mod fault;
pub mod limits;
mod link;
mod plugin;
mod slots;

pub use engine::{MAX_CONCURRENT_INSTANCES, Runtime, RuntimeError, content_hash};
pub use fault::Fault;
pub use plugin::{CallOutput, LoadedPlugin, PluginDescription};
pub use slots::{LoadedSlot, PluginSlots};
