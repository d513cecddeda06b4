//! The plugin registry: vendors publish packages, practices install,
//! upgrade and roll back versions, and every check happens before anything
//! goes live.
//!
//! - [`package`]: the one-file package format (tar: component, manifest,
//!   conversation tests, optional signature).
//! - [`signing`]: ed25519 vendor signatures over the package digest.
//! - [`publish`]: checks a package (contract version, world, `describe`,
//!   tests parse, signature) and stores it content-addressed, precompiled.
//! - [`install`]: per-practice install, rollback and history, with the
//!   practice's policy (granted capabilities, trusted vendor keys), the
//!   version's own config validation and its shipped conversation tests,
//!   then one atomic switch.
//!
//! Invariants:
//! - Nothing is stored for a rejected publish or install.
//! - A practice's active version only ever changes in one sled transaction
//!   together with its history entry ([`crate::store::Store::switch_plugin`]).
//! - An installed version asks for no capability the practice has not
//!   granted (install refuses it); calls are also checked against the
//!   grants at run time, so a narrowed policy answers `denied`.

pub mod install;
pub mod package;
pub mod publish;
pub mod signing;

use crate::practices::ConfigProblem;

/// Why a publish or an install was refused.
#[derive(Debug, thiserror::Error)]
pub enum RegistryError {
    /// The package or component is not acceptable (422).
    #[error("{0}")]
    Rejected(String),
    /// The version's `validate-config` refused the practice's config (422).
    #[error("the plugin rejected the config")]
    Config(Vec<ConfigProblem>),
    /// The version's shipped conversation tests failed with this config (422).
    #[error("{failed} of {total} shipped conversation tests failed with this practice's config")]
    TestsFailed { failed: usize, total: usize, failures: Vec<TestFailure> },
    /// The practice's policy does not allow it (422).
    #[error("{0}")]
    Policy(String),
    #[error("{0}")]
    Invalid(String),
    #[error("{0} not found")]
    NotFound(String),
    #[error("{0}")]
    Conflict(String),
    #[error("internal error: {0}")]
    Internal(String),
}

/// One failed shipped test, as the installer sees it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct TestFailure {
    pub test: String,
    pub failures: Vec<String>,
}

impl From<crate::store::StoreError> for RegistryError {
    fn from(e: crate::store::StoreError) -> Self {
        use crate::store::StoreError;
        match e {
            StoreError::NotFound(what) => RegistryError::NotFound(what),
            StoreError::Conflict(what) => RegistryError::Conflict(what),
            StoreError::Invalid(what) => RegistryError::Invalid(what),
            other => RegistryError::Internal(other.to_string()),
        }
    }
}

impl From<crate::runtime::RuntimeError> for RegistryError {
    fn from(e: crate::runtime::RuntimeError) -> Self {
        use crate::runtime::RuntimeError;
        match e {
            RuntimeError::Store(e) => e.into(),
            RuntimeError::Engine(e) => RegistryError::Internal(e),
            other => RegistryError::Rejected(other.to_string()),
        }
    }
}

impl From<package::PackageError> for RegistryError {
    fn from(e: package::PackageError) -> Self {
        RegistryError::Rejected(e.to_string())
    }
}
