//! `patients`: identification against the practice's directory. The
//! directory is not held by this host yet, so lookups answer `unavailable`
//! and plugins route the caller to staff instead.

use super::HostState;
use crate::runtime::bindings::{Capability, HostError, switchboard::plugin::patients};

impl patients::Host for HostState {
    fn lookup(
        &mut self,
        _query: patients::LookupQuery,
    ) -> wasmtime::Result<Result<Option<patients::Patient>, HostError>> {
        if let Err(e) = self.require(Capability::Patients) {
            return Ok(Err(e));
        }
        Ok(Err(HostError::Unavailable("the patient directory is not available on this host yet".into())))
    }
}
