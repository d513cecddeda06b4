//! Switchboard: a WebAssembly plugin host for specialty conversation
//! scripts in medical practices. See ARCHITECTURE.md for the map.

pub mod actions;
pub mod capabilities;
pub mod cli;
pub mod clock;
pub mod demo;
pub mod dial_outcome;
pub mod gateways;
pub mod hours;
pub mod language;
pub mod metrics;
pub mod names;
pub mod patients_csv;
pub mod practices;
pub mod registry;
pub mod role_tokens;
pub mod runtime;
pub mod safety;
pub mod scheduler;
pub mod server;
pub mod store;
pub mod tokens;
pub mod transcripts;
pub mod transfer_outcome;
pub mod turn;
