//! The guest components built by this crate's build script.
//!
//! `PAIN_MANAGEMENT` is bundled into the host for the demo practice. The
//! fixtures — `HOSTILE_PLUGIN` (misbehaves on command), `VERSIONED_PLUGIN_V1`
//! and `_V2` (one plugin in two versions, for install, swap and rollback) —
//! and `PLUGIN_TEMPLATE` (the SDK's template, built to prove it builds) are
//! used by tests only, so they are never linked into a binary that ships.

include!(concat!(env!("OUT_DIR"), "/components.rs"));

/// The demo practice's pain-management config (TOML), documented in place.
pub const PAIN_MANAGEMENT_DEMO_CONFIG: &str = include_str!("../../pain-management/demo-config.toml");
