//! The guest components built by this crate's build script.
//!
//! `PAIN_MANAGEMENT` is bundled into the host for the demo practice. The
//! rest are used by tests only, so they are never linked into a binary that
//! ships:
//! - `HOSTILE_PLUGIN` misbehaves on command;
//! - `VERSIONED_PLUGIN_V1` and `_V2` are one plugin in two versions, for
//!   install, swap and rollback;
//! - `PLUGIN_TEMPLATE` is the SDK's template, built to prove it builds;
//! - `CONTRACT_V0_1_PLUGIN` is the template's conversation built against
//!   the previous minor version of the contract (`wit/v0.1`).

include!(concat!(env!("OUT_DIR"), "/components.rs"));

/// The demo practice's pain-management config (TOML), documented in place.
pub const PAIN_MANAGEMENT_DEMO_CONFIG: &str = include_str!("../../pain-management/demo-config.toml");
