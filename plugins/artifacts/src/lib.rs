//! The guest components built by this crate's build script.
//!
//! `PAIN_MANAGEMENT` is bundled into the host for the demo practice; the
//! `HOSTILE_PLUGIN` fixture is used by tests only, through its path, so it is
//! never linked into a binary that ships.

include!(concat!(env!("OUT_DIR"), "/components.rs"));

/// The demo practice's pain-management config (TOML), documented in place.
pub const PAIN_MANAGEMENT_DEMO_CONFIG: &str = include_str!("../../pain-management/demo-config.toml");
